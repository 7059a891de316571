"""Stream raw usage events into daily aggregates without holding the file in memory.

Events are validated one by one and summed per (account, user, UTC day, event,
feature) in a bounded buffer that spills into a temporary staging table. When the
whole file has passed, the account-days it covers are replaced in the daily tables in
the same transaction: a usage file is the full record of every account-day it
contains, so importing it again changes nothing, and a file that fails changes nothing
either.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    func,
    select,
    text,
)

from knowledge.errors import InvalidInputError, Location
from knowledge.importer.reader import Row
from knowledge.importer.report import FileReport

logger = logging.getLogger(__name__)

COLUMNS = ["account_id", "user_id", "event", "feature_key", "quantity", "occurred_at"]
REQUIRED = {"account_id", "user_id", "event", "occurred_at"}
EVENTS = frozenset({"login", "feature_used", "message_sent"})
BUFFER_KEYS = 100_000
"""Aggregation keys held in memory before they spill to the staging table."""

ProgressCallback = Callable[[int], None]

_AggregateKey = tuple[str, str, date, str, str]


def _staging_table() -> Table:
    return Table(
        "usage_import_stage",
        MetaData(),
        # (account_id, day) lead the key: replacing the account-days a file covers
        # probes the stage by exactly that pair for every stored row.
        Column("account_id", String(64), primary_key=True),
        Column("day", Date, primary_key=True),
        Column("user_id", String(128), primary_key=True),
        Column("event", String(16), primary_key=True),
        Column("feature_key", String(120), primary_key=True),
        Column("events", Integer, nullable=False),
        Column("quantity", Float, nullable=False),
        prefixes=["TEMPORARY"],
    )


class _EventValidator:
    """The hot path: checks one event and returns its aggregation key."""

    def __init__(self, file_name: str, accounts: set[str], features: set[str]) -> None:
        self.file_name = file_name
        self.accounts = accounts
        self.features = features
        self._days: dict[str, date] = {}

    def _fail(self, row: Row, column: str | None, message: str) -> InvalidInputError:
        return InvalidInputError(message, Location(self.file_name, row.line, column))

    def key(self, row: Row) -> tuple[_AggregateKey, float]:
        values = row.values
        for column in ("account_id", "user_id", "event", "occurred_at"):
            if values.get(column) in (None, ""):
                raise self._fail(row, column, "required value is empty")
        account_id = str(values["account_id"]).strip()
        if account_id not in self.accounts:
            raise self._fail(
                row,
                "account_id",
                f"unknown account_id '{account_id}' "
                "(not in accounts.csv nor the database)",
            )
        event = str(values["event"]).strip()
        if event not in EVENTS:
            raise self._fail(
                row,
                "event",
                f"unknown event '{event}'; expected one of {', '.join(sorted(EVENTS))}",
            )
        feature_key = str(values.get("feature_key") or "").strip()
        if event == "feature_used":
            if not feature_key:
                raise self._fail(row, "feature_key", "required for feature_used events")
            if feature_key not in self.features:
                raise self._fail(
                    row,
                    "feature_key",
                    f"unknown feature_key '{feature_key}' (not in features.csv)",
                )
        else:
            feature_key = ""
        quantity = self._quantity(row, values.get("quantity"))
        day = self._day(row, str(values["occurred_at"]).strip())
        return (
            account_id,
            str(values["user_id"]).strip(),
            day,
            event,
            feature_key,
        ), quantity

    def _quantity(self, row: Row, raw: Any) -> float:
        if raw in (None, ""):
            return 1.0
        try:
            quantity = float(raw)
        except (TypeError, ValueError):
            raise self._fail(row, "quantity", f"not a number: {raw!r}") from None
        if quantity < 0 or not math.isfinite(quantity):
            raise self._fail(
                row, "quantity", f"must be a finite number ≥ 0, got {raw!r}"
            )
        return quantity

    def _day(self, row: Row, stamp: str) -> date:
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            raise self._fail(
                row, "occurred_at", f"not an ISO 8601 timestamp: {stamp!r}"
            ) from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        iso = moment.date().isoformat()
        cached = self._days.get(iso)
        if cached is None:
            cached = self._days[iso] = moment.date()
        return cached


_UPSERT_STAGE = """
INSERT INTO usage_import_stage
  (account_id, user_id, day, event, feature_key, events, quantity)
VALUES ({marks})
ON CONFLICT (account_id, user_id, day, event, feature_key) DO UPDATE SET
  events = usage_import_stage.events + excluded.events,
  quantity = usage_import_stage.quantity + excluded.quantity
