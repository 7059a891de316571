"""A meeting-prep brief for one account, answered in Markdown through ``csm ask``."""

from __future__ import annotations

from assistant.briefs.build import build
from assistant.briefs.markdown import render_markdown
from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.registry import IntentSpec, register


def handle(turn: Turn, out: Writer) -> None:
    """Snapshot, health and trend, risks, signals, notes, points, agenda, questions."""
    brief = build(turn.tools, turn.account, out, audience=turn.audience)
    out.add(render_markdown(brief, heading_marks=False).strip())


register(
    IntentSpec(
        name="meeting_brief",
        description="A prep brief for a meeting with one account and its attendees.",
        handler=handle,
        single_account=True,
        follow_ups=(
            "Now for the technical team",
            "Draft a follow-up email to {account}",
            "Why did {account}'s health change?",
        ),
    )
)
