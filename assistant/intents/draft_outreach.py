"""A draft of outreach to one account, in the channel and audience asked for."""

from __future__ import annotations

from assistant.drafting.compose import compose_outreach
from assistant.drafting.outreach_text import Sender
from assistant.drafting.session import sender_for
from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.registry import IntentSpec, register


def handle(turn: Turn, out: Writer) -> None:
    """Adoption, training, review, renewal or expansion outreach; never sent."""
    turn.channel = turn.channel or "email"
    name, title = sender_for(turn.tools.services, turn.principal, turn.account)
    turn.audience = compose_outreach(
        turn.tools,
        turn.account,
        out,
        sender=Sender(name, title),
        audience=turn.audience,
        channel=turn.channel,
        question=turn.question,
    )


register(
    IntentSpec(
        name="draft_outreach",
        description="Draft an email, Slack or in-app message to one account: adoption "
        "nudge, training offer, business review, renewal or expansion.",
        handler=handle,
        single_account=True,
        follow_ups=(
            "Make it for the technical team",
            "Now as a Slack message",
            "Give me talking points for {account}'s department head",
        ),
    )
)
