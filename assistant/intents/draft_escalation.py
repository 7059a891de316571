"""A draft of an internal escalation: impact, ARR, severity, timeline, ask, owner."""

from __future__ import annotations

from assistant.drafting.compose import compose_escalation
from assistant.drafting.escalation_text import read_request
from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.registry import IntentSpec, register


def handle(turn: Turn, out: Writer) -> None:
    """The escalation to the team the question names (support by default)."""
    compose_escalation(turn.tools, turn.account, out, read_request(turn.question))


register(
    IntentSpec(
        name="draft_escalation",
        description="Draft an internal escalation about one account to support, "
        "engineering, product or account leadership.",
        handler=handle,
        single_account=True,
        follow_ups=(
            "What does the sev1 escalation playbook say?",
            "Draft an email to {account} about the issue",
            "Prep me for my meeting with {account}",
        ),
    )
)
