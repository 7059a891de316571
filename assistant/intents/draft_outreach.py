"""A first draft of outreach to one account, in the channel and audience asked for."""

from __future__ import annotations

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.common import audience_label
from assistant.intents.facts import gather
from assistant.intents.registry import IntentSpec, register
from assistant.intents.talking_points import points


def handle(turn: Turn, out: Writer) -> None:
    """Greeting, two or three grounded points, one clear ask; shaped by channel."""
    facts = gather(turn, out)
    channel = turn.channel or "email"
    turn.channel = channel
    label = audience_label(turn) or "department head"
    body = points(turn, out, facts)[:3]
    kind = channel.replace("_", "-")
    out.add(
        f"**Draft {kind} to {turn.account.name}, for the {label}** "
        "(review before sending)"
    )
    out.add("")
    if channel == "email":
        out.add(f"Subject: {turn.account.name}: where things stand and a next step")
        out.add("")
        out.add("Hi <name>,")
        out.add("")
        out.add("A quick update from our side, based on the latest data:")
        for point in body:
            out.add(f"- {point}")
        out.add("")
        out.add("Could we find half an hour in the next two weeks to go through this?")
        out.add("")
        out.add("Best regards,")
        out.add(turn.principal.name)
    elif channel == "slack":
        out.add("Hi <name>! Quick update from our side:")
        for point in body[:2]:
            out.add(f"• {point}")
        out.add("Would a short call this week help?")
    else:
        out.add("In-app message:")
        out.add(f"> {body[0] if body else 'Tips to get more out of the product.'}")
        out.add("> Button: Show me how")


register(
    IntentSpec(
        name="draft_outreach",
        description="Draft an email, Slack or in-app message to one account.",
        handler=handle,
        single_account=True,
        follow_ups=(
            "Make it for the technical team",
            "Now as a Slack message",
            "Give me talking points for {account}'s department head",
        ),
    )
)