"""


def _spill(conn: Connection, buffer: dict[_AggregateKey, list[float]]) -> None:
    """Add the buffered sums to the staging table and empty the buffer.

    This runs for every distinct key of a file, so it bypasses SQLAlchemy's
    per-row parameter processing and hands plain tuples to the driver.
    """
    if not buffer:
        return
    postgres = conn.dialect.name == "postgresql"
    mark = "%s" if postgres else "?"
    rows = [
        (
            k[0],
            k[1],
            k[2] if postgres else k[2].isoformat(),
            k[3],
            k[4],
            int(v[0]),
            v[1],
        )
        for k, v in buffer.items()
    ]
    conn.exec_driver_sql(_UPSERT_STAGE.format(marks=", ".join([mark] * 7)), rows)
    buffer.clear()


_SNAPSHOT_OLD = """
CREATE TEMPORARY TABLE usage_import_old AS
SELECT t.* FROM usage_feature_daily t
WHERE EXISTS (SELECT 1 FROM usage_import_stage s
              WHERE s.account_id = t.account_id AND s.day = t.day)
"""
_DELETE_COVERED = """
DELETE FROM {table}
WHERE EXISTS (SELECT 1 FROM usage_import_stage s
              WHERE s.account_id = {table}.account_id AND s.day = {table}.day)
"""
_INSERT_FEATURE_DAYS = """
INSERT INTO usage_feature_daily
  (account_id, day, event, feature_key, events, quantity, users)
SELECT account_id, day, event, feature_key, SUM(events), SUM(quantity),
       COUNT(DISTINCT user_id)
FROM usage_import_stage
GROUP BY account_id, day, event, feature_key
"""
_INSERT_USER_DAYS = """
INSERT INTO usage_user_daily
  (account_id, day, user_id, logins, feature_events, messages)
SELECT account_id, day, user_id,
       CAST(SUM(CASE WHEN event = 'login' THEN quantity ELSE 0 END) AS INTEGER),
       CAST(SUM(CASE WHEN event = 'feature_used' THEN quantity ELSE 0 END) AS INTEGER),
       SUM(CASE WHEN event = 'message_sent' THEN quantity ELSE 0 END)
FROM usage_import_stage
GROUP BY account_id, day, user_id
"""
_COUNT_CHANGES = """
SELECT
  (SELECT COUNT(*) FROM usage_feature_daily n
     JOIN usage_import_old o USING (account_id, day, event, feature_key)
     WHERE n.events = o.events AND n.quantity = o.quantity AND n.users = o.users),
  (SELECT COUNT(*) FROM usage_feature_daily n
     JOIN usage_import_old o USING (account_id, day, event, feature_key)),
  (SELECT COUNT(*) FROM usage_import_old)
"""


def load_usage(
    conn: Connection,
    rows: Iterable[Row],
    file_name: str,
    report: FileReport,
    progress: ProgressCallback | None = None,
) -> None:
    """Validate and aggregate usage rows, then replace the account-days they cover.

    The caller owns the transaction on ``conn``: on any error it rolls back and
    nothing of the file is written.

    Raises:
        InvalidInputError: the first row that breaks the contract, located.
    """
    accounts = set(conn.scalars(text("SELECT account_id FROM accounts")))
    features = set(conn.scalars(text("SELECT feature_key FROM features")))
    validator = _EventValidator(file_name, accounts, features)
    stage = _staging_table()
    stage.create(conn)
    buffer: dict[_AggregateKey, list[float]] = {}

    for row in rows:
        key, quantity = validator.key(row)
        totals = buffer.get(key)
        if totals is None:
            buffer[key] = [1.0, quantity]
            if len(buffer) >= BUFFER_KEYS:
                _spill(conn, buffer)
        else:
            totals[0] += 1
            totals[1] += quantity
        report.rows_read += 1
        if progress is not None and report.rows_read % 50_000 == 0:
            progress(report.rows_read)
    _spill(conn, buffer)

    written = conn.execute(select(func.count()).select_from(stage)).scalar_one()
    if written == 0:
        stage.drop(conn)
        return
    conn.execute(text(_SNAPSHOT_OLD))
    for table in ("usage_feature_daily", "usage_user_daily"):
        conn.execute(text(_DELETE_COVERED.format(table=table)))
    conn.execute(text(_INSERT_FEATURE_DAYS))
    conn.execute(text(_INSERT_USER_DAYS))

    same, matched, old_total = conn.execute(text(_COUNT_CHANGES)).one()
    new_total = conn.execute(
        text(
            "SELECT COUNT(*) FROM (SELECT DISTINCT account_id, day, event, feature_key "
            "FROM usage_import_stage) d"
        )
    ).scalar_one()
    report.unchanged += same
    report.updated += matched - same
    report.inserted += new_total - matched
    deleted = old_total - matched
    if deleted:
        logger.info(
            "%s: %d feature-day rows no longer present were removed", file_name, deleted
        )
    conn.execute(text("DROP TABLE usage_import_old"))
    stage.drop(conn)
