"""Follow-ups: "and their renewal?" reuses the previous turn of the same thread."""

from __future__ import annotations

from dataclasses import replace
from typing import get_args

from assistant.answers import Audience, Channel
from assistant.engine.understanding import Understanding
from assistant.intents.registry import IntentSpec
from knowledge.queries.conversation import TurnRecord

SHORT_FOLLOW_UP_WORDS = 8
NEW_INTENT_CONFIDENCE = 0.6
_AUDIENCES: frozenset[str] = frozenset(get_args(Audience))
_CHANNELS: frozenset[str] = frozenset(get_args(Channel))


def inherits_accounts(
    reading: Understanding, previous: TurnRecord | None, spec: IntentSpec
) -> bool:
    """A turn reuses the previous accounts when it names none and needs one."""
    if previous is None or reading.mentions:
        return False
    return reading.follow_up or spec.account == "required"


def apply_follow_up(
    reading: Understanding, previous: TurnRecord | None, question: str
) -> Understanding:
    """Carry the previous turn's intent and slots into an elliptical follow-up."""
    if previous is None or reading.mentions:
        return reading
    short = len(question.split()) <= SHORT_FOLLOW_UP_WORDS
    # "now for the technical team" keeps the intent; "and usage over the last
    # 14 days?" names a new one, which the examples recognise with confidence.
    keep_intent = (
        reading.follow_up
        and short
        and not reading.by_rule
        and reading.confidence < NEW_INTENT_CONFIDENCE
    )
    inherited = previous if reading.follow_up else None
    return replace(
        reading,
        intent=previous.intent if keep_intent else reading.intent,
        audience=reading.audience or _audience(inherited),
        channel=reading.channel or _channel(inherited),
        window_days=reading.window_days
        or (inherited.window_days if inherited else None),
    )


def _audience(turn: TurnRecord | None) -> Audience | None:
    if turn is None or turn.audience not in _AUDIENCES:
        return None
    return turn.audience  # type: ignore[return-value]  # checked against the Literal


def _channel(turn: TurnRecord | None) -> Channel | None:
    if turn is None or turn.channel not in _CHANNELS:
        return None
    return turn.channel  # type: ignore[return-value]  # checked against the Literal
