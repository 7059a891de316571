"""Talking points for one account and one audience, from the same grounded facts."""

from __future__ import annotations

from assistant.drafting.compose import compose_talking_points
from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.registry import IntentSpec, register


def handle(turn: Turn, out: Writer) -> None:
    """Points in the audience's own terms, addressed to a contact, each cited."""
    turn.audience = compose_talking_points(
        turn.tools, turn.account, out, turn.audience, turn.question
    )


register(
    IntentSpec(
        name="talking_points",
        description="Talking points for one account's department head, end users or "
        "technical team.",
        handler=handle,
        single_account=True,
        follow_ups=(
            "Now for the technical team",
            "Draft an email to {account} with these points",
            "Prep me for my meeting with {account}",
        ),
    )
)
