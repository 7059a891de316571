"""Domain errors and unexpected failures turned into what the asker reads in Slack."""

from __future__ import annotations

from knowledge.errors import (
    CsmError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    UpstreamUnavailableError,
)

UNKNOWN_USER = (
    "I can't match your Slack account to anyone on the customer-success team, so "
    "I can't show you account data. Ask CS ops to add your Slack user id or your "
    "email to the team list, then ask me again."
)
SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong while answering. It has been logged; please try "
    "again in a minute."
)


def message_for(error: Exception) -> str:
    """The sentence a Slack user sees for an error (never a stack trace)."""
    if isinstance(error, ForbiddenError):
        return f":lock: {error.message}"
    if isinstance(error, NotFoundError):
        return f":mag: {error.message}"
    if isinstance(error, InvalidInputError):
        return f":warning: {error.message}"
    if isinstance(error, UpstreamUnavailableError):
        return (
            ":hourglass: A data store is not reachable right now "
            f"({error.message}). Please try again shortly."
        )
    if isinstance(error, CsmError):
        return f":warning: {error.message}"
    return SOMETHING_WENT_WRONG
