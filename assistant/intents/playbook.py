"""Playbook questions: passages from the knowledge base, cited, or an honest gap."""

from __future__ import annotations

from assistant.engine.turn import Turn
from assistant.engine.writer import Writer
from assistant.intents.common import passage_line
from assistant.intents.registry import IntentSpec, register


def handle(turn: Turn, out: Writer) -> None:
    """The best supporting passages, or no_data when nothing supports the question."""
    account_id = turn.accounts[0].account_id if turn.accounts else None
    passages = turn.tools.search(
        turn.question,
        account_id=account_id,
        kind=None if account_id else "playbook",
        k=3,
        log_question=True,
    )
    if not passages:
        out.no_data("a playbook or note that covers this question")
        out.add(
            "No playbook or note supports an answer to this. I logged the question "
            "so CS ops can see it among the unanswered ones."
        )
        return
    out.add("Here is what our playbooks say:")
    for passage, pid in passages:
        out.add("")
        out.add(
            passage_line(
                passage.title, " > ".join(passage.heading_path), passage.snippet, pid
            )
        )


register(
    IntentSpec(
        name="playbook",
        description="Questions answered from playbooks and notes, with citations.",
        handler=handle,
        account="optional",
        follow_ups=(
            "Which of my accounts are at risk?",
            "Which of my accounts renew in the next 60 days?",
        ),
    )
)
