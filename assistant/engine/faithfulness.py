"""The faithfulness check: every number, account and citation in the text is backed.

The same check runs on the deterministic composer's output (where a violation is a
bug) and on the LLM's (where it triggers a retry, then the deterministic answer).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.engine.evidence import Ledger

_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.\-/])[-+−]?\$?\d[\d,]*(?:\.\d+)?(?![\w/]|\.\d|-\d)")
_CITATION = re.compile(r"\[(P\d+|T\d+)\]")
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Violation:
    """One thing in the text that no evidence supports."""

    kind: str  # "number" | "date" | "account" | "citation"
    text: str

    def __str__(self) -> str:
        return f"{self.kind} '{self.text}' is not in the evidence"


def _walk(value: Any, numbers: list[float], strings: list[str]) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        numbers.append(float(value))
    elif isinstance(value, str):
        strings.append(value)
        for match in _NUMBER.finditer(_DATE.sub(" ", value)):
            parsed = parse_number(match.group(0))
            if parsed is not None:
                numbers.append(parsed)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, numbers, strings)
            if isinstance(key, str):
                strings.append(key)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, numbers, strings)


def parse_number(token: str) -> float | None:
    """A number as written (``$1,200``, ``-3.5``), or None."""
    cleaned = token.replace("$", "").replace(",", "").replace("−", "-")
    try:
        return float(cleaned)
    except ValueError:
        return None


def numbers_in(text: str) -> list[str]:
    """Every number written in the text (dates and identifiers excluded)."""
    without_dates = _DATE.sub(" ", text)
    return [m.group(0) for m in _NUMBER.finditer(without_dates)]


def _decimals(token: str) -> int:
    digits = token.replace(",", "").lstrip("+-−$")
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def _supported(token: str, evidence: Sequence[float]) -> bool:
    value = parse_number(token)
    if value is None:
        return True
    places = _decimals(token)
    half_step = 0.5 * 10**-places + _TOLERANCE
    return any(
        math.isfinite(e) and abs(abs(e) - abs(value)) <= half_step for e in evidence
    )


def check_text(
    text: str,
    ledger: Ledger,
    *,
    known_accounts: Iterable[str] = (),
    allowed_accounts: Iterable[str] = (),
    extra_numbers: Iterable[float] = (),
) -> list[Violation]:
    """Violations of the text against the ledger; empty means faithful.

    Args:
        text: The final answer text.
        ledger: Evidence gathered for the answer.
        known_accounts: Every account name; a name in the text must be allowed.
        allowed_accounts: Names that appear in the evidence (or the question).
        extra_numbers: Numbers the asker wrote, which may be echoed.
    """
    numbers: list[float] = list(extra_numbers)
    strings: list[str] = []
    _walk(ledger.raw, numbers, strings)
    for item in ledger.tools:
        _walk(item.arguments, numbers, strings)
        _walk(item.data, numbers, strings)
    haystack = "\n".join(strings)

    violations: list[Violation] = []
    for token in numbers_in(text):
        if not _supported(token, numbers):
            violations.append(Violation("number", token))
    for day in _DATE.findall(text):
        if day not in haystack:
            violations.append(Violation("date", day))
    allowed = {a.casefold() for a in allowed_accounts}
    lowered = text.casefold()
    for name in known_accounts:
        folded = name.casefold()
        if (
            folded in lowered
            and folded not in allowed
            and folded not in haystack.casefold()
        ):
            violations.append(Violation("account", name))
    known_ids = {p.id for p in ledger.passages} | {t.id for t in ledger.tools}
    for cited in _CITATION.findall(text):
        if cited not in known_ids:
            violations.append(Violation("citation", cited))
    return violations


def locate_numbers(text: str, ledger: Ledger) -> list[tuple[str, float, str]]:
    """(token, value, evidence id) for each number of the text found in evidence."""
    per_item: list[tuple[str, list[float]]] = []
    for evidence_id, raw in ledger.raw.items():
        numbers: list[float] = []
        _walk(raw, numbers, [])
        per_item.append((evidence_id, numbers))
    for item in ledger.tools:
        numbers = []
        _walk(item.data, numbers, [])
        _walk(item.arguments, numbers, [])
        per_item.append((item.id, numbers))
    found: list[tuple[str, float, str]] = []
    for token in numbers_in(text):
        value = parse_number(token)
        if value is None:
            continue
        for evidence_id, numbers in per_item:
            if _supported(token, numbers):
                found.append((token, value, evidence_id))
                break
    return found


WITHHELD = "[figure withheld]"


def redact(text: str, violations: Sequence[Violation]) -> str:
    """The text with every unsupported number or date replaced by a marker.

    The safety net behind the composers: a number no tool returned is never
    shown, even when a composer has a bug (which the log and the evaluation
    report).
    """
    for violation in violations:
        if violation.kind not in ("number", "date"):
            continue
        pattern = re.compile(
            r"(?<![\w.\-/])" + re.escape(violation.text) + r"(?![\w/]|\.\d|-\d)"
        )
        text = pattern.sub(WITHHELD, text)
    return text
