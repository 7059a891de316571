"""Questions that cannot be answered as asked get a clear reply, never a crash."""

from __future__ import annotations

from assistant.answers import Answer, AskContext

MAX_QUESTION_CHARS = 2000
EXAMPLE_QUESTIONS = (
    "How is <account> doing?",
    "Which of my accounts renew soon and are at risk?",
    "What does the renewal risk playbook say?",
)


def rejected(question: str, context: AskContext) -> Answer | None:
    """An answer for a question too empty, too long or wordless; None if fine."""
    stripped = question.strip()
    if not stripped:
        return _clarify(question, context, "Your message is empty.")
    if len(stripped) > MAX_QUESTION_CHARS:
        return _clarify(
            question[:MAX_QUESTION_CHARS],
            context,
            "That message is too long to answer well; ask one question in a "
            "sentence or two.",
        )
    if not any(c.isalpha() for c in stripped):
        return _clarify(question, context, "I found no words to answer.")
    return None


def _clarify(question: str, context: AskContext, opening: str) -> Answer:
    examples = "; ".join(f"“{q}”" for q in EXAMPLE_QUESTIONS)
    text = (
        f"{opening} Ask me about an account, your portfolio or a playbook, "
        f"for example: {examples}"
    )
    return Answer(
        question=question,
        status="needs_clarification",
        intent="help",
        text=text,
        clarification=text,
        follow_ups=list(EXAMPLE_QUESTIONS),
        thread_id=context.thread_id,
        asker=context.asker,
    )
