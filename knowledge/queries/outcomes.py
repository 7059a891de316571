"""Renewal outcomes, and which features each contract term used before its end."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import (
    Column,
    Date,
    Engine,
    MetaData,
    String,
    Table,
    and_,
    insert,
    select,
)
from sqlalchemy.orm import Session

from knowledge.models import Account, Subscription, UsageFeatureDaily
from knowledge.queries.indicators import no_automatic_index

RETAINED = ("renewed", "expanded", "contracted")

_temp_metadata = MetaData()
_terms = Table(
    "tmp_outcome_terms",
    _temp_metadata,
    Column("key", String(200)),
    Column("account_id", String(64)),
    Column("since", Date),
    Column("as_of", Date),
    prefixes=["TEMPORARY"],
)


@dataclass(frozen=True)
class OutcomeRecord:
    """One finished contract term and how it ended."""

    account_id: str
    segment: str
    start_date: date
    end_date: date
    arr: float
    seats: int | None
    outcome: str

    @property
    def churned(self) -> bool:
        """True when the customer left at the end of this term."""
        return self.outcome == "churned"

    @property
    def key(self) -> str:
        """A unique key for this term."""
        return f"{self.account_id}|{self.start_date.isoformat()}"


def closed_outcomes(engine: Engine) -> list[OutcomeRecord]:
    """Every term whose outcome is known (not ``open``), oldest first."""
    query = (
        select(Subscription, Account.segment)
        .join(Account, Account.account_id == Subscription.account_id)
        .where(Subscription.outcome != "open")
        .order_by(Subscription.end_date, Subscription.account_id)
    )
    with Session(engine) as session:
        return [
            OutcomeRecord(
                sub.account_id,
                segment,
                sub.start_date,
                sub.end_date,
                float(sub.arr),
                sub.seats,
                sub.outcome,
            )
            for sub, segment in session.execute(query)
        ]


def features_used(
    engine: Engine, outcomes: Sequence[OutcomeRecord], lead_days: int
) -> dict[str, set[str]]:
    """Features each term used from its start to ``lead_days`` before its end.

    Returns:
        Feature keys per ``OutcomeRecord.key``; terms with no feature use are absent.
    """
    used: dict[str, set[str]] = defaultdict(set)
    if not outcomes:
        return used
    u = UsageFeatureDaily.__table__
    rows = [
        {
            "key": o.key,
            "account_id": o.account_id,
            "since": o.start_date,
            "as_of": o.end_date - timedelta(days=lead_days),
        }
        for o in outcomes
    ]
    query = (
        select(_terms.c.key, u.c.feature_key)
        .select_from(_terms)
        .join(
            u,
            and_(
                u.c.account_id == _terms.c.account_id,
                u.c.day >= _terms.c.since,
                u.c.day <= _terms.c.as_of,
                u.c.event == "feature_used",
            ),
        )
        .group_by(_terms.c.key, u.c.feature_key)
    )
    with engine.begin() as conn, no_automatic_index(conn):
        _terms.drop(conn, checkfirst=True)
        _terms.create(conn)
        try:
            for start in range(0, len(rows), 5000):
                conn.execute(insert(_terms), rows[start : start + 5000])
            for key, feature_key in conn.execute(query):
                used[key].add(feature_key)
        finally:
            _terms.drop(conn, checkfirst=True)
    return used
