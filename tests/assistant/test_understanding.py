"""Reading a question without a model: mentions, slots, rules, language."""

from __future__ import annotations

import pytest

from assistant.engine.evidence import Ledger
from assistant.engine.faithfulness import check_text, numbers_in, redact
from assistant.engine.mentions import find_mentions, unknown_name
from assistant.engine.slots import audience_of, channel_of, window_of
from assistant.engine.understanding import load_examples, looks_english, rule_intent
from assistant.intents.registry import intent_names

NAMES = [
    ("A-1001", "Acme Corp"),
    ("A-1002", "Acme Logistics"),
    ("A-1010", "Globex Corporation"),
    ("A-1011", "Initech"),
    ("A-1045", "Driftwood Engineering"),
]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How is Acme doing?", [("A-1001", "A-1002")]),
        ("How is Acme Logistics doing?", [("A-1002",)]),
        ("how is acme corp", [("A-1001",)]),
        ("Why did Globex's health drop?", [("A-1010",)]),
        ("A-1011 health", [("A-1011",)]),
        ("How is Driftwood Clinics doing?", []),
        ("What's the escalation policy?", []),
    ],
)
def test_mentions(question: str, expected: list[tuple[str, ...]]) -> None:
    assert [m.account_ids for m in find_mentions(question, NAMES)] == expected


def test_unknown_name_skips_question_words() -> None:
    assert (
        unknown_name("Why did Foobar Industries' health drop?") == "Foobar Industries"
    )
    assert unknown_name("What's our process for sev1 escalations?") is None


@pytest.mark.parametrize(
    ("question", "audience"),
    [
        ("talking points for the VP of Finance", "department_head"),
        ("now for the technical team", "technical"),
        ("for the end users please", "end_user"),
        ("How is Acme doing?", None),
    ],
)
def test_audience(question: str, audience: str | None) -> None:
    assert audience_of(question) == audience


def test_channel_and_window() -> None:
    assert channel_of("write a Slack message") == "slack"
    assert channel_of("draft an in-app nudge") == "in_app"
    assert window_of("logins over the last 14 days") == 14
    assert window_of("renewals next quarter") == 90
    assert window_of("How is Acme doing?") is None


def test_rules_separate_escalation_drafts_from_playbook_questions() -> None:
    assert rule_intent("Draft an escalation about Initech", True) == "draft_escalation"
    assert rule_intent("What's our process for sev1 escalations?", False) == "playbook"


def test_language() -> None:
    assert looks_english("How is Acme doing?")
    assert not looks_english("¿Cómo está Acme Corp?")
    assert not looks_english("Как дела у Acme?")


def test_every_example_intent_has_a_handler() -> None:
    labels, texts = load_examples()

    assert set(labels) <= set(intent_names())
    assert len(texts) >= 100


def test_faithfulness_catches_an_invented_number() -> None:
    ledger = Ledger()
    ledger.record_tool(
        "t", {"days": 30}, {"score": 62.345, "arr": 45100.0}, "s", as_of=None
    )

    assert check_text("Score 62.3 on $45,100 over 30 days.", ledger) == []
    violations = check_text("Score 71.0 and 2026-01-01.", ledger)
    assert {v.kind for v in violations} == {"number", "date"}
    assert check_text("See [P4].", ledger)[0].kind == "citation"
    assert check_text(
        "Globex Corporation is fine", ledger, known_accounts=["Globex Corporation"]
    )


def test_identifiers_are_not_numbers() -> None:
    assert numbers_in("T-10019 sev1 A-1001 on 2026-11-30 a 30-day window") == ["30"]


def test_unsupported_numbers_are_redacted_before_anyone_sees_them() -> None:
    ledger = Ledger()
    ledger.record_tool("t", {}, {"score": 40.0}, "s", as_of=None)
    text = "Score 40.0, costs 8.1 points, $1,234 at stake."

    cleaned = redact(text, check_text(text, ledger))

    assert "40.0" in cleaned
    assert "8.1" not in cleaned
    assert "1,234" not in cleaned
    assert check_text(cleaned, ledger) == []
