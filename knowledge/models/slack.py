"""What the Slack bot remembers: handled events, its replies, votes and digests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models.base import Base, JsonValue, Timestamp, utc_now


class SlackEvent(Base):
    """An Events API delivery taken by a worker: a lease until it is done.

    The primary key makes the first claim atomic: of several workers (or Slack's
    retries) inserting the same ``event_id``, exactly one insert succeeds. The
    claim counts from ``claimed_at``; ``done_at`` is set once the event has been
    handled. A claim that is not done and has outlived its lease (its worker died)
    may be taken over by a later delivery; a done one never is.
    """

    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)
    claimed_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)
    done_at: Mapped[datetime | None] = mapped_column(Timestamp)


class SlackReply(Base):
    """One answer the bot posted, so that its buttons can act on it later."""

    __tablename__ = "slack_replies"

    reply_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    asker_email: Mapped[str] = mapped_column(String(320))
    question: Mapped[str] = mapped_column(Text)
    intent: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    account_ids: Mapped[list[Any]] = mapped_column(JsonValue, default=list)
    audience: Mapped[str | None] = mapped_column(String(32))
    passage_ids: Mapped[list[Any]] = mapped_column(JsonValue, default=list)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)


class SlackThread(Base):
    """A thread the bot answered in: its later messages are follow-ups."""

    __tablename__ = "slack_threads"

    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)


class SlackFeedback(Base):
    """A helpful / not-helpful vote on one of the bot's answers."""

    __tablename__ = "slack_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reply_id: Mapped[str] = mapped_column(
        ForeignKey("slack_replies.reply_id", ondelete="CASCADE"), index=True
    )
    slack_user_id: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(320))
    helpful: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)


class SlackDigestItem(Base):
    """One item a CSM's daily digest carried, and the state it reported."""

    __tablename__ = "slack_digest_items"
    __table_args__ = (UniqueConstraint("csm_email", "item_key", "sent_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    csm_email: Mapped[str] = mapped_column(String(320), index=True)
    item_key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(200))
    sent_on: Mapped[date] = mapped_column(Date)
    detail: Mapped[str] = mapped_column(Text)
