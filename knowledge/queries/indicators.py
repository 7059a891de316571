"""Set-based raw indicators for many (account, as-of date) targets at once.

Every figure is computed by a handful of GROUP BY queries joined to a temporary table
of targets, never by a loop of per-account queries: scoring 10,000 accounts costs
about as much as scanning their usage once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    distinct,
    func,
    insert,
    select,
)

from knowledge.models import UsageFeatureDaily, UsageUserDaily
from knowledge.models.base import Timestamp
from knowledge.queries.point_in_time import open_tickets, value_attainment

# The temporary table is keyed by an integer rowid and nothing else: SQLite then
# scans it in that order, probes the usage primary key once per target and streams
# GROUP BY seq without sorting. (With a text primary key it preferred building an
# automatic index over the whole usage table.)

# Before any contract started: the lower bound when an account has no start date.
_EPOCH = date(1970, 1, 1)

_temp_metadata = MetaData()
_targets = Table(
    "tmp_indicator_targets",
    _temp_metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("key", String(200)),
    Column("account_id", String(64)),
    Column("as_of", Date),
    Column("cur_from", Date),
    Column("prev_from", Date),
    Column("since", Date),
    Column("start_60", Date),
    Column("start_90", Date),
    Column("cutoff", Timestamp),
    Column("total", Boolean),
    Column("early", Boolean),
    prefixes=["TEMPORARY"],
)


@dataclass(frozen=True)
class Target:
    """One account looked at on one day.

    Attributes:
        key: caller's id for this target (unique within a call).
        account_id: the account.
        as_of: the last day whose data counts (inclusive).
        start: start of the contract term; cumulative figures count from here.
        total: compute messages sent since ``start`` (reads the whole term).
        early: compute the first-60/90-day figures (reads 90 days from ``start``).
    """

    key: str
    account_id: str
    as_of: date
    start: date | None
    total: bool = True
    early: bool = True


@dataclass
class RawIndicators:
    """Raw figures for one target; usage figures are None when no usage exists."""

    key: str
    account_id: str
    as_of: date
    has_usage: bool = False
    first_activity: date | None = None
    last_activity: date | None = None
    logins: int = 0
    logins_prev: int = 0
    active_users: int = 0
    active_users_prev: int = 0
    messages: float = 0.0
    messages_total: float = 0.0
    messages_first_90d: float = 0.0
    feature_events: int = 0
    key_features_used: int = 0
    key_features_first_60d: int = 0
    open_tickets: dict[str, int] = field(default_factory=dict)
    oldest_open_sev1: datetime | None = None
    value_attainment_pct: float | None = None
    value_metrics: list[tuple[str, float, float, bool]] = field(default_factory=list)


def describe_query(window_days: int) -> str:
    """The human-readable description that travels with every figure."""
    return (
        f"usage_feature_daily and usage_user_daily summed over the {window_days} days "
        f"ending on the as-of date and the {window_days} days before; open tickets "
        "and the latest value metric periods as of that date"
    )


def _target_row(seq: int, target: Target, window_days: int) -> dict[str, object]:
    since = target.start or _EPOCH
    return {
        "seq": seq,
        "key": target.key,
        "account_id": target.account_id,
        "as_of": target.as_of,
        "cur_from": target.as_of - timedelta(days=window_days - 1),
        "prev_from": target.as_of - timedelta(days=2 * window_days - 1),
        "since": since,
        "start_60": since + timedelta(days=60),
        "start_90": since + timedelta(days=90),
        "cutoff": datetime.combine(target.as_of + timedelta(days=1), time(), UTC),
        "total": target.total,
        "early": target.early,
    }


@contextmanager
def _targets_table(
    conn: Connection, targets: Sequence[Target], window_days: int
) -> Iterator[Table]:
    _targets.drop(conn, checkfirst=True)
    _targets.create(conn)
    try:
        rows = [_target_row(i, t, window_days) for i, t in enumerate(targets)]
        for start in range(0, len(rows), 5000):
            conn.execute(insert(_targets), rows[start : start + 5000])
        yield _targets
    finally:
        _targets.drop(conn, checkfirst=True)


@contextmanager
def no_automatic_index(conn: Connection) -> Iterator[None]:
    """On SQLite, forbid automatic indexes for the duration (a no-op elsewhere)."""
    # SQLite may otherwise build an automatic index, copying the whole usage table
    # on every call; probing its primary key once per target is the point here.
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql("PRAGMA automatic_index = OFF")
    try:
        yield
    finally:
        conn.exec_driver_sql("PRAGMA automatic_index = ON")


def compute_raw_indicators(
    engine: Engine,
    targets: Sequence[Target],
    *,
    window_days: int,
    key_features: Sequence[str],
) -> dict[str, RawIndicators]:
    """Raw indicators for every target, keyed by ``Target.key``.

    Args:
        engine: the database.
        targets: accounts and as-of dates; keys must be unique.
        window_days: length of the current window (and of the previous one).
        key_features: feature keys counted for breadth.

    Returns:
        One ``RawIndicators`` per target.
    """
    result = {t.key: RawIndicators(t.key, t.account_id, t.as_of) for t in targets}
    if not targets:
        return result
    with (
        engine.begin() as conn,
        no_automatic_index(conn),
        _targets_table(conn, targets, window_days) as t,
    ):
        _windowed_usage(conn, t, key_features, result)
        _activity_span(conn, t, result)
        _early_usage(conn, t, key_features, result)
        _message_totals(conn, t, result)
        _active_users(conn, t, result)
        open_tickets(conn, t, result)
        value_attainment(conn, t, result)
    return result


# On SQLite the usage tables are WITHOUT ROWID tables (migration 0006): the range
# an account's window covers is read straight from the primary-key b-tree, with no
# second lookup per row.
def _windowed_usage(
    conn: Connection,
    t: Table,
    key_features: Sequence[str],
    result: dict[str, RawIndicators],
) -> None:
    u = UsageFeatureDaily.__table__
    cur = u.c.day >= t.c.cur_from
    is_login = u.c.event == "login"
    is_feature = u.c.event == "feature_used"
    query = (
        select(
            t.c.key,
            func.sum(case((and_(is_login, cur), u.c.events), else_=0)),
            func.sum(case((and_(is_login, ~cur), u.c.events), else_=0)),
            func.sum(
                case((and_(u.c.event == "message_sent", cur), u.c.quantity), else_=0)
            ),
            func.sum(case((and_(is_feature, cur), u.c.events), else_=0)),
            func.count(
                distinct(
                    case(
                        (
                            and_(is_feature, cur, u.c.feature_key.in_(key_features)),
                            u.c.feature_key,
                        ),
                        else_=None,
                    )
                )
            ),
        )
        .select_from(t)
        .join(
            u,
            and_(
                u.c.account_id == t.c.account_id,
                u.c.day >= t.c.prev_from,
                u.c.day <= t.c.as_of,
            ),
        )
        .group_by(t.c.seq)
    )
    for key, logins, logins_prev, messages, events, breadth in conn.execute(query):
        raw = result[key]
        raw.logins = int(logins or 0)
        raw.logins_prev = int(logins_prev or 0)
        raw.messages = float(messages or 0)
        raw.feature_events = int(events or 0)
        raw.key_features_used = int(breadth or 0)


def _activity_span(
    conn: Connection, t: Table, result: dict[str, RawIndicators]
) -> None:
    # MIN and MAX per account are index seeks on the usage primary key, so knowing
    # whether an account has any usage never scans its history.
    u = UsageFeatureDaily.__table__
    in_range = and_(u.c.account_id == t.c.account_id, u.c.day <= t.c.as_of)
    first = select(func.min(u.c.day)).where(in_range).correlate(t).scalar_subquery()
    last = select(func.max(u.c.day)).where(in_range).correlate(t).scalar_subquery()
    for key, first_day, last_day in conn.execute(select(t.c.key, first, last)):
        if first_day is None:
            continue
        raw = result[key]
        raw.has_usage = True
        raw.first_activity = first_day
        raw.last_activity = last_day


def _early_usage(
    conn: Connection,
    t: Table,
    key_features: Sequence[str],
    result: dict[str, RawIndicators],
) -> None:
    u = UsageFeatureDaily.__table__
    is_key_feature = and_(
        u.c.event == "feature_used",
        u.c.day < t.c.start_60,
        u.c.feature_key.in_(key_features),
    )
    query = (
        select(
            t.c.key,
            func.sum(case((u.c.event == "message_sent", u.c.quantity), else_=0)),
            func.count(distinct(case((is_key_feature, u.c.feature_key), else_=None))),
        )
        .select_from(t)
        .join(
            u,
            and_(
                t.c.early.is_(True),
                u.c.account_id == t.c.account_id,
                u.c.day >= t.c.since,
                u.c.day < t.c.start_90,
                u.c.day <= t.c.as_of,
            ),
        )
        .group_by(t.c.seq)
    )
    for key, first_90, first_60 in conn.execute(query):
        result[key].messages_first_90d = float(first_90 or 0)
        result[key].key_features_first_60d = int(first_60 or 0)


def _message_totals(
    conn: Connection, t: Table, result: dict[str, RawIndicators]
) -> None:
    # The one figure that reads a whole contract term; asked for only when needed.
    u = UsageFeatureDaily.__table__
    query = (
        select(t.c.key, func.sum(u.c.quantity))
        .select_from(t)
        .join(
            u,
            and_(
                t.c.total.is_(True),
                u.c.account_id == t.c.account_id,
                u.c.day >= t.c.since,
                u.c.day <= t.c.as_of,
                u.c.event == "message_sent",
            ),
        )
        .group_by(t.c.seq)
    )
    for key, total in conn.execute(query):
        result[key].messages_total = float(total or 0)


def _active_users(conn: Connection, t: Table, result: dict[str, RawIndicators]) -> None:
    uu = UsageUserDaily.__table__
    cur = uu.c.day >= t.c.cur_from
    query = (
        select(
            t.c.key,
            func.count(distinct(case((cur, uu.c.user_id), else_=None))),
            func.count(distinct(case((~cur, uu.c.user_id), else_=None))),
        )
        .select_from(t)
        .join(
            uu,
            and_(
                uu.c.account_id == t.c.account_id,
                uu.c.day >= t.c.prev_from,
                uu.c.day <= t.c.as_of,
            ),
        )
        .group_by(t.c.seq)
    )
    for key, users, users_prev in conn.execute(query):
        result[key].active_users = int(users or 0)
        result[key].active_users_prev = int(users_prev or 0)
