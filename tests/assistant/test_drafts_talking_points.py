"""Talking points: one set of facts, three audiences that differ in substance."""

# ruff: noqa: F811  # the shared fixtures are imported, then named as arguments

from __future__ import annotations

import pytest

from assistant.container import Services
from assistant.drafting.api import talking_points
from assistant.drafting.dossier import gather
from assistant.drafting.points import points_for
from assistant.drafting.session import open_session
from knowledge.errors import ForbiddenError, InvalidInputError
from tests.assistant.drafting_book import demo_dir, services  # noqa: F401  # fixtures

AUDIENCES = ("department_head", "end_user", "technical")


def test_three_audiences_use_different_facts_from_one_dossier(
    services: Services,
) -> None:
    session = open_session(services, "A-1001")
    dossier = gather(session.tools, session.account, services.health_model)
    facts: dict[str, set[str]] = {}
    evidence: dict[str, set[str]] = {}
    for audience in AUDIENCES:
        pts = points_for(audience, dossier, session.out)  # type: ignore[arg-type]  # literal
        facts[audience] = {f for p in pts for f in p.facts}
        evidence[audience] = {e for p in pts for e in p.evidence}

    assert facts["department_head"].isdisjoint(facts["end_user"])
    assert facts["department_head"].isdisjoint(facts["technical"])
    assert facts["end_user"].isdisjoint(facts["technical"])
    assert {"value_vs_target", "roi", "risk"} <= facts["department_head"]
    assert {"logins_per_user", "unused_features", "training_offer"} <= facts["end_user"]
    assert {"open_tickets", "integrations", "support_plan"} <= facts["technical"]
    assert dossier.tickets_id in evidence["technical"]
    assert dossier.tickets_id not in evidence["department_head"]
    assert dossier.values_id not in evidence["technical"]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_point_cites_evidence_and_every_number_is_backed(
    services: Services, audience: str
) -> None:
    answer = talking_points(services, "Acme Corp", audience)

    assert answer.status == "answered"
    assert not [n for n in answer.notes if n.startswith("faithfulness")]
    bullets = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert bullets
    cited = [b for b in bullets if "[T" in b]
    # Only the offer of training carries no figure and so no citation.
    assert len(cited) >= len(bullets) - 1
    known = {e.id for e in answer.evidence}
    assert {f.evidence_id for f in answer.figures} <= known


def test_shared_contact_names_never_pull_in_the_other_account(
    services: Services,
) -> None:
    mine = talking_points(services, "A-1003", "department_head")
    other = talking_points(services, "A-1004", "department_head")

    assert "Jordan Lee (VP of Finance)" in mine.text
    assert "Jordan Lee (Director of Talent Acquisition)" in other.text
    assert "Juniper Staffing" not in mine.text
    assert "Director of Talent Acquisition" not in mine.text
    assert "Lantern Medical Group" not in other.text
    for item in mine.evidence:
        if item.kind == "tool" and "account" in item.arguments:
            assert item.arguments["account"] == "A-1003"


def test_a_job_title_resolves_to_the_contact_holding_it(services: Services) -> None:
    answer = talking_points(services, "A-1003", "VP of Finance")

    assert answer.audience == "department_head"
    assert "Jordan Lee" in answer.text


def test_a_title_nobody_holds_is_said_and_the_persona_contact_used(
    services: Services,
) -> None:
    answer = talking_points(services, "A-1001", "VP of Finance")

    assert "no contact titled 'VP of Finance' at Acme Corp" in answer.text
    assert "Sean Garcia" in answer.text


def test_no_contact_of_the_persona_is_said_and_the_role_addressed(
    services: Services,
) -> None:
    answer = talking_points(services, "A-1005", "technical")

    assert "no technical team contact on record" in answer.text
    assert "addressed to the role" in answer.text
    assert answer.status == "answered"


def test_an_account_without_usage_gets_points_without_invented_usage(
    services: Services,
) -> None:
    answer = talking_points(services, "A-1006", "end_user")

    assert "no one has used the product yet" in answer.text
    assert "logging in" not in answer.text
    assert any("no usage" in n for n in answer.notes)
    assert not [n for n in answer.notes if n.startswith("faithfulness")]


def test_an_unknown_audience_word_is_refused_with_the_known_ones(
    services: Services,
) -> None:
    with pytest.raises(InvalidInputError, match="department_head, end_user, technical"):
        talking_points(services, "A-1001", "astronauts")


def test_an_account_outside_the_askers_book_is_refused(services: Services) -> None:
    with pytest.raises(ForbiddenError, match="not in your book"):
        talking_points(services, "A-1001", "technical", "dana.whitfield@vendor.example")
