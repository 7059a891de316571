"""Usage detail of one account over a window: logins, users, seats, features."""

from __future__ import annotations

from assistant.engine.turn import DEFAULT_WINDOW_DAYS, Turn
from assistant.engine.writer import Writer
from assistant.intents.common import value_text
from assistant.intents.registry import IntentSpec, register

_SHOWN = (
    "logins",
    "login_change_pct",
    "active_users",
    "seat_utilization_pct",
    "logins_per_active_user",
    "key_features_used",
    "messages",
    "value_attainment_pct",
    "open_tickets",
)


def handle(turn: Turn, out: Writer) -> None:
    """The usage report as bullet points, each figure cited."""
    account = turn.account
    days = turn.window_days or DEFAULT_WINDOW_DAYS
    turn.window_days = days
    report, eid = turn.tools.usage(account, days)
    shown_days = out.fig(eid, "window days", report.window.days, "days")
    out.add(
        f"**{account.name}** usage over the {shown_days} days from "
        f"{report.window.start.isoformat()} to {report.window.end.isoformat()}:"
    )
    if report.gaps and all(m.value in (None, 0) for m in report.metrics[:3]):
        out.no_data(f"usage of {account.name} in this window")
    metrics = {m.name: m for m in report.metrics}
    for name in _SHOWN:
        metric = metrics.get(name)
        if metric is None or metric.value is None:
            continue
        shown = value_text(out, eid, metric.label, metric.unit, metric.value)
        out.add(f"- {metric.label}: {shown}")
    if report.key_features_unused:
        unused = ", ".join(report.key_features_unused[:6])
        out.add(f"- Key features not used in the window: {unused}.")
    top = sorted(report.feature_depth, key=lambda f: -f.events)[:3]
    if top:
        parts = [
            f"{f.name} ({out.fig(eid, f'{f.name} events', f.events, 'int')} events)"
            for f in top
        ]
        out.add(f"- Most used: {', '.join(parts)}.")
    for gap in report.gaps:
        out.add(f"- Gap: {gap}.")


register(
    IntentSpec(
        name="usage",
        description="Usage metrics of one account over a time window.",
        handler=handle,
        follow_ups=(
            "How is {account} doing overall?",
            "Any expansion opportunities at {account}?",
            "Draft an in-app nudge for {account}'s users about unused features",
        ),
    )
)
