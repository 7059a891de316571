"""A first meeting brief for one account and one audience."""

from __future__ import annotations

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.common import (
    audience_label,
    health_headline,
    passage_line,
    renewal_text,
)
from assistant.intents.facts import gather
from assistant.intents.registry import IntentSpec, register
from assistant.intents.talking_points import points


def handle(turn: Turn, out: Writer) -> None:
    """Health and trend, risks, expansion, recent notes, points, agenda, questions."""
    account = turn.account
    facts = gather(turn, out)
    profile = turn.tools.account_profile(account)
    label = audience_label(turn) or "department head"
    out.add(f"**Meeting brief: {account.name}** (audience: {label})")
    out.heading("Health and trend")
    out.add(f"- {health_headline(out, facts.health_id, facts.health)}.")
    out.add(f"- {renewal_text(out, profile, account, turn)}.")
    out.heading("Risks")
    if facts.health.flags:
        for flag in facts.health.flags:
            out.add(f"- {flag.description} ({flag.severity}).")
    else:
        out.add("- No risk rule fires.")
    expansion, _ = turn.tools.expansion(account)
    out.heading("Expansion signals")
    if expansion.signals:
        for signal in expansion.signals:
            out.add(f"- {signal.description}.")
    else:
        out.add("- None right now.")
    notes = turn.tools.search(
        f"{account.name} meeting notes actions",
        account_id=account.account_id,
        kind="note",
        k=2,
    )
    out.heading("Recent notes")
    if notes:
        for passage, pid in notes:
            out.add(
                passage_line(
                    passage.title,
                    " > ".join(passage.heading_path),
                    passage.snippet,
                    pid,
                )
            )
    else:
        out.add("- No notes on record.")
    out.heading(f"Talking points for the {label}")
    for point in points(turn, out, facts):
        out.add(f"- {point}")
    out.heading("Suggested agenda")
    out.add("- Their goals and what changed on their side")
    out.add("- Adoption and outcomes against target")
    out.add("- Open issues and owners")
    out.add("- Next steps")
    out.heading("Questions to ask")
    out.add("- What would make this a clear success at renewal?")
    out.add("- Who else should be involved in the next review?")


register(
    IntentSpec(
        name="meeting_brief",
        description="A prep brief for a meeting with one account and audience.",
        handler=handle,
        single_account=True,
        follow_ups=(
            "Now for the technical team",
            "Draft a follow-up email to {account}",
            "Why did {account}'s health change?",
        ),
    )
)
