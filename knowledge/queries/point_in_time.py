"""Point-in-time figures per target: open tickets and value metrics against target."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Table, and_, func, or_, select

from knowledge.models import Ticket, ValueMetric

if TYPE_CHECKING:
    from knowledge.queries.indicators import RawIndicators


def open_tickets(conn: Connection, t: Table, result: dict[str, RawIndicators]) -> None:
    """Tickets open at each target's cutoff, by severity, and the oldest sev1."""
    tk = Ticket.__table__
    # A ticket was open at the cutoff if it was opened before it and not yet closed;
    # a ticket marked closed without a close time counts as closed.
    still_open = or_(
        tk.c.closed_at > t.c.cutoff,
        and_(tk.c.closed_at.is_(None), tk.c.status != "closed"),
    )
    query = (
        select(t.c.key, tk.c.severity, func.count(), func.min(tk.c.opened_at))
        .select_from(t)
        .join(
            tk,
            and_(
                tk.c.account_id == t.c.account_id,
                tk.c.opened_at < t.c.cutoff,
                still_open,
            ),
        )
        .group_by(t.c.seq, tk.c.severity)
    )
    for key, severity, count, oldest in conn.execute(query):
        raw = result[key]
        raw.open_tickets[severity] = int(count)
        if severity == "sev1":
            raw.oldest_open_sev1 = _aware(oldest)


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands timestamps back naive; they were stored in UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def value_attainment(
    conn: Connection, t: Table, result: dict[str, RawIndicators]
) -> None:
    vm = ValueMetric.__table__
    query = (
        select(
            t.c.key,
            vm.c.metric,
            vm.c.period_end,
            vm.c.value,
            vm.c.target,
            vm.c.higher_is_better,
        )
        .select_from(t)
        .join(
            vm,
            and_(
                vm.c.account_id == t.c.account_id,
                vm.c.period_end <= t.c.as_of,
                vm.c.target.is_not(None),
            ),
        )
        .order_by(t.c.key, vm.c.metric, vm.c.period_end)
    )
    latest: dict[str, dict[str, tuple[float, float, bool]]] = defaultdict(dict)
    for key, metric, _end, value, target, higher in conn.execute(query):
        # Rows come oldest first, so the last one written per metric is the latest.
        latest[key][metric] = (float(value), float(target), bool(higher))
    for key, metrics in latest.items():
        raw = result[key]
        ratios: list[float] = []
        for metric, (value, target, higher) in sorted(metrics.items()):
            raw.value_metrics.append((metric, value, target, higher))
            ratios.append(_attainment(value, target, higher))
        raw.value_attainment_pct = sum(ratios) / len(ratios)


def _attainment(value: float, target: float, higher_is_better: bool) -> float:
    """Percent of target reached; for lower-is-better metrics, target / value."""
    if higher_is_better:
        return 100.0 * value / target if target else 100.0
    if value <= 0:
        return 100.0 if target >= 0 else 0.0
    return 100.0 * target / value
