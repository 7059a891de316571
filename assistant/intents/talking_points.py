"""Talking points for one account and one audience, from the same grounded facts."""

from __future__ import annotations

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.common import audience_label, passage_line
from assistant.intents.facts import AccountFacts, gather
from assistant.intents.registry import IntentSpec, register


def handle(turn: Turn, out: Writer) -> None:
    """Three to five points in the audience's own terms."""
    facts = gather(turn, out)
    label = audience_label(turn) or "department head"
    out.add(f"**Talking points for {turn.account.name}'s {label}**")
    for point in points(turn, out, facts):
        out.add(f"- {point}")
    _guidance(turn, out)


def points(turn: Turn, out: Writer, facts: AccountFacts) -> list[str]:
    """The points for the turn's audience (department head by default)."""
    audience = turn.audience or "department_head"
    if audience == "technical":
        return facts.technical_points(out)
    if audience == "end_user":
        return facts.end_user_points(out)
    return facts.department_head_points(out)


def _guidance(turn: Turn, out: Writer) -> None:
    topic = {
        "technical": "technical team integrations support reliability",
        "end_user": "end users training workflow adoption",
    }.get(turn.audience or "", "department head business value outcomes review")
    found = turn.tools.search(topic, kind="playbook", k=1)
    for passage, pid in found:
        out.heading("From the playbooks")
        out.add(
            passage_line(
                passage.title, " > ".join(passage.heading_path), passage.snippet, pid
            )
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
