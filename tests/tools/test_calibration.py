"""Calibration recovers a planted rule and refuses cohorts it cannot learn from."""

from __future__ import annotations

import random

import pytest

from knowledge.errors import InvalidInputError
from tools.calibration import learn_cohort
from tools.calibration_data import Sample
from tools.model_file import load_model
from tools.proposal import calibrate_samples


def _planted(n: int, seed: int = 7, cohort: str = "default") -> list[Sample]:
    """Churn exactly when fewer than 5 key features were used in the first 60 days,
    with 5 % of labels flipped; every other indicator is noise."""
    rng = random.Random(seed)
    samples: list[Sample] = []
    for i in range(n):
        breadth = rng.randint(0, 12)
        churned = breadth < 5
        if rng.random() < 0.05:
            churned = not churned
        values: dict[str, float | None] = {
            "key_features_first_60d": float(breadth),
            "logins": float(rng.randint(0, 400)),
            "messages": float(rng.randint(0, 3000)),
            "seat_utilization_pct": rng.uniform(0, 100),
            "open_sev1": float(rng.randint(0, 2)),
        }
        samples.append(Sample(f"S-{i}", f"A-{i}", cohort, churned, 10_000.0, values))
    return samples


def test_calibration_recovers_a_planted_threshold() -> None:
    result = learn_cohort("default", _planted(400))
    top = result.separating[0]
    assert top.indicator == "key_features_first_60d"
    assert top.threshold == 5
    assert top.churn_when == "below"
    assert top.coefficient < 0
    assert result.auc_cv is not None
    assert result.auc_cv > 0.9
    assert result.top_decile_lift is not None
    assert result.top_decile_lift > 1.5
    assert max(result.proposed_weights, key=result.proposed_weights.__getitem__) == (
        "key_features_first_60d"
    )
    assert sum(result.proposed_weights.values()) == 100


def test_cohort_with_too_few_outcomes_is_refused_with_counts() -> None:
    with pytest.raises(InvalidInputError, match="has 30 outcomes .* at least 40"):
        learn_cohort("smb", _planted(30))


def test_proposal_keeps_unlearnable_cohorts_and_plants_learned_rules() -> None:
    model = load_model()
    samples = _planted(300) + _planted(12, seed=3, cohort="enterprise")
    report = calibrate_samples(samples, model, lead_days=30)
    by_name = {c.cohort: c for c in report.cohorts}
    assert by_name["enterprise"].status == "too_few_outcomes"
    assert "has 12 outcomes" in by_name["enterprise"].message
    assert by_name["default"].status == "learned"
    proposed = report.proposed_model
    assert proposed is not None
    assert proposed.cohort("enterprise").weights == model.cohort("enterprise").weights
    learned = {r.id: r for r in proposed.rules}
    rule = learned["learned_default_key_features_first_60d"]
    assert (rule.op, rule.value) == ("<", 5)
    curve = proposed.cohort("default").curves["key_features_first_60d"].curve
    assert curve is not None
    assert curve[0].score == 0
    assert curve[-1].score == 100
