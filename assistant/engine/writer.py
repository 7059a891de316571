"""Builds an answer's Markdown from facts, so that every number cites evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.answers import AccountRef, Figure, Status
from assistant.engine.evidence import Fact, Ledger

Style = Literal["money", "pct", "int", "score", "points", "float", "days", "auto"]


def format_value(value: float, style: Style) -> str:
    """A value the way answers print it (the faithfulness check reads it back)."""
    if style == "money":
        return f"${value:,.0f}"
    if style == "pct":
        return f"{value:.1f}%"
    if style in ("int", "days"):
        return f"{value:,.0f}"
    if style == "auto":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if style == "points":
        return f"{abs(value):.1f}"
    return f"{value:.1f}"


@dataclass
class Writer:
    """Collects paragraphs, figures, follow-ups and the status of one answer."""

    ledger: Ledger
    lines: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    status: Status = "answered"
    clarification: str | None = None
    candidates: list[AccountRef] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def num(self, fact: Fact, style: Style = "float") -> str:
        """The fact's value as text, remembered as a figure of the answer."""
        text = format_value(fact.value, style)
        self.figures.append(
            Figure(
                label=fact.label,
                value=fact.value,
                text=text,
                evidence_id=fact.evidence_id,
            )
        )
        return text

    def fig(self, evidence_id: str, label: str, value: float, style: Style) -> str:
        """Shortcut: a fact from the ledger, formatted and remembered."""
        return self.num(self.ledger.fact(evidence_id, label, value), style)

    def add(self, line: str = "") -> None:
        """Append one Markdown line (a paragraph, bullet or heading)."""
        self.lines.append(line)

    def heading(self, text: str) -> None:
        """A bold line that opens a section (Slack renders no '#' headings)."""
        if self.lines and self.lines[-1]:
            self.lines.append("")
        self.lines.append(f"**{text}**")

    def cite(self, passage_id: str) -> str:
        """A citation marker for a passage, e.g. ``[P1]``."""
        return f"[{passage_id}]"

    def no_data(self, what: str) -> None:
        """Mark the answer as lacking data and say what is missing."""
        self.status = "no_data"
        self.missing.append(what)

    def clarify(
        self, question: str, candidates: list[AccountRef] | None = None
    ) -> None:
        """Mark the answer as needing a clarification from the asker."""
        self.status = "needs_clarification"
        self.clarification = question
        self.candidates = list(candidates or [])

    def text(self) -> str:
        """The Markdown so far, without trailing blank lines."""
        return "\n".join(self.lines).strip()
