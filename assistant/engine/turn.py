"""What an intent handler receives: the question, its reading, accounts and tools."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.answers import Audience, Channel
from assistant.engine.toolbox import Toolbox
from assistant.engine.understanding import Understanding
from assistant.permissions import Principal
from knowledge.queries.accounts import AccountRecord

DEFAULT_WINDOW_DAYS = 30
DEFAULT_RENEWAL_DAYS = 90


@dataclass
class Turn:
    """One question being answered.

    Attributes:
        question: The question as asked (already length-checked).
        understanding: Intent, mentions and slots read from the question.
        accounts: Resolved accounts the asker may see in full (may be empty for
            intents that do not need one).
        principal: The asker and their rights.
        tools: Permission-checked tools; every call becomes evidence.
        as_of: The last day whose data counts.
        audience: Audience for talking points and drafts (None = not said).
        channel: Channel of a draft (None = not said).
        window_days: Time window the question named, if any.
    """

    question: str
    understanding: Understanding
    accounts: list[AccountRecord]
    principal: Principal
    tools: Toolbox
    as_of: date
    audience: Audience | None = None
    channel: Channel | None = None
    window_days: int | None = None

    @property
    def account(self) -> AccountRecord:
        """The single account of the turn.

        Raises:
            IndexError: the turn has no account (the engine checks beforehand).
        """
        return self.accounts[0]
