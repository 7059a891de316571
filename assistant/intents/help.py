"""Help: what the assistant can do, with questions to try."""

from __future__ import annotations

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.registry import IntentSpec, register

EXAMPLES = (
    "How is <account> doing?",
    "Why did <account>'s health drop?",
    "Which of my accounts renew next quarter and are at risk?",
    "Give me talking points for <account>'s department head",
    "Draft an escalation to engineering about <account>'s open tickets",
    "What does the renewal risk playbook say?",
)


def handle(turn: Turn, out: Writer) -> None:
    """A short guide; it reads no account data."""
    out.add(
        "I answer questions about your accounts (health, why it changed, usage, "
        "risks, expansion, renewals), search our playbooks, and draft talking "
        "points, outreach, escalations and meeting briefs. Every figure comes with "
        "the tool call behind it. Try:"
    )
    for example in EXAMPLES:
        out.add(f"- {example}")
    out.follow_ups = list(EXAMPLES[:3])


register(
    IntentSpec(
        name="help",
        description="What the assistant can do.",
        handler=handle,
        account="none",
    )
)
