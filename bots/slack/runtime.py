"""What every listener shares: config, database, the answer function, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Protocol

from sqlalchemy import Engine

from assistant.answers import Answer, AskContext
from bots.slack.config import SlackConfig
from tools.health_model import HealthModel


class Answerer(Protocol):
    """Answers one question for one asker (the assistant engine's entry point)."""

    def __call__(self, question: str, context: AskContext) -> Answer:
        """The answer to ``question`` with the asker's rights."""
        ...


def _utc_today() -> date:
    return datetime.now(UTC).date()


@dataclass
class SlackRuntime:
    """The long-lived parts the bot's listeners and digest use.

    Attributes:
        config: The Slack settings.
        db: The database (event claims, replies, feedback, digests, team).
        answer: The engine entry point.
        health_model: Loads the health model (used by digests only).
        high_touch_min_arr: Coverage threshold passed to portfolio tools.
        tech_touch_max_arr: Coverage threshold passed to portfolio tools.
        today: The current UTC day (replaceable in tests).
    """

    config: SlackConfig
    db: Engine
    answer: Answerer
    health_model: Callable[[], HealthModel]
    high_touch_min_arr: float = 100_000
    tech_touch_max_arr: float = 20_000
    today: Callable[[], date] = field(default=_utc_today)
