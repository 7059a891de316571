"""Risk: one account's risk flags, or the asker's riskiest accounts."""

from __future__ import annotations

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.common import health_headline
from assistant.intents.portfolio import ranking
from assistant.intents.registry import IntentSpec, register
from assistant.intents.status import explain


def handle(turn: Turn, out: Writer) -> None:
    """Flags and weak indicators of an account, or the at-risk ranking."""
    if not turn.accounts:
        ranking(turn, out, at_risk_only=True)
        return
    account = turn.account
    report, eid = turn.tools.health(account)
    out.add(f"**{account.name}**: {health_headline(out, eid, report)}.")
    if report.score is None:
        out.no_data(f"usage data for {account.name}")
        for gap in report.gaps:
            out.add(f"- Gap: {gap}.")
        return
    if not report.flags:
        out.add("- No risk rule fires for this account.")
    explain(out, eid, report)


register(
    IntentSpec(
        name="risk",
        description="Risk flags of one account, or the asker's at-risk accounts.",
        handler=handle,
        account="optional",
        follow_ups=(
            "What would bring {account} back to green?",
            "Draft an escalation for {account}",
            "What does the renewal risk playbook say?",
        ),
    )
)
