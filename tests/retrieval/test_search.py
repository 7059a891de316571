"""Hybrid search: paraphrases, filters, citations, threshold, recency, feedback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from retrieval.models import SearchFilters
from retrieval.search import SearchTuning
from retrieval.service import KnowledgeBase
from tests.retrieval.conftest import MakeKb
from tests.retrieval.documents import write_all

AS_OF = date(2026, 12, 1)


def _loaded(kb: KnowledgeBase, tmp_path: Path) -> KnowledgeBase:
    kb.add_files(write_all(tmp_path / "docs"), "ops@vendor.example")
    return kb


def test_a_paraphrased_question_finds_the_playbook_with_a_citation(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    _loaded(kb, tmp_path)

    result = kb.search("customer usage is dropping before they renew, what now?")

    top = result.passages[0]
    assert result.answered
    assert top.document_id == "playbook:renewal-risk"
    assert top.title == "Renewal risk playbook"
    assert top.heading_path[0] == "Renewal risk playbook"
    assert top.version == 1
    assert top.snippet
    assert top.snippet in top.text
    assert top.similarity >= 0.3
    assert top.date == date.today()


def test_an_account_filter_keeps_only_that_accounts_notes(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    _loaded(kb, tmp_path)

    result = kb.search("single sign-on problems", SearchFilters(account_id="A-2"), k=10)

    notes = [p for p in result.passages if p.kind == "note"]
    assert notes
    assert all(p.account_id == "A-2" for p in notes)
    assert any(p.document_id == "playbook:sso-rollout" for p in result.passages)


def test_kind_stage_audience_and_segment_filters_apply(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    _loaded(kb, tmp_path)

    only_notes = kb.search("single sign-on", SearchFilters(kind="note"), k=10)
    expand = kb.search("grow the account", SearchFilters(stage="expand"), k=10)
    smb = kb.search("single sign-on setup", SearchFilters(segment="smb"), k=10)
    heads = kb.search("agenda", SearchFilters(audience="department_head"), k=10)

    assert {p.kind for p in only_notes.passages} == {"note"}
    assert {p.stage for p in expand.passages if p.kind == "playbook"} <= {
        "expand",
        "any",
    }
    assert "playbook:sso-rollout" not in {p.document_id for p in smb.passages}
    assert "playbook:sso-rollout" not in {p.document_id for p in heads.passages}


def test_an_unrelated_question_gets_no_supporting_document(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    _loaded(kb, tmp_path)

    result = kb.search("what is the best pasta recipe for a dinner party")

    assert not result.answered
    assert result.passages == []
    assert result.reason
    assert result.reason.startswith("no supporting document")


def test_a_draft_playbook_never_reaches_users(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    _loaded(kb, tmp_path)

    result = kb.search("renewal discount approval limit", k=20)

    assert "playbook:draft-discount-policy" not in {
        p.document_id for p in result.passages
    }


def test_recent_account_notes_rank_above_old_ones(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    _loaded(kb, tmp_path)

    result = kb.search(
        "VP of Finance budget review cost comparison",
        SearchFilters(account_id="A-1", kind="note"),
        as_of=AS_OF,
    )

    ranked = [p.document_id for p in result.passages]
    recent = ranked.index("note:A-1:2026-11-20:acme-budget-update")
    old = ranked.index("note:A-1:2025-03-10:acme-qbr-with-finance")
    assert recent < old


def test_feedback_nudges_rank_but_one_vote_cannot_bury_a_passage(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    _loaded(kb, tmp_path)
    question = "single sign-on rollout"
    before = kb.search(question, log_question=False).passages
    top, runner_up = before[0], before[1]

    kb.feedback(top.chunk_id, helpful=False, actor="csm@vendor.example")
    after_one = kb.search(question, log_question=False).passages
    for _ in range(50):
        kb.feedback(runner_up.chunk_id, helpful=True, actor="csm@vendor.example")
        kb.feedback(top.chunk_id, helpful=False, actor="csm@vendor.example")
    after_many = kb.search(question, log_question=False).passages

    ranks = [p.chunk_id for p in after_many]
    assert [p.chunk_id for p in after_one].index(top.chunk_id) <= 1
    assert top.chunk_id in ranks
    assert ranks.index(runner_up.chunk_id) < ranks.index(top.chunk_id)
    # The boost is bounded: at most feedback_weight either way.
    moved = next(p for p in after_many if p.chunk_id == top.chunk_id)
    assert moved.score >= top.score * (1 - SearchTuning().feedback_weight) - 1e-6


def test_the_server_side_nearest_neighbour_path_agrees_with_brute_force(
    make_kb: MakeKb, tmp_path: Path
) -> None:
    brute = _loaded(make_kb(), tmp_path)
    ann = make_kb(SearchTuning(brute_force_limit=0, refresh_seconds=0.0))
    question = "users get a 403 after logging in with SAML"

    expected = brute.search(question, log_question=False).passages
    got = ann.search(question, log_question=False).passages

    assert got[0].chunk_id == expected[0].chunk_id
    assert {p.document_id for p in got} == {p.document_id for p in expected}
