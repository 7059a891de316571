"""Per-account usage detail: depth of use per feature over a window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, and_, func, select
from sqlalchemy.orm import Session

from knowledge.models import UsageFeatureDaily, UsageUserDaily


@dataclass(frozen=True)
class FeatureDepth:
    """How much one feature was used in a window."""

    feature_key: str
    events: int
    quantity: float
    active_days: int
    peak_daily_users: int


def feature_depth(
    engine: Engine, account_id: str, first_day: date, last_day: date
) -> list[FeatureDepth]:
    """Use of each feature by one account between two days (inclusive)."""
    u = UsageFeatureDaily
    query = (
        select(
            u.feature_key,
            func.sum(u.events),
            func.sum(u.quantity),
            func.count(),
            func.max(u.users),
        )
        .where(
            and_(
                u.account_id == account_id,
                u.event == "feature_used",
                u.day >= first_day,
                u.day <= last_day,
            )
        )
        .group_by(u.feature_key)
        .order_by(func.sum(u.events).desc(), u.feature_key)
    )
    with Session(engine) as session:
        return [
            FeatureDepth(key, int(events), float(qty), int(days), int(users))
            for key, events, qty, days, users in session.execute(query)
        ]


def active_user_ids(
    engine: Engine, account_id: str, first_day: date, last_day: date
) -> int:
    """Distinct end users of one account active between two days (inclusive)."""
    uu = UsageUserDaily
    query = select(func.count(func.distinct(uu.user_id))).where(
        and_(uu.account_id == account_id, uu.day >= first_day, uu.day <= last_day)
    )
    with Session(engine) as session:
        return int(session.scalar(query) or 0)
