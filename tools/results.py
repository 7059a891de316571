"""Result models the tools return: the same shape the CLI prints and the API sends."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

BandOrNone = Literal["green", "yellow", "red", "no_data"]


class Window(BaseModel):
    """A span of whole days, both ends included."""

    start: date
    end: date
    days: int


class Provenance(BaseModel):
    """Where a set of figures came from: the as-of date, windows and the query."""

    as_of: date
    window: Window
    previous_window: Window
    query: str


class IndicatorScore(BaseModel):
    """One indicator's value, sub-score, weight and contribution in points."""

    name: str
    label: str
    unit: str
    value: float | None
    sub_score: float | None
    weight: float = Field(description="Weight in the cohort, in points of 100.")
    effective_weight: float = Field(
        description="Weight after sharing out the weights of indicators with no data."
    )
    contribution: float = Field(description="Points this indicator adds to the score.")
    note: str | None = None


class ConditionCheck(BaseModel):
    """A condition of a rule with what was observed."""

    indicator: str | None
    band: str | None
    op: str
    threshold: float | str
    observed: float | str | None


class RiskFlag(BaseModel):
    """A risk rule that fired: which rule, the observed value and the threshold."""

    rule: str
    description: str
    severity: str
    indicator: str
    op: str
    threshold: float
    observed: float
    conditions: list[ConditionCheck] = Field(default_factory=list)


class Move(BaseModel):
    """Moving one indicator to ``target`` (per ``op``) adds ``gain`` points."""

    indicator: str
    label: str
    current: float
    op: str
    target: float
    sub_score_now: float
    sub_score_after: float
    gain: float


class PathToGreen(BaseModel):
    """What would bring the account to green.

    ``single_moves`` each cross into green alone, smallest first; when none can,
    ``combined`` lists moves that together do.
    """

    already_green: bool
    reachable: bool
    points_needed: float
    single_moves: list[Move] = Field(default_factory=list)
    combined: list[Move] = Field(default_factory=list)


class HealthReport(BaseModel):
    """An account's health, explained."""

    account_id: str
    account_name: str
    segment: str
    arr: float
    cohort: str
    stage: str
    score: float | None
    band: BandOrNone
    previous_score: float | None
    previous_band: BandOrNone
    change: float | None
    indicators: list[IndicatorScore]
    flags: list[RiskFlag]
    to_green: PathToGreen | None
    gaps: list[str] = Field(default_factory=list)
    provenance: Provenance
