"""Audience, channel and time window read from the wording of a question."""

from __future__ import annotations

import re

from assistant.answers import Audience, Channel

_AUDIENCE_RULES: list[tuple[Audience, re.Pattern[str]]] = [
    (
        "technical",
        re.compile(
            r"\b(technical|tech team|it team|it admin|engineers?|engineering team|"
            r"developers?|devs|cto|sysadmins?|system administrators?|admins?|"
            r"integration team|security team|it department)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "end_user",
        re.compile(
            r"\b(end[- ]users?|users|front[- ]line|frontline|daily users|"
            r"dispatchers?|agents|staff|power users?|champions?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "department_head",
        re.compile(
            r"\b(department heads?|dept heads?|heads? of|vp|vice president|"
            r"director|executives?|exec|cfo|ceo|coo|chief|leadership|"
            r"economic buyer|sponsor|budget holder|c-suite|head)\b",
            re.IGNORECASE,
        ),
    ),
]
_CHANNEL_RULES: list[tuple[Channel, re.Pattern[str]]] = [
    ("in_app", re.compile(r"\bin[- ]app\b|\bin the product\b", re.IGNORECASE)),
    ("slack", re.compile(r"\bslack\b|\bdm\b", re.IGNORECASE)),
    ("email", re.compile(r"\be-?mail\b", re.IGNORECASE)),
]
_WINDOW = re.compile(
    r"\b(?:last|past|previous|next|within|over|in)\s+(?:the\s+)?(?:next\s+|last\s+)?"
    r"(\d{1,3})\s*(day|week|month|quarter)s?\b",
    re.IGNORECASE,
)
_NAMED_WINDOWS = [
    (re.compile(r"\b(last|this|past)\s+week\b", re.IGNORECASE), 7),
    (re.compile(r"\b(last|this|past)\s+month\b", re.IGNORECASE), 30),
    (re.compile(r"\b(last|this|past|next)\s+quarter\b", re.IGNORECASE), 90),
    (re.compile(r"\b(last|this|past)\s+year\b", re.IGNORECASE), 365),
]
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 90}
MAX_WINDOW_DAYS = 365


def audience_of(question: str) -> Audience | None:
    """The audience a question names (technical wins over users over heads)."""
    for audience, pattern in _AUDIENCE_RULES:
        if pattern.search(question):
            return audience
    return None


def channel_of(question: str) -> Channel | None:
    """The channel a draft should use, when the question says."""
    for channel, pattern in _CHANNEL_RULES:
        if pattern.search(question):
            return channel
    return None


def window_of(question: str) -> int | None:
    """Days of the time window the question names ("last 14 days" → 14)."""
    match = _WINDOW.search(question)
    if match:
        days = int(match.group(1)) * _UNIT_DAYS[match.group(2).casefold()]
        return max(1, min(days, MAX_WINDOW_DAYS))
    for pattern, days in _NAMED_WINDOWS:
        if pattern.search(question):
            return days
    return None
