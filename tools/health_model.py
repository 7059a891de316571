"""The health model CS ops edit: indicators, cohorts, weights, bands and risk rules.

Weights of a cohort are points and must sum to 100: an indicator's contribution is
``weight × sub-score / 100`` and the contributions add up to the score.
"""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tools.indicators import INDICATORS

Band = Literal["green", "yellow", "red"]
Op = Literal["<", "<=", ">", ">=", "=="]
WEIGHT_TOTAL = 100.0


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CurvePoint(_Strict):
    """A point of a piecewise-linear curve: at ``value`` the sub-score is ``score``."""

    value: float
    score: float = Field(ge=0, le=100)


class Step(_Strict):
    """A threshold step: values below ``below`` score ``score``; no ``below`` = else."""

    below: float | None = None
    score: float = Field(ge=0, le=100)


class Scoring(_Strict):
    """How an indicator's value maps to a 0–100 sub-score: a curve or thresholds."""

    curve: list[CurvePoint] | None = None
    thresholds: list[Step] | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Scoring:
        if (self.curve is None) == (self.thresholds is None):
            raise ValueError("give exactly one of 'curve' or 'thresholds'")
        if self.curve is not None:
            xs = [p.value for p in self.curve]
            if len(xs) < 2 or any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
                raise ValueError("a curve needs 2+ points with increasing 'value'")
        if self.thresholds is not None:
            bounds = [s.below for s in self.thresholds]
            if not bounds or bounds[-1] is not None or None in bounds[:-1]:
                raise ValueError("thresholds: every step has 'below' except the last")
            known = [b for b in bounds if b is not None]
            if any(b <= a for a, b in zip(known, known[1:], strict=False)):
                raise ValueError("thresholds: 'below' must increase")
        return self


class IndicatorConfig(Scoring):
    """An indicator's default scoring and a note for readers."""

    description: str = ""


class CohortWhen(_Strict):
    """Which accounts a cohort covers; every given field must match."""

    segment: list[str] | None = None
    stage: list[Literal["onboarding", "renewal", "established"]] | None = None


class Cohort(_Strict):
    """Weights (points summing to 100) and optional curve overrides for a cohort."""

    name: str
    when: CohortWhen | None = None
    weights: dict[str, float]
    curves: dict[str, Scoring] = Field(default_factory=dict)


class Condition(_Strict):
    """An extra condition of a rule: an indicator comparison or a band."""

    indicator: str | None = None
    op: Op = "=="
    value: float | None = None
    band: Band | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        if (self.band is None) == (self.indicator is None):
            raise ValueError("a condition names either 'indicator' or 'band'")
        if self.indicator is not None and self.value is None:
            raise ValueError("an indicator condition needs a 'value'")
        return self


class Rule(_Strict):
    """A risk rule: flag when ``indicator op value`` holds (and every ``only_if``)."""

    id: str
    description: str
    severity: Literal["high", "medium", "low"] = "medium"
    indicator: str
    op: Op
    value: float
    only_if: list[Condition] = Field(default_factory=list)
    cohorts: list[str] | None = None


class Bands(_Strict):
    """Score at or above ``green`` is green, at or above ``yellow`` yellow, else red."""

    green: float = Field(gt=0, le=100)
    yellow: float = Field(ge=0, lt=100)


class Lifecycle(_Strict):
    """Stage boundaries: onboarding after the start, renewal before the end."""

    onboarding_days: int = Field(default=90, ge=0)
    renewal_days: int = Field(default=90, ge=0)


class Plan(_Strict):
    """A plan of the price list and the features it includes."""

    name: str
    features: list[str] = Field(default_factory=list)


class ExpansionConfig(_Strict):
    """Thresholds of expansion signals and the plan ladder, cheapest first."""

    seats_full_pct: float = 90.0
    growth_pct: float = 30.0
    strong_value_pct: float = 100.0
    renewal_window_days: int = 120
    plans: list[Plan] = Field(default_factory=list)


class HealthModel(_Strict):
    """The whole health model file."""

    version: int = 1
    window_days: int = Field(default=30, ge=1, le=365)
    bands: Bands
    lifecycle: Lifecycle = Lifecycle()
    indicators: dict[str, IndicatorConfig]
    cohorts: list[Cohort]
    rules: list[Rule] = Field(default_factory=list)
    expansion: ExpansionConfig = ExpansionConfig()

    @model_validator(mode="after")
    def _consistent(self) -> HealthModel:
        problems = _problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def cohort(self, name: str) -> Cohort:
        """The cohort with this name."""
        return next(c for c in self.cohorts if c.name == name)

    def uses(self, indicator: str) -> bool:
        """True when any cohort weighs the indicator or any rule reads it."""
        return any(indicator in c.weights for c in self.cohorts) or any(
            indicator == r.indicator
            or any(cond.indicator == indicator for cond in r.only_if)
            for r in self.rules
        )

    def scoring(self, cohort: Cohort, indicator: str) -> Scoring:
        """The cohort's override for an indicator, else the indicator's default."""
        return cohort.curves.get(indicator) or self.indicators[indicator]


def _unknown(name: str, where: str) -> str | None:
    if name in INDICATORS:
        return None
    close = difflib.get_close_matches(name, list(INDICATORS), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown indicator '{name}' in {where}{hint}"


def _problems(model: HealthModel) -> list[str]:
    problems: list[str] = []
    if model.bands.yellow >= model.bands.green:
        problems.append("bands: 'yellow' must be below 'green'")
    for name in model.indicators:
        problems.append(_unknown(name, "indicators") or "")
    names = [c.name for c in model.cohorts]
    if not model.cohorts or model.cohorts[-1].when is not None:
        problems.append("cohorts: the last cohort must have no 'when' (the catch-all)")
    if len(set(names)) != len(names):
        problems.append("cohorts: names must be unique")
    for cohort in model.cohorts:
        where = f"cohort '{cohort.name}'"
        for name in [*cohort.weights, *cohort.curves]:
            problems.append(_unknown(name, where) or "")
        total = sum(cohort.weights.values())
        if abs(total - WEIGHT_TOTAL) > 1e-6:
            problems.append(
                f"{where}: weights sum to {total:g}, they must sum to {WEIGHT_TOTAL:g}"
            )
        if any(w < 0 for w in cohort.weights.values()):
            problems.append(f"{where}: weights must not be negative")
        for name in cohort.weights:
            if name not in cohort.curves and name not in model.indicators:
                problems.append(
                    f"{where}: indicator '{name}' has no curve or thresholds"
                )
    for rule in model.rules:
        where = f"rule '{rule.id}'"
        problems.append(_unknown(rule.indicator, where) or "")
        for cond in rule.only_if:
            if cond.indicator is not None:
                problems.append(_unknown(cond.indicator, where) or "")
        for name in rule.cohorts or []:
            if name not in names:
                problems.append(f"{where}: unknown cohort '{name}'")
    return [p for p in problems if p]
