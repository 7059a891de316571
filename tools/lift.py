"""Feature lift: renewal rates of terms that used a feature vs those that did not."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import Engine

from knowledge.queries.catalog import list_features
from knowledge.queries.outcomes import closed_outcomes, features_used


class FeatureLift(BaseModel):
    """Renewal rate with and without one feature, with the counts behind them."""

    feature_key: str
    name: str
    is_key: bool
    terms_with: int
    retained_with: int
    renewal_rate_with: float | None
    terms_without: int
    retained_without: int
    renewal_rate_without: float | None
    lift: float | None


class LiftReport(BaseModel):
    """Features ordered by lift; usage counted up to ``lead_days`` before each end."""

    lead_days: int
    outcomes: int
    retained: int
    features: list[FeatureLift]


def feature_lift(engine: Engine, *, lead_days: int = 30) -> LiftReport:
    """Which features retained terms used and churned terms did not."""
    outcomes = closed_outcomes(engine)
    used = features_used(engine, outcomes, lead_days)
    retained_total = sum(not o.churned for o in outcomes)
    rows: list[FeatureLift] = []
    for feature in list_features(engine):
        with_ = [o for o in outcomes if feature.feature_key in used.get(o.key, set())]
        kept_with = sum(not o.churned for o in with_)
        without = len(outcomes) - len(with_)
        kept_without = retained_total - kept_with
        rate_with = kept_with / len(with_) if with_ else None
        rate_without = kept_without / without if without else None
        rows.append(
            FeatureLift(
                feature_key=feature.feature_key,
                name=feature.name,
                is_key=feature.is_key,
                terms_with=len(with_),
                retained_with=kept_with,
                renewal_rate_with=_round(rate_with),
                terms_without=without,
                retained_without=kept_without,
                renewal_rate_without=_round(rate_without),
                lift=_round(rate_with - rate_without)
                if rate_with is not None and rate_without is not None
                else None,
            )
        )
    rows.sort(key=lambda r: (r.lift is None, -(r.lift or 0.0), r.feature_key))
    return LiftReport(
        lead_days=lead_days,
        outcomes=len(outcomes),
        retained=retained_total,
        features=rows,
    )


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None
