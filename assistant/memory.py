"""Conversation memory per thread, kept in the database (shared by all workers)."""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from assistant.answers import Answer
from knowledge.queries.conversation import TurnRecord, append_turn, recent_turns

logger = logging.getLogger(__name__)


class ConversationMemory:
    """Reads the previous turn of a thread and appends each answered one."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def previous(self, thread_id: str | None, asker: str) -> TurnRecord | None:
        """The latest turn of this thread asked by the same person, or None.

        Another person's turn in a shared thread is not used: follow-ups never
        carry one asker's accounts into another asker's answer.
        """
        if not thread_id:
            return None
        try:
            turns = recent_turns(self.engine, thread_id, limit=10)
        except SQLAlchemyError:
            # Without memory the question is still answered, as a first turn.
            logger.exception("could not read thread %s", thread_id)
            return None
        for turn in turns:
            if turn.asker == asker:
                return turn
        return None

    def remember(self, answer: Answer, asker: str) -> None:
        """Store an answer's turn when it belongs to a thread."""
        if not answer.thread_id:
            return
        number = append_turn(
            self.engine,
            TurnRecord(
                thread_id=answer.thread_id,
                asker=asker,
                question=answer.question,
                intent=answer.intent,
                status=answer.status,
                account_ids=[a.account_id for a in answer.accounts],
                audience=answer.audience,
                channel=answer.channel,
                window_days=answer.window_days,
                engine=answer.engine,
            ),
        )
        logger.debug("thread %s: stored turn %d", answer.thread_id, number)
