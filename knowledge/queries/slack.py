"""Reads and writes of the Slack bot's own tables, as plain records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from knowledge.models.accounts import TeamMember
from knowledge.models.base import utc_now
from knowledge.models.slack import (
    SlackDigestItem,
    SlackEvent,
    SlackFeedback,
    SlackReply,
    SlackThread,
)
from knowledge.queries.team import TeamMemberRecord


@dataclass(frozen=True)
class ReplyRecord:
    """An answer the bot posted and what it was about."""

    reply_id: str
    channel_id: str
    thread_ts: str | None
    slack_user_id: str
    asker_email: str
    question: str
    intent: str
    status: str
    account_ids: list[str] = field(default_factory=list)
    audience: str | None = None
    passage_ids: list[str] = field(default_factory=list)
    message_ts: str | None = None


@dataclass(frozen=True)
class DigestSent:
    """An item that went out in a digest, with the state it described."""

    item_key: str
    fingerprint: str
    sent_on: date


def claim_event(
    engine: Engine, event_id: str, event_type: str, *, now: datetime | None = None
) -> bool:
    """Take an event for this worker; False when another delivery already took it.

    Args:
        engine: The database.
        event_id: Slack's event id (or another key that must be handled once).
        event_type: What the event is, for the operator reading the table.
        now: When the claim is taken (default: now); its lease counts from here.
    """
    at = now or utc_now()
    with Session(engine) as session:
        session.add(
            SlackEvent(
                event_id=event_id[:64],
                event_type=event_type[:64],
                received_at=at,
                claimed_at=at,
            )
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return False
    return True


def take_over_event(
    engine: Engine, event_id: str, lease: timedelta, *, now: datetime | None = None
) -> bool:
    """Take over a claim that is not done and was taken more than ``lease`` ago.

    Its worker is taken to have died. The update is conditional, so of several
    deliveries racing for the same expired claim exactly one wins, and a claim
    that is done is never taken again.
    """
    at = now or utc_now()
    taken = (
        update(SlackEvent)
        .where(SlackEvent.event_id == event_id[:64])
        .where(SlackEvent.done_at.is_(None))
        .where(SlackEvent.claimed_at < at - lease)
        .values(claimed_at=at)
    )
    with Session(engine) as session:
        result = session.execute(taken)
        session.commit()
        return int(getattr(result, "rowcount", 0) or 0) == 1


def finish_event(engine: Engine, event_id: str, *, now: datetime | None = None) -> None:
    """Mark a claimed event done: no later delivery will handle it again."""
    with Session(engine) as session:
        session.execute(
            update(SlackEvent)
            .where(SlackEvent.event_id == event_id[:64])
            .where(SlackEvent.done_at.is_(None))
            .values(done_at=now or utc_now())
        )
        session.commit()


def forget_events(engine: Engine, before: datetime) -> int:
    """Delete event claims received before ``before``; returns how many."""
    with Session(engine) as session:
        result = session.execute(
            delete(SlackEvent).where(SlackEvent.received_at < before)
        )
        session.commit()
        return int(getattr(result, "rowcount", 0) or 0)


def save_reply(engine: Engine, record: ReplyRecord) -> None:
    """Store a posted answer (its ``reply_id`` must be new)."""
    with Session(engine) as session:
        session.add(
            SlackReply(
                reply_id=record.reply_id,
                channel_id=record.channel_id,
                thread_ts=record.thread_ts,
                message_ts=record.message_ts,
                slack_user_id=record.slack_user_id,
                asker_email=record.asker_email,
                question=record.question,
                intent=record.intent[:64],
                status=record.status[:32],
                account_ids=list(record.account_ids),
                audience=record.audience,
                passage_ids=list(record.passage_ids),
            )
        )
        session.commit()


def set_reply_message(engine: Engine, reply_id: str, message_ts: str) -> None:
    """Remember the ``ts`` of the Slack message that carries a reply."""
    with Session(engine) as session:
        row = session.get(SlackReply, reply_id)
        if row is not None:
            row.message_ts = message_ts
            session.commit()


def get_reply(engine: Engine, reply_id: str) -> ReplyRecord | None:
    """The stored reply with this id, or None."""
    with Session(engine) as session:
        row = session.get(SlackReply, reply_id[:32])
        if row is None:
            return None
        return ReplyRecord(
            reply_id=row.reply_id,
            channel_id=row.channel_id,
            thread_ts=row.thread_ts,
            message_ts=row.message_ts,
            slack_user_id=row.slack_user_id,
            asker_email=row.asker_email,
            question=row.question,
            intent=row.intent,
            status=row.status,
            account_ids=[str(a) for a in row.account_ids],
            audience=row.audience,
            passage_ids=[str(p) for p in row.passage_ids],
        )


def join_thread(engine: Engine, channel_id: str, thread_ts: str) -> None:
    """Record that the bot takes part in a thread (idempotent)."""
    with Session(engine) as session:
        if session.get(SlackThread, (channel_id, thread_ts)) is not None:
            return
        session.add(SlackThread(channel_id=channel_id, thread_ts=thread_ts))
        try:
            session.commit()
        except IntegrityError:
            # Another worker joined the same thread at the same moment.
            session.rollback()


def in_thread(engine: Engine, channel_id: str, thread_ts: str) -> bool:
    """True when the bot has answered in this thread before."""
    with Session(engine) as session:
        return session.get(SlackThread, (channel_id, thread_ts)) is not None


def save_feedback(
    engine: Engine, reply_id: str, slack_user_id: str, actor: str, helpful: bool
) -> None:
    """Store a vote on a reply."""
    with Session(engine) as session:
        session.add(
            SlackFeedback(
                reply_id=reply_id,
                slack_user_id=slack_user_id,
                actor=actor,
                helpful=helpful,
            )
        )
        session.commit()


def feedback_counts(engine: Engine, reply_id: str) -> tuple[int, int]:
    """Helpful and not-helpful votes on a reply."""
    query = (
        select(SlackFeedback.helpful, func.count())
        .where(SlackFeedback.reply_id == reply_id)
        .group_by(SlackFeedback.helpful)
    )
    with Session(engine) as session:
        counts = {bool(k): int(v) for k, v in session.execute(query)}
    return counts.get(True, 0), counts.get(False, 0)


def digest_items_since(engine: Engine, csm_email: str, since: date) -> list[DigestSent]:
    """Digest items sent to a CSM on or after ``since``, newest first."""
    query = (
        select(SlackDigestItem)
        .where(SlackDigestItem.csm_email == csm_email)
        .where(SlackDigestItem.sent_on >= since)
        .order_by(SlackDigestItem.sent_on.desc(), SlackDigestItem.id)
    )
    with Session(engine) as session:
        return [
            DigestSent(
                item_key=r.item_key, fingerprint=r.fingerprint, sent_on=r.sent_on
            )
            for r in session.scalars(query)
        ]


def record_digest_items(
    engine: Engine,
    csm_email: str,
    sent_on: date,
    items: Iterable[tuple[str, str, str]],
) -> None:
    """Store the (key, fingerprint, detail) items a digest just carried."""
    with Session(engine) as session:
        for key, fingerprint, detail in items:
            exists = session.scalars(
                select(SlackDigestItem.id).where(
                    SlackDigestItem.csm_email == csm_email,
                    SlackDigestItem.item_key == key[:200],
                    SlackDigestItem.sent_on == sent_on,
                )
            ).first()
            if exists is None:
                session.add(
                    SlackDigestItem(
                        csm_email=csm_email,
                        item_key=key[:200],
                        fingerprint=fingerprint[:200],
                        sent_on=sent_on,
                        detail=detail,
                    )
                )
        session.commit()


def digest_recipients(engine: Engine) -> list[TeamMemberRecord]:
    """Team members who look after accounts as CSM, by email."""
    query = (
        select(TeamMember).where(TeamMember.role == "csm").order_by(TeamMember.email)
    )
    with Session(engine) as session:
        return [
            TeamMemberRecord(
                email=r.email, name=r.name, role=r.role, slack_user_id=r.slack_user_id
            )
            for r in session.scalars(query)
        ]


def release_event(engine: Engine, event_id: str) -> None:
    """Give up a claim (the work failed and may be tried again)."""
    with Session(engine) as session:
        session.execute(delete(SlackEvent).where(SlackEvent.event_id == event_id[:64]))
        session.commit()
