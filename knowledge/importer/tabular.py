"""Load the contract's id-keyed CSV files: validate every row, then upsert by key."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from knowledge.errors import InvalidInputError, Location
from knowledge.importer.reader import Row
from knowledge.importer.report import FileReport
from knowledge.models import (
    Account,
    Contact,
    Feature,
    Subscription,
    TeamMember,
    Ticket,
    ValueMetric,
)
from knowledge.models.base import Base
from knowledge.records import (
    AccountRecord,
    ContactRecord,
    FeatureRecord,
    SubscriptionRecord,
    TeamMemberRecord,
    TicketRecord,
    ValueMetricRecord,
)

logger = logging.getLogger(__name__)

MAX_PROBLEMS = 20
"""Problems listed before a file's validation stops reading."""

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


@dataclass(frozen=True)
class TableSpec:
    """How one contract file maps onto one table."""

    stem: str
    record: type[BaseModel]
    model: type[Base]
    key: tuple[str, ...]
    references_account: bool = True

    @property
    def columns(self) -> list[str]:
        """Columns the contract defines for this file."""
        return list(self.record.model_fields)

    @property
    def required(self) -> set[str]:
        """Columns the header must have."""
        return {n for n, f in self.record.model_fields.items() if f.is_required()}


TABLES: dict[str, TableSpec] = {
    spec.stem: spec
    for spec in (
        TableSpec("team", TeamMemberRecord, TeamMember, ("email",), False),
        TableSpec("accounts", AccountRecord, Account, ("account_id",), False),
        TableSpec("features", FeatureRecord, Feature, ("feature_key",), False),
        TableSpec("contacts", ContactRecord, Contact, ("contact_id",)),
        TableSpec(
            "subscriptions",
            SubscriptionRecord,
            Subscription,
            ("account_id", "start_date"),
        ),
        TableSpec(
            "value_metrics",
            ValueMetricRecord,
            ValueMetric,
            ("account_id", "metric", "period_start", "period_end"),
        ),
        TableSpec("tickets", TicketRecord, Ticket, ("ticket_id",)),
    )
}


def _clean(values: dict[str, Any], record: type[BaseModel]) -> dict[str, Any]:
    """Turn CSV text into what the record expects: blanks are absent, booleans parse."""
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
            annotation = str(record.model_fields[name].annotation)
            if "bool" in annotation:
                lowered = value.lower()
                if lowered in _TRUE:
                    value = True
                elif lowered in _FALSE:
                    value = False
        cleaned[name] = value
    return cleaned


def validate_rows(
    spec: TableSpec,
    rows: Iterable[Row],
    file_name: str,
    known_accounts: Callable[[str], bool],
) -> list[dict[str, Any]]:
    """Validate every row; collect up to MAX_PROBLEMS located problems, then refuse.

    Raises:
        InvalidInputError: any row breaks the contract; nothing is returned.
    """
    problems: list[tuple[Location, str]] = []
    seen: dict[tuple[Any, ...], int] = {}
    valid: list[dict[str, Any]] = []

    for row in rows:
        try:
            record = spec.record.model_validate(_clean(row.values, spec.record))
        except ValidationError as exc:
            for error in exc.errors():
                column = str(error["loc"][0]) if error["loc"] else None
                given = row.values.get(column) if column else None
                detail = error["msg"] + (f" (got {given!r})" if given else "")
                problems.append((Location(file_name, row.line, column), detail))
        else:
            data = record.model_dump()
            key = tuple(data[k] for k in spec.key)
            first = seen.get(key)
            if first is not None:
                problems.append(
                    (
                        Location(file_name, row.line, spec.key[0]),
                        f"duplicate id {'/'.join(map(str, key))} "
                        f"(first on line {first})",
                    )
                )
            else:
                seen[key] = row.line
            if spec.references_account and not known_accounts(data["account_id"]):
                problems.append(
                    (
                        Location(file_name, row.line, "account_id"),
                        f"unknown account_id '{data['account_id']}' "
                        "(not in accounts.csv nor in the database)",
                    )
                )
            valid.append(data)
        if len(problems) >= MAX_PROBLEMS:
            break

    if problems:
        location, message = problems[0]
        raise InvalidInputError(
            message, location, [f"{loc}: {msg}" for loc, msg in problems]
        )
    return valid


def _comparable(value: Any) -> Any:
    return (
        float(value)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else value
    )


def upsert(
    session: Session, spec: TableSpec, rows: list[dict[str, Any]], report: FileReport
) -> None:
    """Insert new keys, update changed rows, count unchanged ones."""
    model = spec.model
    columns = [c.key for c in model.__table__.columns if c.key in spec.columns]
    key_columns = [getattr(model, k) for k in spec.key]
    existing: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for stored in session.execute(
        select(*key_columns, *[getattr(model, c) for c in columns])
    ):
        values = tuple(stored)
        existing[values[: len(key_columns)]] = tuple(
            _comparable(v) for v in values[len(key_columns) :]
        )

    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for data in rows:
        row = {c: data.get(c) for c in columns}
        key = tuple(row[k] for k in spec.key)
        before = existing.get(key)
        if before is None:
            inserts.append(row)
        elif before != tuple(_comparable(row[c]) for c in columns):
            updates.append(row)
        else:
            report.unchanged += 1

    if inserts:
        session.execute(insert(model), inserts)
    if updates:
        session.execute(update(model), updates)
    report.inserted += len(inserts)
    report.updated += len(updates)
