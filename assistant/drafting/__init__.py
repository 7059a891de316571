"""Talking points, outreach and escalation drafts, grounded in one account's facts.

Plain functions for the HTTP API and the CLI live in :mod:`assistant.drafting.api`;
the intents behind ``csm ask`` call :mod:`assistant.drafting.compose`.
"""
