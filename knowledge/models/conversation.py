"""Conversation memory: one row per answered turn of a thread."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models.base import Base, JsonValue, Timestamp, utc_now


class ConversationTurn(Base):
    """What was asked in a thread and what the answer was about.

    Follow-ups ("and their renewal?") resolve against the latest turn, so the
    memory lives in the database: it survives restarts and is shared by workers.
    """

    __tablename__ = "conversation_turns"
    __table_args__ = (UniqueConstraint("thread_id", "turn"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(200), index=True)
    turn: Mapped[int] = mapped_column(Integer)
    asker: Mapped[str] = mapped_column(String(320))
    question: Mapped[str] = mapped_column(Text)
    intent: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    account_ids: Mapped[list[Any]] = mapped_column(JsonValue, default=list)
    audience: Mapped[str | None] = mapped_column(String(32))
    channel: Mapped[str | None] = mapped_column(String(16))
    window_days: Mapped[int | None] = mapped_column(Integer)
    engine: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)
