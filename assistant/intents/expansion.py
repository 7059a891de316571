"""Expansion: signals that an account may buy more seats, a higher plan or more."""

from __future__ import annotations

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.common import passage_line
from assistant.intents.registry import IntentSpec, register


def handle(turn: Turn, out: Writer) -> None:
    """Expansion signals, each with its observed figure and threshold."""
    account = turn.account
    report, eid = turn.tools.expansion(account)
    plan = f" on the {report.plan} plan" if report.plan else ""
    if not report.signals:
        out.add(f"**{account.name}**{plan}: no expansion signal fires right now.")
    else:
        out.add(f"**{account.name}**{plan}: expansion signals")
        for signal in report.signals:
            line = f"- {signal.description}"
            if isinstance(signal.observed, int | float) and isinstance(
                signal.threshold, int | float
            ):
                seen = out.fig(
                    eid, f"{signal.signal} observed", signal.observed, "auto"
                )
                bar = out.fig(
                    eid, f"{signal.signal} threshold", signal.threshold, "auto"
                )
                line += f" (observed {seen}, threshold {bar})"
            out.add(line + ".")
    guidance = turn.tools.search(
        "seat expansion upsell cross-sell adjacent features", kind="playbook", k=1
    )
    for passage, pid in guidance:
        out.heading("Playbook")
        out.add(
            passage_line(
                passage.title, " > ".join(passage.heading_path), passage.snippet, pid
            )
        )


register(
    IntentSpec(
        name="expansion",
        description="Expansion signals (seats, growth, plan limits) of one account.",
        handler=handle,
        follow_ups=(
            "Give me talking points for {account}'s department head",
            "Show usage detail for {account}",
            "How is {account} doing?",
        ),
    )
)
