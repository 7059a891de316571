"""Turns of a conversation thread, read and appended as plain records."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from knowledge.models.conversation import ConversationTurn

_MAX_QUESTION = 4000


@dataclass(frozen=True)
class TurnRecord:
    """One turn as the assistant remembers it."""

    thread_id: str
    asker: str
    question: str
    intent: str
    status: str
    account_ids: list[str] = field(default_factory=list)
    audience: str | None = None
    channel: str | None = None
    window_days: int | None = None
    engine: str = "deterministic"
    turn: int = 0


def _record(row: ConversationTurn) -> TurnRecord:
    return TurnRecord(
        thread_id=row.thread_id,
        asker=row.asker,
        question=row.question,
        intent=row.intent,
        status=row.status,
        account_ids=[str(a) for a in row.account_ids or []],
        audience=row.audience,
        channel=row.channel,
        window_days=row.window_days,
        engine=row.engine,
        turn=row.turn,
    )


def append_turn(engine: Engine, record: TurnRecord) -> int:
    """Store a turn as the next one of its thread; returns its turn number.

    Two workers answering in the same thread at once may pick the same number;
    the unique constraint catches it and the loser takes the next one.
    """
    for _ in range(3):
        with Session(engine) as session:
            last = session.scalar(
                select(func.max(ConversationTurn.turn)).where(
                    ConversationTurn.thread_id == record.thread_id
                )
            )
            number = (last or 0) + 1
            session.add(
                ConversationTurn(
                    thread_id=record.thread_id,
                    turn=number,
                    asker=record.asker,
                    question=record.question[:_MAX_QUESTION],
                    intent=record.intent,
                    status=record.status,
                    account_ids=list(record.account_ids),
                    audience=record.audience,
                    channel=record.channel,
                    window_days=record.window_days,
                    engine=record.engine,
                )
            )
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                continue
            return number
    raise RuntimeError(f"could not append a turn to thread {record.thread_id}")


def recent_turns(engine: Engine, thread_id: str, limit: int = 5) -> list[TurnRecord]:
    """The latest turns of a thread, newest first."""
    query = (
        select(ConversationTurn)
        .where(ConversationTurn.thread_id == thread_id)
        .order_by(ConversationTurn.turn.desc())
        .limit(limit)
    )
    with Session(engine) as session:
        return [_record(row) for row in session.scalars(query)]
