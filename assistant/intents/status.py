"""Status and health of one account: score, drivers, flags, path to green."""

from __future__ import annotations

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.common import (
    health_headline,
    indicator_text,
    renewal_text,
    strongest,
    weakest,
    window_text,
)
from assistant.intents.registry import IntentSpec, register
from tools.results import HealthReport

_FOCUS = {
    "department_head": "For a department head, lead with outcomes and value against "
    "target.",
    "end_user": "For end users, talk about their daily workflow and the features "
    "they do not use yet.",
    "technical": "For the technical team, start with open tickets, integrations and "
    "reliability.",
}


def handle(turn: Turn, out: Writer) -> None:
    """Health of the account with its explanation."""
    account = turn.account
    report, eid = turn.tools.health(account)
    profile = turn.tools.account_profile(account)

    headline = health_headline(out, eid, report)
    out.add(
        f"**{account.name}** ({account.account_id}): {headline}"
        f", over {window_text(out, eid, report)}."
    )
    out.add(f"- {renewal_text(out, profile, account, turn)}.")
    if report.score is None:
        out.no_data(f"usage data for {account.name}")
        for gap in report.gaps:
            out.add(f"- Gap: {gap}.")
        return
    explain(out, eid, report)
    if turn.audience in _FOCUS:
        out.add("")
        out.add(_FOCUS[turn.audience])


def explain(out: Writer, eid: str, report: HealthReport) -> None:
    """Drivers, flags, path to green and gaps of a health report."""
    strong = strongest(report)
    if strong:
        out.add(
            "- Strongest: "
            + "; ".join(indicator_text(out, eid, r) for r in strong)
            + "."
        )
    weak = weakest(report)
    if weak:
        out.add(
            "- Holding it back: "
            + "; ".join(indicator_text(out, eid, r) for r in weak)
            + "."
        )
    for flag in report.flags:
        observed = out.fig(eid, f"{flag.rule} observed", flag.observed, "auto")
        threshold = out.fig(eid, f"{flag.rule} threshold", flag.threshold, "auto")
        out.add(
            f"- Risk ({flag.severity}): {flag.description} "
            f"(observed {observed}, rule {flag.op} {threshold})."
        )
    green = report.to_green
    if green is not None and not green.already_green:
        moves = green.single_moves[:1] or green.combined
        if moves:
            steps = []
            for move in moves:
                now = out.fig(eid, f"{move.label} now", move.current, "auto")
                target = out.fig(eid, f"{move.label} target", move.target, "auto")
                gain = out.fig(eid, f"{move.label} gain", move.gain, "points")
                steps.append(f"{move.label} from {now} to {target} (+{gain} points)")
            out.add("- Back to green: move " + " and ".join(steps) + ".")
        else:
            out.add("- No single change brings it back to green within the model.")
    for gap in report.gaps:
        out.add(f"- Gap: {gap}.")


register(
    IntentSpec(
        name="status",
        description="Health and status of one account, explained.",
        handler=handle,
        follow_ups=(
            "Why did {account}'s health change?",
            "Show usage detail for {account}",
            "Give me talking points for {account}'s department head",
        ),
    )
)
