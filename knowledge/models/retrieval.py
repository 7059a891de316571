"""Tables the search layer keeps: passage feedback, asked questions, embedding cache."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models.base import Base, Timestamp, utc_now


class PassageFeedback(Base):
    """One helpful / not-helpful vote on a search passage."""

    __tablename__ = "passage_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chunk_id: Mapped[str] = mapped_column(String(300), index=True)
    document_id: Mapped[str] = mapped_column(String(240), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    actor: Mapped[str] = mapped_column(String(320))
    question: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)


class QuestionLog(Base):
    """A question put to the knowledge base and how well it was supported."""

    __tablename__ = "question_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    asked_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now, index=True)
    asker: Mapped[str | None] = mapped_column(String(320))
    question: Mapped[str] = mapped_column(Text)
    account_id: Mapped[str | None] = mapped_column(String(64))
    best_score: Mapped[float | None] = mapped_column(Float)
    answered: Mapped[bool] = mapped_column(Boolean, index=True)
    # The query vector, kept so that grouping similar questions needs no model.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)


class EmbeddingCache(Base):
    """A chunk's vector by the hash of the text embedded, per model."""

    __tablename__ = "embedding_cache"

    model: Mapped[str] = mapped_column(String(120), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)
