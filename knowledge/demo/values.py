"""Value metrics: the business outcome each customer gets, against its target."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.demo.records import AccountHistory, Window

# industry -> the two outcomes its buyers measured the product by
_METRICS_BY_INDUSTRY = {
    "Healthcare": ("time_to_fill_hours", "hours_saved"),
    "Staffing": ("time_to_fill_hours", "qualified_leads"),
    "Hospitality": ("time_to_fill_hours", "cost_savings"),
    "Software": ("qualified_leads", "hours_saved"),
    "Financial services": ("qualified_leads", "cost_savings"),
    "Professional services": ("qualified_leads", "hours_saved"),
    "Logistics": ("cost_savings", "hours_saved"),
    "Manufacturing": ("cost_savings", "hours_saved"),
    "Construction": ("cost_savings", "hours_saved"),
    "Energy": ("cost_savings", "hours_saved"),
    "Retail": ("cost_savings", "qualified_leads"),
    "Education": ("hours_saved", "cost_savings"),
}
# metric -> target per seat per month
_TARGET_PER_SEAT = {
    "cost_savings": 85.0,
    "hours_saved": 1.6,
    "qualified_leads": 0.45,
}


@dataclass(frozen=True)
class ValueRow:
    """A row of value_metrics.csv."""

    account_id: str
    metric: str
    value: float
    period_start: date
    period_end: date
    target: float
    higher_is_better: bool


def metrics_for(industry: str) -> tuple[str, str]:
    """The outcomes an account of this industry measures."""
    return _METRICS_BY_INDUSTRY[industry]


def _periods(first: date, last: date, months: int) -> list[tuple[date, date]]:
    periods: list[tuple[date, date]] = []
    year, month = first.year, ((first.month - 1) // months) * months + 1
    while True:
        start = date(year, month, 1)
        month += months
        if month > 12:
            year, month = year + 1, month - 12
        end = date(year, month, 1) - timedelta(days=1)
        if end > last:
            return periods
        if start >= first:
            periods.append((start, end))


def value_rows(
    history: AccountHistory, window: Window, rng: random.Random
) -> list[ValueRow]:
    """Completed monthly (enterprise) or quarterly periods of the account's metrics.

    Achievement against target follows the engagement of the term the period falls
    in, so accounts that use the product more also see more value.
    """
    spec = history.spec
    if not history.daily_logins:
        return []
    first = max(window.start, spec.landed + timedelta(days=30))
    last = history.current.end if history.churned else window.as_of
    months = 1 if spec.segment == "enterprise" else 3
    rows: list[ValueRow] = []
    for metric in metrics_for(spec.industry):
        hours_target = float(rng.choice((36, 48, 72)))
        for start, end in _periods(first, last, months):
            term = history.term_at(start) or history.current
            achieved = 0.72 + 0.22 * term.engagement + rng.gauss(0.0, 0.1)
            achieved = min(1.6, max(0.15, achieved))
            if metric == "time_to_fill_hours":
                target = hours_target
                value = target / max(achieved, 0.35)
                higher = False
            else:
                target = _TARGET_PER_SEAT[metric] * term.seats * months
                value = target * achieved
                higher = True
            rows.append(
                ValueRow(
                    spec.account_id,
                    metric,
                    round(value, 1),
                    start,
                    end,
                    round(target, 1),
                    higher,
                )
            )
    return rows
