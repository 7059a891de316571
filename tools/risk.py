"""Risk rules of the health model, evaluated for one account's cohort."""

from __future__ import annotations

import operator
from collections.abc import Callable

from tools.health_model import Cohort, HealthModel, Rule
from tools.results import BandOrNone, ConditionCheck, RiskFlag

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
}


def evaluate_rules(
    model: HealthModel,
    cohort: Cohort,
    values: dict[str, float | None],
    band: BandOrNone,
) -> list[RiskFlag]:
    """Flags for every rule of this cohort that holds; rules lacking data stay quiet.

    A rule whose indicator has no value (no usage yet, no seats) is not evaluated:
    the absence of data is reported as a gap by the caller, never as a risk.
    """
    flags: list[RiskFlag] = []
    for rule in model.rules:
        if rule.cohorts is not None and cohort.name not in rule.cohorts:
            continue
        flag = _evaluate(rule, values, band)
        if flag is not None:
            flags.append(flag)
    severity_order = {"high": 0, "medium": 1, "low": 2}
    flags.sort(key=lambda f: (severity_order.get(f.severity, 3), f.rule))
    return flags


def _evaluate(
    rule: Rule, values: dict[str, float | None], band: BandOrNone
) -> RiskFlag | None:
    observed = values.get(rule.indicator)
    if observed is None or not _OPS[rule.op](observed, rule.value):
        return None
    checks: list[ConditionCheck] = []
    for cond in rule.only_if:
        if cond.band is not None:
            if band != cond.band:
                return None
            checks.append(
                ConditionCheck(
                    indicator=None,
                    band=cond.band,
                    op="==",
                    threshold=cond.band,
                    observed=band,
                )
            )
            continue
        seen = values.get(cond.indicator or "")
        threshold = cond.value if cond.value is not None else 0.0
        if seen is None or not _OPS[cond.op](seen, threshold):
            return None
        checks.append(
            ConditionCheck(
                indicator=cond.indicator,
                band=None,
                op=cond.op,
                threshold=threshold,
                observed=round(seen, 4),
            )
        )
    return RiskFlag(
        rule=rule.id,
        description=rule.description,
        severity=rule.severity,
        indicator=rule.indicator,
        op=rule.op,
        threshold=rule.value,
        observed=round(observed, 4),
        conditions=checks,
    )
