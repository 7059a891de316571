"""Indicator values as they were before each renewal outcome: no leakage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from knowledge.queries.catalog import list_features
from knowledge.queries.indicators import Target, compute_raw_indicators
from knowledge.queries.outcomes import closed_outcomes
from tools.health_model import HealthModel
from tools.indicators import TermContext, indicator_values
from tools.scoring import cohort_for, stage_of

# Days to renewal is close to the lead time for every sample: it carries no signal.
EXCLUDED_FROM_LEARNING = frozenset({"days_to_renewal"})


@dataclass(frozen=True)
class Sample:
    """One finished contract term: its cohort, outcome and indicators before it."""

    key: str
    account_id: str
    cohort: str
    churned: bool
    arr: float
    values: dict[str, float | None]


def outcome_samples(
    engine: Engine, model: HealthModel, lead_days: int = 30
) -> list[Sample]:
    """Every closed term, with indicators as of ``lead_days`` before its end date.

    Retained = renewed, expanded or contracted; churned = churned. Usage after the
    as-of date is never read, so the outcome cannot leak into the indicators.
    """
    outcomes = closed_outcomes(engine)
    keys = [f.feature_key for f in list_features(engine) if f.is_key]
    targets = [
        Target(
            o.key, o.account_id, o.end_date - timedelta(days=lead_days), o.start_date
        )
        for o in outcomes
    ]
    raw = compute_raw_indicators(
        engine, targets, window_days=model.window_days, key_features=keys
    )
    samples: list[Sample] = []
    for outcome in outcomes:
        term = TermContext(outcome.seats, outcome.start_date, outcome.end_date)
        values = indicator_values(raw[outcome.key], term, len(keys))
        cohort = cohort_for(model, outcome.segment, stage_of(model, values))
        samples.append(
            Sample(
                outcome.key,
                outcome.account_id,
                cohort.name,
                outcome.churned,
                outcome.arr,
                values,
            )
        )
    return samples
