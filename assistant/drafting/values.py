"""Value metrics per metric: latest period, attainment and the year's total."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from knowledge.queries.account_activity import ValuePeriod

_LABELS = {
    "cost_savings": "Cost savings",
    "hours_saved": "Hours saved",
    "qualified_leads": "Qualified leads",
    "time_to_fill_hours": "Time to fill a shift (hours)",
}
# Metrics whose values are money in the account's currency; sums of them are value
# that can be set against the subscription price.
MONEY_METRICS = frozenset({"cost_savings", "revenue_influenced", "revenue"})


@dataclass(frozen=True)
class ValueSummary:
    """One value metric: its latest period against target and its recent total."""

    metric: str
    label: str
    latest: float
    target: float | None
    period_end: date
    higher_is_better: bool
    attainment_pct: float | None
    total: float
    periods: int
    is_money: bool

    def as_data(self) -> dict[str, object]:
        """The summary as JSON-ready evidence data."""
        return {
            "metric": self.metric,
            "latest": self.latest,
            "target": self.target,
            "period_end": self.period_end.isoformat(),
            "attainment_pct": self.attainment_pct,
            "total": self.total,
            "periods": self.periods,
            "higher_is_better": self.higher_is_better,
        }


def metric_label(metric: str) -> str:
    """'Hours saved' for 'hours_saved'."""
    return _LABELS.get(metric, metric.replace("_", " ").capitalize())


def summarize_values(history: list[ValuePeriod]) -> list[ValueSummary]:
    """One summary per metric, in metric order; ``history`` sorted by metric, end."""
    found: list[ValueSummary] = []
    for metric, rows_iter in groupby(history, key=lambda p: p.metric):
        rows = list(rows_iter)
        last = rows[-1]
        found.append(
            ValueSummary(
                metric=metric,
                label=metric_label(metric),
                latest=last.value,
                target=last.target,
                period_end=last.period_end,
                higher_is_better=last.higher_is_better,
                attainment_pct=_attainment(last),
                total=round(sum(r.value for r in rows), 2),
                periods=len(rows),
                is_money=metric in MONEY_METRICS,
            )
        )
    return found


def _attainment(period: ValuePeriod) -> float | None:
    """Percent of target reached (inverted when lower is better)."""
    if period.target is None or period.target == 0 or period.value == 0:
        return None if period.target in (None, 0) else 0.0
    ratio = (
        period.value / period.target
        if period.higher_is_better
        else period.target / period.value
    )
    return round(100.0 * ratio, 1)
