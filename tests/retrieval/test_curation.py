"""Curation: versions with authors, publish and retire, audit, stale and gap reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from knowledge.db import session_scope
from knowledge.errors import NotFoundError
from knowledge.models import AuditEntry, QuestionLog
from retrieval.service import KnowledgeBase
from tests.retrieval.documents import PLAYBOOKS, write

SEATS = PLAYBOOKS["seat-expansion"]


def _actions(kb: KnowledgeBase, slug: str) -> list[tuple[str, str]]:
    with session_scope(kb.sessions) as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == slug)
            .order_by(AuditEntry.id)
        )
        return [(r.actor, r.action) for r in rows]


def test_every_edit_is_a_new_version_with_its_author(kb: KnowledgeBase) -> None:
    kb.create_playbook(SEATS.encode(), "ana@vendor.example")
    kb.update_playbook(SEATS.replace("90 percent", "85 percent").encode(), "bo@v.ex")
    unchanged = kb.update_playbook(
        SEATS.replace("90 percent", "85 percent").encode(), "cy@v.ex"
    )

    history = kb.history("seat-expansion")

    assert unchanged.outcome == "unchanged"
    assert [(v.version, v.author) for v in history] == [
        (1, "ana@vendor.example"),
        (2, "bo@v.ex"),
    ]
    assert _actions(kb, "seat-expansion") == [
        ("ana@vendor.example", "playbook.inserted"),
        ("bo@v.ex", "playbook.updated"),
    ]


def test_the_diff_shows_what_changed_between_versions(kb: KnowledgeBase) -> None:
    kb.create_playbook(SEATS.encode(), "ana")
    kb.update_playbook(SEATS.replace("90 percent", "85 percent").encode(), "bo")

    diff = kb.diff("seat-expansion", 1, 2)

    assert "-When more than 90 percent of purchased seats are active" in diff
    assert "+When more than 85 percent of purchased seats are active" in diff


def test_retiring_hides_a_playbook_at_once_and_publishing_restores_it(
    kb: KnowledgeBase,
) -> None:
    kb.create_playbook(SEATS.encode(), "ana")
    question = "when do I pitch more seats to the department head"

    kb.set_status("seat-expansion", "retired", "ops")
    hidden = kb.search(question, log_question=False)
    kb.set_status("seat-expansion", "published", "ops")
    shown = kb.search(question, log_question=False)

    assert "playbook:seat-expansion" not in {p.document_id for p in hidden.passages}
    assert shown.passages[0].document_id == "playbook:seat-expansion"
    assert shown.passages[0].version == 3
    assert [v.status for v in kb.history("seat-expansion")] == [
        "published",
        "retired",
        "published",
    ]
    assert ("ops", "playbook.updated") in _actions(kb, "seat-expansion")


def test_a_draft_edit_waits_while_the_published_version_keeps_serving(
    kb: KnowledgeBase,
) -> None:
    kb.create_playbook(SEATS.encode(), "ana")
    draft = SEATS.replace("segment: any", "segment: any\nstatus: draft").replace(
        "90 percent", "75 percent"
    )
    kb.update_playbook(draft.encode(), "bo")

    result = kb.search("how full must seats be before an upsell", log_question=False)
    listing = {p.slug: p for p in kb.list_playbooks()}
    stale = kb.stale_report(max_age_days=365)

    assert result.passages[0].version == 1
    assert "90 percent" in result.passages[0].text
    assert listing["seat-expansion"].current_version == 2
    assert listing["seat-expansion"].served_version == 1
    assert [(s.slug, s.reason) for s in stale] == [
        ("seat-expansion", "newer_version_pending")
    ]


def test_playbooks_not_reviewed_in_time_are_reported_stale(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb.add_files(write(tmp_path, PLAYBOOKS), "ana")
    later = datetime.now(UTC) + timedelta(days=200)

    fresh = kb.stale_report(max_age_days=180)
    stale = kb.stale_report(max_age_days=180, now=later)

    assert fresh == []
    assert {s.slug for s in stale} == {
        "renewal-risk",
        "sso-rollout",
        "seat-expansion",
        "exec-business-review",
    }
    assert all(s.reason == "not_reviewed" for s in stale)


def test_unanswered_questions_are_grouped_by_meaning_with_counts(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb.add_files(write(tmp_path, PLAYBOOKS), "ana")
    for question in (
        "what is our parental leave policy",
        "how much parental leave do employees get",
        "parental leave policy for staff",
        "best pasta recipe for dinner",
        "single sign-on setup with Okta",
    ):
        kb.search(question)

    groups = kb.unanswered_report(days=1)

    assert groups[0].count == 3
    assert "parental leave" in groups[0].question
    assert [g.count for g in groups[1:]] == [1]
    assert "single sign-on" not in " ".join(g.question for g in groups)


def test_history_of_an_unknown_playbook_is_not_found(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError, match="no playbook 'nope'"):
        kb.history("nope")


def test_questions_older_than_the_retention_are_forgotten(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb.add_files(write(tmp_path, PLAYBOOKS), "ana")
    kb.question_log_days = 30
    with session_scope(kb.sessions) as session:
        session.add_all(
            QuestionLog(
                question=q,
                asker="ana",
                answered=False,
                asked_at=datetime.now(UTC) - timedelta(days=age),
            )
            for q, age in (("asked long ago", 31), ("asked last week", 7))
        )

    kb.search("how do we pitch more seats")

    with session_scope(kb.sessions) as session:
        kept = set(session.scalars(select(QuestionLog.question)))
    assert kept == {"asked last week", "how do we pitch more seats"}
