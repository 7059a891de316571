"""Why an account's health changed: indicator contributions now versus before."""

from __future__ import annotations

from datetime import timedelta

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.common import health_headline, passage_line, value_text
from assistant.intents.registry import IntentSpec, register
from tools.results import HealthReport, IndicatorScore


def handle(turn: Turn, out: Writer) -> None:
    """Compare each indicator's points with the previous window's."""
    account = turn.account
    report, eid = turn.tools.health(account)
    out.add(f"**{account.name}**: {health_headline(out, eid, report)}.")
    if report.score is None or report.previous_score is None:
        out.no_data(f"a previous health score for {account.name} to compare with")
        out.add(
            "There is no earlier score to compare with, so I cannot say what changed."
        )
        return

    before, bid = _previous(turn)
    previous = {r.name: r for r in before.indicators}
    moves = []
    for row in report.indicators:
        old = previous.get(row.name)
        if old is None:
            continue
        moves.append((row.contribution - old.contribution, row, old))
    moves.sort(key=lambda m: abs(m[0]), reverse=True)
    out.heading("What moved (points of the score)")
    for delta, row, old in moves[:3]:
        if abs(delta) < 0.05:
            continue
        way = "added" if delta > 0 else "cost"
        now_v = _value(out, eid, row, row.value)
        old_v = _value(out, bid, row, old.value)
        pts = out.fig(bid, f"{row.label} points before", old.contribution, "float")
        pts_now = out.fig(eid, f"{row.label} points now", row.contribution, "float")
        out.add(
            f"- {row.label}: {old_v} → {now_v}; it {way} points ({pts} → {pts_now})."
        )
    for flag in report.flags:
        out.add(f"- New risk flag: {flag.description}.")

    notes = turn.tools.search(
        f"{account.name} recent changes adoption usage",
        account_id=account.account_id,
        kind="note",
        k=2,
    )
    if notes:
        out.heading("From recent notes")
        for passage, pid in notes:
            out.add(
                passage_line(
                    passage.title,
                    " > ".join(passage.heading_path),
                    passage.snippet,
                    pid,
                )
            )


def _previous(turn: Turn) -> tuple[HealthReport, str]:
    """The health report one window earlier (its own tool call and evidence)."""
    window = turn.tools.services.health_model.window_days
    return turn.tools.health(turn.account, as_of=turn.as_of - timedelta(days=window))


def _value(out: Writer, eid: str, row: IndicatorScore, value: float | None) -> str:
    if value is None:
        return "no data"
    return value_text(out, eid, row.label, row.unit, value)


register(
    IntentSpec(
        name="why_changed",
        description="Why an account's health score changed since the previous window.",
        handler=handle,
        follow_ups=(
            "What would bring {account} back to green?",
            "Show usage detail for {account}",
            "Draft an email to {account} about adoption",
        ),
    )
)
