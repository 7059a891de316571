"""Contacts, tickets, notes, value history and feature use of accounts, as records.

Drafts, briefs and bulk outreach read these; each function takes plain ids and
dates and returns frozen dataclasses, so no ORM object leaves this package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine, and_, or_, select
from sqlalchemy.orm import Session

from knowledge.models import Contact, Feature, Note, Ticket, ValueMetric
from knowledge.models.usage import UsageFeatureDaily


@dataclass(frozen=True)
class ContactRecord:
    """A person at a customer account."""

    contact_id: str
    account_id: str
    name: str
    email: str | None
    title: str | None
    persona: str | None


@dataclass(frozen=True)
class TicketRecord:
    """A support ticket of one account."""

    ticket_id: str
    subject: str
    severity: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    product_area: str | None


@dataclass(frozen=True)
class NoteRecord:
    """An account note with its body."""

    note_id: str
    title: str
    author: str | None
    note_date: date
    kind: str
    body: str


@dataclass(frozen=True)
class ValuePeriod:
    """One period of a value metric."""

    metric: str
    value: float
    target: float | None
    period_start: date
    period_end: date
    higher_is_better: bool


@dataclass(frozen=True)
class FeatureInfo:
    """A feature of the catalog with its one-line description."""

    feature_key: str
    name: str
    product: str | None
    is_key: bool
    description: str | None


def contacts_of(
    engine: Engine, account_ids: Sequence[str]
) -> dict[str, list[ContactRecord]]:
    """Contacts of each account, ordered by contact id (accounts without: absent)."""
    found: dict[str, list[ContactRecord]] = {}
    if not account_ids:
        return found
    query = (
        select(Contact)
        .where(Contact.account_id.in_(list(account_ids)))
        .order_by(Contact.account_id, Contact.contact_id)
    )
    with Session(engine) as session:
        for row in session.scalars(query):
            found.setdefault(row.account_id, []).append(
                ContactRecord(
                    row.contact_id,
                    row.account_id,
                    row.name,
                    row.email,
                    row.title,
                    row.persona,
                )
            )
    return found


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def tickets_of(
    engine: Engine, account_id: str, as_of: date, since: date
) -> list[TicketRecord]:
    """Tickets opened by ``as_of`` that were open on or after ``since``, newest first.

    A ticket counts as open on ``as_of`` when it is not closed, or closed later.
    """
    end = _end_of(as_of)
    start = datetime.combine(since, time.min, tzinfo=UTC)
    query = (
        select(Ticket)
        .where(
            and_(
                Ticket.account_id == account_id,
                Ticket.opened_at < end,
                or_(Ticket.closed_at.is_(None), Ticket.closed_at >= start),
            )
        )
        .order_by(Ticket.opened_at.desc(), Ticket.ticket_id)
    )
    with Session(engine) as session:
        return [
            TicketRecord(
                row.ticket_id,
                row.subject,
                row.severity,
                _status_on(row.status, row.closed_at, end),
                _aware(row.opened_at),
                _closed_by(row.closed_at, end),
                row.product_area,
            )
            for row in session.scalars(query)
        ]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _closed_by(closed_at: datetime | None, end: datetime) -> datetime | None:
    # A ticket closed after the as-of day was still open on that day.
    if closed_at is None:
        return None
    closed = _aware(closed_at)
    return closed if closed < end else None


def _status_on(status: str, closed_at: datetime | None, end: datetime) -> str:
    if closed_at is not None and _aware(closed_at) >= end:
        return "open"
    return status


def recent_notes(
    engine: Engine, account_id: str, as_of: date, limit: int = 5
) -> list[NoteRecord]:
    """The account's latest notes dated on or before ``as_of``, newest first."""
    query = (
        select(Note)
        .where(and_(Note.account_id == account_id, Note.note_date <= as_of))
        .order_by(Note.note_date.desc(), Note.note_id)
        .limit(limit)
    )
    with Session(engine) as session:
        return [
            NoteRecord(
                row.note_id, row.title, row.author, row.note_date, row.kind, row.body
            )
            for row in session.scalars(query)
        ]


def value_history(
    engine: Engine, account_id: str, as_of: date, since: date
) -> list[ValuePeriod]:
    """Value-metric periods that ended between ``since`` and ``as_of``, oldest first."""
    v = ValueMetric
    query = (
        select(v)
        .where(
            and_(
                v.account_id == account_id, v.period_end <= as_of, v.period_end >= since
            )
        )
        .order_by(v.metric, v.period_end)
    )
    with Session(engine) as session:
        return [
            ValuePeriod(
                row.metric,
                float(row.value),
                float(row.target) if row.target is not None else None,
                row.period_start,
                row.period_end,
                bool(row.higher_is_better),
            )
            for row in session.scalars(query)
        ]


def feature_catalog(engine: Engine) -> list[FeatureInfo]:
    """Every feature with its description, ordered by key."""
    with Session(engine) as session:
        return [
            FeatureInfo(
                row.feature_key,
                row.name,
                row.product,
                bool(row.is_key),
                row.description,
            )
            for row in session.scalars(select(Feature).order_by(Feature.feature_key))
        ]


def features_used_by(
    engine: Engine, account_ids: Sequence[str], first_day: date, last_day: date
) -> dict[str, set[str]]:
    """Feature keys each account used between two days (one query for all)."""
    u = UsageFeatureDaily
    query = (
        select(u.account_id, u.feature_key)
        .where(
            and_(
                u.event == "feature_used",
                u.day >= first_day,
                u.day <= last_day,
            )
        )
        .group_by(u.account_id, u.feature_key)
    )
    wanted = set(account_ids)
    found: dict[str, set[str]] = {a: set() for a in wanted}
    with Session(engine) as session:
        for account_id, key in session.execute(query):
            if account_id in wanted:
                found[account_id].add(key)
    return found
