"""Meeting briefs: every section, three formats, the trend chart and Slack's limits."""

# ruff: noqa: F811  # the shared fixtures are imported, then named as arguments

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from assistant.briefs import build_brief
from assistant.briefs.model import Brief, BriefSection, TrendPoint
from assistant.briefs.slack import MAX_BLOCKS, MAX_SECTION_CHARS, render_blocks
from assistant.container import Services
from knowledge.errors import ForbiddenError, InvalidInputError
from tests.assistant.drafting_book import AS_OF, demo_dir, services  # noqa: F401

SECTIONS = (
    "Snapshot",
    "Health and trend",
    "Risks",
    "Expansion signals",
    "Recent notes",
    "Tickets",
    "Suggested agenda",
    "Questions to ask",
)


def test_markdown_brief_has_every_section_and_points_per_persona(
    services: Services,
) -> None:
    document = build_brief(services, "Globex Corporation")
    text = document.content

    for title in SECTIONS:
        assert f"## {title}" in text
    assert text.count("## Talking points:") == 3
    assert "Maya Moreau (VP of People), department head" in text
    assert "Owner" not in text or "[T" in text
    assert not [n for n in document.brief.notes if n.startswith("faithfulness")]


def test_the_trend_scores_the_account_at_past_dates(services: Services) -> None:
    brief = build_brief(services, "A-1010").brief
    days = [p.day for p in brief.trend]
    calls = {e.id: e for e in brief.evidence if e.kind == "tool"}

    assert days == sorted(days)
    assert days[-1] == AS_OF
    assert len(set(days)) == len(days) >= 5
    for point in brief.trend:
        call = calls[point.evidence_id]
        assert call.name == "score_account"
        assert call.arguments["as_of"] == point.day.isoformat()


def test_html_is_self_contained_with_an_svg_trend_chart(services: Services) -> None:
    html = build_brief(services, "A-1010", fmt="html").content

    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html
    assert "<polyline" in html
    assert html.count("<circle") >= 5
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "<script" not in html
    assert 'href="#ev-T1"' in html


def test_slack_brief_is_valid_block_kit_within_limits(services: Services) -> None:
    content = build_brief(services, "A-1001", fmt="slack").content
    blocks = json.loads(content)["blocks"]

    assert blocks[0]["type"] == "header"
    assert len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION_CHARS
    assert any("Trend chart:" in b.get("text", {}).get("text", "") for b in blocks)


def test_slack_limits_hold_for_a_very_long_brief() -> None:
    long_line = "word " * 400
    brief = Brief(
        account_id="A-1",
        account_name="Big Co",
        as_of=date(2026, 11, 30),
        title="Meeting brief: Big Co",
        attendees=["x"],
        sections=[
            BriefSection(title=f"S{i}", lines=[long_line] * 12) for i in range(40)
        ],
        trend=[
            TrendPoint(
                day=date(2026, 11, 30) - timedelta(days=30 * i),
                score=50.0,
                band="yellow",
                evidence_id="T1",
            )
            for i in range(6)
        ],
        green_from=70,
        yellow_from=45,
        evidence=[],
        figures=[],
    )
    blocks = render_blocks(brief)

    assert len(blocks) == MAX_BLOCKS
    assert "cut to fit Slack" in json.dumps(blocks)
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION_CHARS


def test_one_audience_gives_one_set_of_points(services: Services) -> None:
    text = build_brief(services, "A-1011", audience="technical").content

    assert text.count("## Talking points:") == 1
    assert "technical team" in text


def test_attendees_pick_the_personas(services: Services) -> None:
    document = build_brief(services, "A-1003", attendees=["Jordan Lee", "Nobody Here"])

    assert document.brief.attendees == ["Jordan Lee (VP of Finance)"]
    assert any("Nobody Here" in n for n in document.brief.notes)
    assert "Juniper" not in document.content


def test_an_account_without_usage_has_no_chart_and_says_why(services: Services) -> None:
    html = build_brief(services, "A-1006", fmt="html").content

    assert "No health trend: the account has no usage yet." in html
    assert "Who should be the first users" in html


def test_an_account_without_notes_says_so(services: Services) -> None:
    assert "No notes on record." in build_brief(services, "A-1007").content


def test_injected_note_text_is_withheld(services: Services) -> None:
    text = build_brief(services, "A-1009").content.casefold()

    assert "ignore previous instructions" not in text
    assert "text withheld" in text


def test_a_brief_outside_the_askers_book_is_refused(services: Services) -> None:
    with pytest.raises(ForbiddenError):
        build_brief(services, "A-1001", asker="dana.whitfield@vendor.example")


def test_bad_format_and_audience_are_refused(services: Services) -> None:
    with pytest.raises(InvalidInputError, match="format"):
        build_brief(services, "A-1001", fmt="pdf")
    with pytest.raises(InvalidInputError, match="audience"):
        build_brief(services, "A-1001", audience="shareholders")
