"""Customer outreach drafts: right contact, named features, channel length, no leaks."""

# ruff: noqa: F811  # the shared fixtures are imported, then named as arguments

from __future__ import annotations

import pytest

from assistant.container import Services
from assistant.drafting.api import draft
from assistant.drafting.outreach_text import IN_APP_MAX_CHARS, SLACK_MAX_CHARS
from knowledge.errors import InvalidInputError, NotFoundError
from knowledge.queries.account_activity import feature_catalog
from knowledge.queries.accounts import get_account
from tests.assistant.drafting_book import demo_dir, services  # noqa: F401  # fixtures


def _body(text: str) -> str:
    """The part of a draft the customer would read (between header and footer)."""
    lines = text.splitlines()[1:]
    return "\n".join(line for line in lines if not line.startswith("_"))


def test_adoption_nudge_names_unused_features_and_their_benefit(
    services: Services,
) -> None:
    answer = draft(services, "outreach", "A-1001", purpose="adoption")
    catalog = {f.name: f for f in feature_catalog(services.engine)}

    assert answer.status == "answered"
    assert answer.audience == "end_user"
    assert "Hi Alex," in answer.text
    named = [
        n for n in catalog if f"{n} is in your plan and not in use yet" in answer.text
    ]
    assert named
    for name in named:
        description = (catalog[name].description or "").rstrip(".")
        assert description[1:] in answer.text
    assert "Priya Raman, Customer Success Manager" in answer.text
    assert not [n for n in answer.notes if n.startswith("faithfulness")]


def test_customer_facing_text_never_shows_internal_health(services: Services) -> None:
    for purpose in ("adoption", "review", "renewal", "expansion", "training"):
        answer = draft(services, "outreach", "A-1010", purpose=purpose)
        body = _body(answer.text).casefold()
        assert "health" not in body
        assert "red" not in body.split()


@pytest.mark.parametrize(
    ("channel", "limit"), [("slack", SLACK_MAX_CHARS), ("in_app", IN_APP_MAX_CHARS)]
)
def test_short_channels_stay_within_their_length(
    services: Services, channel: str, limit: int
) -> None:
    answer = draft(services, "outreach", "A-1001", channel=channel)

    body = "\n".join(answer.text.split("\n\n")[1:]).split("\n\n_For the reviewer")[0]
    assert 0 < len(body) <= limit + 40  # quote marks and the button line
    assert answer.channel == channel


def test_renewal_conversation_goes_to_the_department_head_with_the_date(
    services: Services,
) -> None:
    answer = draft(services, "outreach", "A-1003", purpose="renewal")

    assert "Hi Jordan," in answer.text
    record = get_account(services.engine, "A-1003")
    assert record is not None
    assert record.renewal_date is not None
    renews = record.renewal_date.isoformat()
    assert f"Your subscription renews on {renews}." in answer.text
    assert "Juniper" not in answer.text
    assert "Director of Talent Acquisition" not in answer.text


def test_a_job_title_picks_the_contact_and_the_audience(services: Services) -> None:
    answer = draft(services, "outreach", "A-1011", to="Solutions Architect")

    assert "Diego Lopez" in answer.text
    assert answer.audience == "technical"


def test_no_contact_of_the_persona_is_said_and_the_role_greeted(
    services: Services,
) -> None:
    answer = draft(services, "outreach", "A-1005", to="technical")

    assert "no technical team contact on record; addressed to the role" in answer.text
    assert "Hello to the technical lead at Highland Outfitters" in answer.text


def test_no_usage_means_no_usage_figures_in_the_nudge(services: Services) -> None:
    answer = draft(services, "outreach", "A-1006", purpose="adoption")

    assert "times in the last" not in answer.text
    assert any("no usage recorded" in n for n in answer.notes)
    assert not [n for n in answer.notes if n.startswith("faithfulness")]


def test_bad_draft_arguments_are_refused(services: Services) -> None:
    with pytest.raises(InvalidInputError, match="channel"):
        draft(services, "outreach", "A-1001", channel="fax")
    with pytest.raises(InvalidInputError, match="purpose"):
        draft(services, "outreach", "A-1001", purpose="lunch")
    with pytest.raises(InvalidInputError, match="kind"):
        draft(services, "poem", "A-1001")
    with pytest.raises(NotFoundError):
        draft(services, "outreach", "No Such Company Ltd")


def test_an_executive_title_nobody_holds_goes_to_the_executive_sponsor(
    services: Services,
) -> None:
    answer = draft(services, "outreach", "A-1010", to="CFO", purpose="renewal")

    assert "no contact titled 'CFO' at Globex Corporation" in answer.text
    assert "Hi Rhea," in answer.text
