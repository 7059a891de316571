"""Intent handlers; importing this package registers every built-in intent.

To add an intent: write a module here that calls ``registry.register`` and import
it below, then add labelled examples to ``assistant/data/intent_examples.yaml``.
"""

from assistant.intents import (  # noqa: F401  # imported to register the handlers
    draft_escalation,
    draft_outreach,
    expansion,
    help,
    meeting_brief,
    playbook,
    portfolio,
    risk,
    status,
    talking_points,
    usage,
    why_changed,
)
