"""End-to-end answers of the deterministic engine on both backends."""

# ruff: noqa: F811  # the shared fixtures are imported, then named as arguments

from __future__ import annotations

from assistant.answers import AskContext
from assistant.engine import Assistant
from assistant.engine.faithfulness import numbers_in
from assistant.evaluation.runner import independent_violations
from tests.assistant.engine_book import (  # noqa: F401  # fixtures
    AS_OF,
    assistant,
    engine_demo_dir,
    services,
)

CTX = AskContext(as_of=AS_OF)


def test_status_answer_cites_every_figure(assistant: Assistant) -> None:
    answer = assistant.answer("How is Acme Corp doing?", CTX)

    assert answer.status == "answered"
    assert answer.intent == "status"
    assert [a.name for a in answer.accounts] == ["Acme Corp"]
    ids = {e.id for e in answer.evidence}
    assert answer.figures
    assert all(f.evidence_id in ids for f in answer.figures)
    assert all(f.text in answer.text for f in answer.figures)
    assert any(e.kind == "tool" and e.name == "score_account" for e in answer.evidence)
    assert 2 <= len(answer.follow_ups) <= 3
    assert not [n for n in answer.notes if n.startswith("faithfulness")]


def test_every_number_in_the_text_is_a_figure_or_in_evidence(
    assistant: Assistant,
) -> None:
    answer = assistant.answer("usage for Initech over the last 14 days", CTX)

    assert answer.window_days == 14
    assert numbers_in(answer.text)
    assert independent_violations(answer) == []


def test_ambiguous_name_asks_back_with_both_candidates(assistant: Assistant) -> None:
    answer = assistant.answer("How is Acme doing?", CTX)

    assert answer.status == "needs_clarification"
    assert {c.name for c in answer.candidates} == {"Acme Corp", "Acme Logistics"}
    assert answer.clarification
    assert not answer.figures


def test_unknown_account_is_no_data_naming_it(assistant: Assistant) -> None:
    answer = assistant.answer("How is Foobar Industries doing?", CTX)

    assert answer.status == "no_data"
    assert "Foobar Industries" in answer.text
    assert not answer.figures


def test_account_without_usage_says_what_is_missing(assistant: Assistant) -> None:
    answer = assistant.answer("How is Harborview Labs doing?", CTX)

    assert answer.status == "no_data"
    assert answer.missing


def test_playbook_question_cites_passages(assistant: Assistant) -> None:
    answer = assistant.answer("What's our process for sev1 escalations?", CTX)

    assert answer.intent == "playbook"
    assert answer.status == "answered"
    passages = [e for e in answer.evidence if e.kind == "passage"]
    assert passages
    assert all(p.account_id is None for p in passages)
    assert "[P1]" in answer.text


def test_portfolio_lists_renewals_with_money_from_the_tools(
    assistant: Assistant,
) -> None:
    answer = assistant.answer("Which accounts renew in the next 400 days?", CTX)

    assert answer.intent == "portfolio"
    assert answer.status == "answered"
    assert "$" in answer.text
    assert any(
        e.kind == "tool" and e.name == "upcoming_renewals" for e in answer.evidence
    )
