"""Run calibration over every cohort and turn what it learned into a model proposal."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

import numpy as np
from pydantic import BaseModel
from sqlalchemy import Engine

from knowledge.errors import InvalidInputError
from tools.calibration import CohortCalibration, Separation, learn_cohort
from tools.calibration_data import Sample, outcome_samples
from tools.health_model import CurvePoint, HealthModel, Rule, Scoring

logger = logging.getLogger(__name__)


class CalibrationReport(BaseModel):
    """Backtests per cohort and for the pooled book, and the proposed model."""

    lead_days: int
    outcomes: int
    churned: int
    pooled: CohortCalibration
    cohorts: list[CohortCalibration]
    proposed_model: HealthModel | None


def calibrate(
    engine: Engine, model: HealthModel, *, lead_days: int = 30
) -> CalibrationReport:
    """Learn from every closed term in the database; see ``calibrate_samples``."""
    return calibrate_samples(
        outcome_samples(engine, model, lead_days), model, lead_days
    )


def calibrate_samples(
    samples: Sequence[Sample], model: HealthModel, lead_days: int
) -> CalibrationReport:
    """Backtest the pooled book and each cohort; propose weights and curves.

    Cohorts with too few outcomes keep their current weights and say why.

    Raises:
        InvalidInputError: the pooled book itself has too few outcomes.
    """
    pooled = learn_cohort("all", samples)
    results: list[CohortCalibration] = []
    for cohort in model.cohorts:
        members = [s for s in samples if s.cohort == cohort.name]
        try:
            results.append(learn_cohort(cohort.name, members))
        except InvalidInputError as exc:
            churned = sum(s.churned for s in members)
            results.append(
                CohortCalibration(
                    cohort=cohort.name,
                    outcomes=len(members),
                    churned=churned,
                    status="too_few_outcomes",
                    message=exc.message,
                )
            )
    logger.info(
        "calibrated %d outcomes: pooled AUC %.3f", len(samples), pooled.auc_cv or 0.0
    )
    return CalibrationReport(
        lead_days=lead_days,
        outcomes=len(samples),
        churned=sum(s.churned for s in samples),
        pooled=pooled,
        cohorts=results,
        proposed_model=propose_model(model, results, samples),
    )


def propose_model(
    model: HealthModel,
    results: Sequence[CohortCalibration],
    samples: Sequence[Sample],
) -> HealthModel:
    """The active model with learned weights, curves and rules for learned cohorts."""
    data = model.model_dump()
    rules = [r for r in model.rules if not r.id.startswith("learned_")]
    for index, cohort in enumerate(model.cohorts):
        result = next(r for r in results if r.cohort == cohort.name)
        if result.status != "learned" or not result.proposed_weights:
            continue
        members = [s for s in samples if s.cohort == cohort.name]
        by_name = {s.indicator: s for s in result.separating}
        data["cohorts"][index]["weights"] = result.proposed_weights
        data["cohorts"][index]["curves"] = {
            name: _curve(by_name[name], members).model_dump(exclude_none=True)
            for name in result.proposed_weights
        }
        for sep in result.separating[:3]:
            rules.append(_rule(cohort.name, sep))
    data["rules"] = [r.model_dump() for r in rules]
    return HealthModel.model_validate(data)


def _curve(sep: Separation, members: Sequence[Sample]) -> Scoring:
    """0 at the churned side's 10th percentile, 50 at the cut, 100 at the far end."""
    known = np.array(
        [
            s.values[sep.indicator]
            for s in members
            if s.values.get(sep.indicator) is not None
        ],
        dtype=float,
    )
    low, high = (float(v) for v in np.quantile(known, [0.1, 0.9]))
    xs = sorted({round(low, 4), round(sep.threshold, 4), round(high, 4)})
    if len(xs) < 2:
        xs = [round(sep.threshold - 1.0, 4), round(sep.threshold, 4)]
    scores = [100.0 * i / (len(xs) - 1) for i in range(len(xs))]
    if sep.churn_when == "at_or_above":
        scores.reverse()
    return Scoring(
        curve=[CurvePoint(value=x, score=s) for x, s in zip(xs, scores, strict=True)]
    )


def _rule(cohort: str, sep: Separation) -> Rule:
    below = sep.churn_when == "below"
    rate = sep.churn_rate_below if below else sep.churn_rate_at_or_above
    return Rule(
        id=f"learned_{cohort}_{sep.indicator}",
        description=(
            f"Learned: {sep.indicator} {'below' if below else 'at or above'} "
            f"{sep.threshold:g} (churn rate {rate:.0%} on that side)"
        ),
        severity="medium",
        indicator=sep.indicator,
        op="<" if below else ">=",
        value=sep.threshold,
        cohorts=[cohort],
    )


def proposal_header(report: CalibrationReport, today: date) -> str:
    """The comment written at the top of a proposed model file."""
    return (
        f"Proposed by `csm health calibrate` on {today} from {report.outcomes} "
        f"outcomes ({report.churned} churned), indicators as of "
        f"{report.lead_days} days before each end date.\n"
        f"Pooled cross-validated AUC {report.pooled.auc_cv}. Review before use: "
        "this file is never made active automatically."
    )
