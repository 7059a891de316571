"""Expected figures, computed by calling the tools themselves (never hard-coded)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from assistant.engine.writer import Style, format_value
from knowledge.queries.accounts import get_account
from tools.health import score_account
from tools.health_model import HealthModel
from tools.usage import usage_report

_USAGE_STYLES: dict[str, Style] = {
    "logins": "int",
    "active_users": "int",
    "seat_utilization_pct": "pct",
    "login_change_pct": "pct",
    "messages": "int",
}


def expected_figure(
    engine: Engine, model: HealthModel, key: str, account_id: str, as_of: date
) -> str | None:
    """The text a figure must appear as, or None when the tool has no value.

    Keys: ``score``, ``change``, ``arr``, ``days_to_renewal``, and
    ``<usage metric>:<days>`` such as ``logins:14``.
    """
    name, _, days = key.partition(":")
    if name in ("score", "change"):
        report = score_account(engine, model, account_id, as_of)
        value = report.score if name == "score" else report.change
        return (
            None
            if value is None
            else format_value(value, "score" if name == "score" else "points")
        )
    record = get_account(engine, account_id)
    if record is None:
        return None
    if name == "arr":
        return format_value(record.arr, "money")
    if name == "days_to_renewal":
        if record.renewal_date is None:
            return None
        return format_value((record.renewal_date - as_of).days, "days")
    if name in _USAGE_STYLES:
        report_u = usage_report(engine, account_id, as_of, int(days or 30))
        metric = next(m for m in report_u.metrics if m.name == name)
        return (
            None
            if metric.value is None
            else format_value(metric.value, _USAGE_STYLES[name])
        )
    raise KeyError(f"unknown figure key '{key}'")
