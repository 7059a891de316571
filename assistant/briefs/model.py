"""The meeting brief as data: sections of cited lines and a health trend.

One :class:`Brief` is rendered three ways (Markdown, self-contained HTML, Slack
blocks); every renderer shows the same lines, so a figure traced in one format is
traced in all of them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.answers import Evidence, Figure

BriefFormat = Literal["markdown", "html", "slack"]
FORMATS: tuple[BriefFormat, ...] = ("markdown", "html", "slack")


class TrendPoint(BaseModel):
    """The health score as of one day, and the evidence of that scoring."""

    day: date
    score: float | None
    band: str
    evidence_id: str


class BriefSection(BaseModel):
    """A titled list of Markdown lines (bold, quotes and [T1] citations only)."""

    title: str
    lines: list[str] = Field(default_factory=list)


class Brief(BaseModel):
    """A prep brief for one account and its attendees."""

    account_id: str
    account_name: str
    as_of: date
    title: str
    attendees: list[str]
    sections: list[BriefSection]
    trend: list[TrendPoint]
    green_from: float
    yellow_from: float
    evidence: list[Evidence]
    figures: list[Figure]
    notes: list[str] = Field(default_factory=list)


class BriefDocument(BaseModel):
    """A rendered brief: the content in one format plus what backs it."""

    format: BriefFormat
    media_type: str
    content: str
    brief: Brief
