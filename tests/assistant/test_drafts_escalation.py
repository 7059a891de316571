"""Internal escalations: the facts, the ask and an owner; missing facts asked for."""

# ruff: noqa: F811  # the shared fixtures are imported, then named as arguments

from __future__ import annotations

import pytest

from assistant.answers import AskContext
from assistant.container import Services
from assistant.drafting.api import draft
from assistant.engine import Assistant
from knowledge.errors import ForbiddenError, InvalidInputError
from knowledge.queries.accounts import get_account
from tests.assistant.drafting_book import AS_OF, demo_dir, services  # noqa: F401


def test_escalation_carries_impact_arr_renewal_severity_ask_and_owner(
    services: Services,
) -> None:
    answer = draft(
        services, "escalation", "Initech", to="engineering", topic="SSO outage"
    )
    text = answer.text

    assert "**Escalation to engineering: Initech (A-1011) about SSO outage**" in text
    assert "- Severity: sev1." in text
    record = get_account(services.engine, "A-1011")
    assert record is not None
    assert record.renewal_date is not None
    arr = f"${record.arr:,.0f}"
    assert f"ARR at stake: {arr}; renewal on {record.renewal_date.isoformat()}" in text
    assert "SSO" in text.split("- Impact:")[1].split("\n")[0]
    assert "- Timeline:" in text
    assert "The ask: confirm the root cause of T-" in text
    assert "Owner of the follow-up: Priya Raman." in text
    # Nothing is indexed for search here, so what was tried is honestly missing.
    assert answer.missing == ["what has been tried so far"]
    assert not [n for n in answer.notes if n.startswith("faithfulness")]


def test_without_tickets_the_escalation_asks_for_the_facts(services: Services) -> None:
    answer = draft(services, "escalation", "A-1008", to="support", topic="slow reports")

    assert "to confirm (no matching open ticket)" in answer.text
    assert "Missing before this can be sent" in answer.text
    assert "the ticket number, or open one" in answer.missing
    assert "T-1" not in answer.text.split("- Severity")[1].split("\n")[0]


def test_leadership_escalation_names_the_account_manager(services: Services) -> None:
    answer = draft(services, "escalation", "Globex Corporation", to="leadership")

    assert "executive call" in answer.text
    assert "ezra.coleman@vendor.example" in answer.text


def test_an_unknown_team_is_refused(services: Services) -> None:
    with pytest.raises(InvalidInputError, match="support, engineering"):
        draft(services, "escalation", "A-1011", to="catering")


def test_an_escalation_outside_the_askers_book_is_refused(services: Services) -> None:
    with pytest.raises(ForbiddenError):
        draft(services, "escalation", "A-1011", asker="dana.whitfield@vendor.example")


def test_ask_routes_an_escalation_request_to_the_drafter(services: Services) -> None:
    services.knowledge_base.reindex()
    assistant = Assistant(services)

    answer = assistant.answer(
        "draft an escalation to engineering about Initech's SSO outage",
        AskContext(as_of=AS_OF),
    )
    points = assistant.answer(
        "talking points for Lantern Medical Group's VP of Finance",
        AskContext(as_of=AS_OF),
    )

    assert answer.intent == "draft_escalation"
    assert "Escalation to engineering: Initech" in answer.text
    assert points.intent == "talking_points"
    assert points.audience == "department_head"
    assert "Jordan Lee (VP of Finance)" in points.text
    assert "Juniper Staffing" not in points.text
