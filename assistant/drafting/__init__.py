"""Talking points, outreach and escalation drafts, grounded in one account's facts.

Plain functions for the HTTP API and the CLI live in :mod:`assistant.drafting.api`;
the intents behind ``csm ask`` call :mod:`assistant.drafting.compose`.
"""

# The engine package registers the intents, which import this package's modules:
# loading it first keeps that cycle one-directional whichever module is imported
# first.
import assistant.engine  # noqa: F401, E402
