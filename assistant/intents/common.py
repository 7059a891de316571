"""Sentences several intents share: health lines, indicator values, citations."""

from __future__ import annotations

from assistant.answers import AUDIENCE_LABELS
from assistant.engine.turn import Turn
from assistant.engine.writer import Style, Writer
from knowledge.queries.accounts import AccountRecord
from tools.results import HealthReport, IndicatorScore

_UNIT_STYLE: dict[str, Style] = {
    "%": "pct",
    "logins": "int",
    "users": "int",
    "messages": "int",
    "tickets": "int",
    "days": "int",
    "features": "int",
    "logins/user": "float",
}
_UNIT_SUFFIX = {
    "logins": " logins",
    "users": " users",
    "messages": " messages",
    "tickets": " tickets",
    "days": " days",
    "features": " features",
    "logins/user": " logins per user",
}


def indicator_text(out: Writer, evidence_id: str, row: IndicatorScore) -> str:
    """'Seat utilization 72.8%' with the value cited, or 'no data'."""
    if row.value is None:
        return f"{row.label}: no data"
    style = _UNIT_STYLE.get(row.unit, "float")
    shown = out.fig(evidence_id, row.label, row.value, style)
    return f"{row.label} {shown}{_UNIT_SUFFIX.get(row.unit, '')}"


def value_text(
    out: Writer, evidence_id: str, label: str, unit: str, value: float
) -> str:
    """A metric value formatted by its unit and cited."""
    style = _UNIT_STYLE.get(unit, "float")
    shown = out.fig(evidence_id, label, value, style)
    return f"{shown}{_UNIT_SUFFIX.get(unit, '')}"


def health_headline(out: Writer, evidence_id: str, report: HealthReport) -> str:
    """'health 78.8 (green), down 4.1 points since the previous 30 days'."""
    if report.score is None:
        return "health not scored yet (no usage recorded)"
    score = out.fig(evidence_id, "health score", report.score, "score")
    line = f"health **{score}** ({report.band})"
    if report.change is not None and report.previous_score is not None:
        delta = out.fig(
            evidence_id, "change since previous window", report.change, "points"
        )
        if abs(report.change) < 0.05:
            line += ", unchanged since the previous window"
        else:
            way = "up" if report.change > 0 else "down"
            line += f", {way} {delta} points since the previous window"
    else:
        line += ", no score for the previous window to compare with"
    return line


def window_text(out: Writer, evidence_id: str, report: HealthReport) -> str:
    """'the 30 days to 2026-11-30'."""
    days = out.fig(evidence_id, "window days", report.provenance.window.days, "days")
    return f"the {days} days to {report.provenance.window.end.isoformat()}"


def weakest(report: HealthReport, count: int = 2) -> list[IndicatorScore]:
    """Indicators with data that lose the most points, worst first."""
    rows = [
        r for r in report.indicators if r.sub_score is not None and r.value is not None
    ]
    rows.sort(key=lambda r: (r.effective_weight - r.contribution) * -1)
    return [r for r in rows if r.contribution < r.effective_weight][:count]


def strongest(report: HealthReport, count: int = 2) -> list[IndicatorScore]:
    """Indicators at or near their full weight."""
    rows = [
        r for r in report.indicators if r.sub_score is not None and r.value is not None
    ]
    rows.sort(key=lambda r: -(r.sub_score or 0.0))
    return rows[:count]


def renewal_text(
    out: Writer, profile_id: str, account: AccountRecord, turn: Turn
) -> str:
    """'ARR $457,500; renews 2027-11-08, in 343 days' (from the account profile)."""
    arr = out.fig(profile_id, "ARR", account.arr, "money")
    if account.renewal_date is None:
        return f"ARR {arr}; renewal date unknown"
    days = (account.renewal_date - turn.as_of).days
    shown = out.fig(profile_id, "days to renewal", days, "days")
    when = f"in {shown} days" if days >= 0 else f"{shown} days ago"
    return f"ARR {arr}; renews {account.renewal_date.isoformat()}, {when}"


def audience_label(turn: Turn) -> str | None:
    """'department head' etc., or None."""
    return AUDIENCE_LABELS.get(turn.audience) if turn.audience else None


def passage_line(title: str, heading: str, snippet: str, passage_id: str) -> str:
    """A quoted passage with its citation marker."""
    where = f"{title} › {heading}" if heading else title
    text = " ".join(snippet.split())
    return f"> {text}\n> — *{where}* [{passage_id}]"
