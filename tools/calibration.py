"""Learn per-cohort weights and thresholds from renewal outcomes, with backtests.

The model is deliberately plain: a logistic regression over standardized indicators,
so each coefficient reads as "churn log-odds per standard deviation", and thresholds
are the cut where the churn odds on either side differ most.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, Field
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from knowledge.errors import InvalidInputError
from tools.calibration_data import EXCLUDED_FROM_LEARNING, Sample
from tools.indicators import INDICATORS

logger = logging.getLogger(__name__)

MIN_OUTCOMES = 40
MIN_PER_CLASS = 8


class Separation(BaseModel):
    """How one indicator separates retained from churned terms."""

    indicator: str
    coefficient: float = Field(description="Churn log-odds per standard deviation.")
    single_auc: float = Field(description="AUC of this indicator alone (oriented).")
    mean_retained: float
    mean_churned: float
    threshold: float = Field(description="Cut where the churn odds change most.")
    churn_when: str = Field(description="'below' or 'at_or_above' the threshold.")
    churn_rate_below: float
    churn_rate_at_or_above: float
    n_below: int
    n_at_or_above: int


class CohortCalibration(BaseModel):
    """Backtest and proposal for one cohort (or ``all`` for the pooled book)."""

    cohort: str
    outcomes: int
    churned: int
    status: str = Field(description="'learned' or 'too_few_outcomes'.")
    message: str = ""
    folds: int = 0
    auc_cv: float | None = None
    auc_folds: list[float] = Field(default_factory=list)
    best_single_indicator: str | None = None
    best_single_auc: float | None = None
    top_decile_lift: float | None = None
    separating: list[Separation] = Field(default_factory=list)
    proposed_weights: dict[str, float] = Field(default_factory=dict)


def learnable_indicators(samples: Sequence[Sample]) -> list[str]:
    """Indicators with at least two distinct known values among the samples."""
    names: list[str] = []
    for name in INDICATORS:
        if name in EXCLUDED_FROM_LEARNING:
            continue
        seen = {s.values.get(name) for s in samples} - {None}
        if len(seen) >= 2:
            names.append(name)
    return names


def learn_cohort(
    cohort: str, samples: Sequence[Sample], *, folds: int = 5, seed: int = 0
) -> CohortCalibration:
    """Fit, cross-validate and explain one cohort.

    Raises:
        InvalidInputError: fewer than 40 outcomes, or fewer than 8 of either class.
    """
    y = np.array([1 if s.churned else 0 for s in samples])
    churned = int(y.sum())
    retained = len(samples) - churned
    if len(samples) < MIN_OUTCOMES or min(churned, retained) < MIN_PER_CLASS:
        raise InvalidInputError(
            f"cohort '{cohort}' has {len(samples)} outcomes ({churned} churned, "
            f"{retained} retained); learning needs at least {MIN_OUTCOMES} with "
            f"{MIN_PER_CLASS} of each"
        )
    names = learnable_indicators(samples)
    if not names:
        raise InvalidInputError(
            f"cohort '{cohort}': no indicator varies; nothing to learn"
        )
    x = np.array(
        [
            [np.nan if s.values.get(n) is None else s.values[n] for n in names]
            for s in samples
        ],
        dtype=float,
    )

    k = max(2, min(folds, churned, retained))
    pipeline = make_pipeline(
        SimpleImputer(strategy="median", keep_empty_features=True),
        StandardScaler(),
        LogisticRegression(C=1.0, max_iter=2000),
    )
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    oof = cross_val_predict(pipeline, x, y, cv=splitter, method="predict_proba")[:, 1]
    fold_aucs = [
        float(roc_auc_score(y[test], oof[test])) for _, test in splitter.split(x, y)
    ]
    pipeline.fit(x, y)
    coefficients = pipeline[-1].coef_[0]

    filled = pipeline[0].transform(x)
    separations = [
        _separation(name, filled[:, i], y, float(coefficients[i]))
        for i, name in enumerate(names)
    ]
    separations.sort(key=lambda s: (-abs(s.coefficient), s.indicator))
    best = max(separations, key=lambda s: (s.single_auc, s.indicator))
    return CohortCalibration(
        cohort=cohort,
        outcomes=len(samples),
        churned=churned,
        status="learned",
        folds=k,
        auc_cv=round(float(roc_auc_score(y, oof)), 4),
        auc_folds=[round(a, 4) for a in fold_aucs],
        best_single_indicator=best.indicator,
        best_single_auc=best.single_auc,
        top_decile_lift=_top_decile_lift(y, oof),
        separating=separations,
        proposed_weights=_weights(separations),
    )


def _separation(
    name: str, x: NDArray[np.float64], y: NDArray[np.int_], coef: float
) -> Separation:
    auc = float(roc_auc_score(y, x)) if len(set(x.tolist())) > 1 else 0.5
    cut, below_rate, above_rate, n_below = _best_cut(x, y)
    return Separation(
        indicator=name,
        coefficient=round(coef, 4),
        single_auc=round(max(auc, 1 - auc), 4),
        mean_retained=round(float(x[y == 0].mean()), 4),
        mean_churned=round(float(x[y == 1].mean()), 4),
        threshold=round(cut, 4),
        churn_when="below" if below_rate > above_rate else "at_or_above",
        churn_rate_below=round(below_rate, 4),
        churn_rate_at_or_above=round(above_rate, 4),
        n_below=n_below,
        n_at_or_above=len(x) - n_below,
    )


def _best_cut(
    x: NDArray[np.float64], y: NDArray[np.int_]
) -> tuple[float, float, float, int]:
    """The cut c maximizing |log odds(churn | x < c) - log odds(churn | x >= c)|."""
    values = np.unique(x)
    if len(values) > 60:
        values = np.unique(np.quantile(x, np.linspace(0.02, 0.98, 49)))
    min_side = max(5, math.ceil(0.05 * len(x)))
    best = (float(values[0]), 0.0, 0.0, 0)
    best_gap = -1.0
    for cut in values[1:] if len(np.unique(x)) <= 60 else values:
        below = x < cut
        n_below = int(below.sum())
        if n_below < min_side or len(x) - n_below < min_side:
            continue
        churn_below = float(y[below].sum())
        churn_above = float(y[~below].sum())
        # Half a count in every cell keeps the odds finite at perfect separation.
        odds_below = (churn_below + 0.5) / (n_below - churn_below + 0.5)
        odds_above = (churn_above + 0.5) / (len(x) - n_below - churn_above + 0.5)
        gap = abs(math.log(odds_below) - math.log(odds_above))
        if gap > best_gap + 1e-12:
            best_gap = gap
            best = (
                float(cut),
                churn_below / n_below,
                churn_above / (len(x) - n_below),
                n_below,
            )
    return best


def _top_decile_lift(y: NDArray[np.int_], risk: NDArray[np.float64]) -> float:
    """Churn rate among the riskiest tenth divided by the overall churn rate."""
    order = np.argsort(-risk, kind="stable")
    top = order[: max(1, math.ceil(len(y) / 10))]
    base = float(y.mean())
    return round(float(y[top].mean()) / base, 4) if base else 0.0


def _weights(separations: Sequence[Separation], keep: int = 6) -> dict[str, float]:
    """Weights proportional to |coefficient| over the strongest indicators, summing
    to 100 in whole points (largest remainders get the rounding)."""
    top = [s for s in separations[:keep] if abs(s.coefficient) > 0]
    total = sum(abs(s.coefficient) for s in top)
    if not top or total <= 0:
        return {}
    shares = [(s.indicator, 100.0 * abs(s.coefficient) / total) for s in top]
    floors = {name: math.floor(share) for name, share in shares}
    left = 100 - sum(floors.values())
    by_remainder = sorted(shares, key=lambda item: (-(item[1] % 1), item[0]))
    for name, _ in by_remainder[:left]:
        floors[name] += 1
    return {name: float(points) for name, points in floors.items() if points > 0}
