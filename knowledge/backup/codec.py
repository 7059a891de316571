"""The backup format: file names, checksums, and JSON encoding of column values."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    LargeBinary,
    MetaData,
    Numeric,
    Table,
)
from sqlalchemy.exc import OperationalError

from knowledge.errors import (
    UpstreamUnavailableError,
)

FORMAT = "csm-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
HEALTH_MODEL = "config/health_model.yaml"
BATCH = 1000
SKIPPED_TABLES = {"alembic_version"}
MIGRATIONS = Path(__file__).parent.parent / "migrations"


@dataclass
class TableDump:
    """One table's file in a backup."""

    name: str
    file: str
    rows: int
    sha256: str


@dataclass
class BackupSummary:
    """What a backup or restore covered."""

    directory: Path
    revision: str | None
    tables: list[TableDump] = field(default_factory=list)
    documents: int = 0
    health_model: Path | None = None
    """The custom health model file copied into the backup, or written by a restore."""
    health_model_left: Path | None = None
    """A restored health model with no path to go to: its copy in the backup."""

    @property
    def rows(self) -> int:
        """Rows over every table."""
        return sum(t.rows for t in self.tables)


def sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def reflect(conn: Connection) -> list[Table]:
    """The database's own tables (not the models'), parents before children."""
    metadata = MetaData()
    metadata.reflect(conn)
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def encode(value: Any) -> Any:
    """A column value as JSON: ISO dates, UTC timestamps, base64 bytes, decimals."""
    if isinstance(value, datetime):
        # SQLite keeps UTC without an offset; write every timestamp with one.
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _aware_timestamp(raw: str) -> datetime:
    return datetime.fromisoformat(raw).astimezone(UTC)


def _naive_timestamp(raw: str) -> datetime:
    # SQLite, and PostgreSQL columns without a zone, hold UTC without an offset.
    return _aware_timestamp(raw).replace(tzinfo=None)


def _decimal(raw: str | float) -> Decimal:
    # Through str so that a float such as 0.1 keeps its short decimal form.
    return Decimal(str(raw))


def column_decoders(table: Table, sqlite: bool) -> dict[str, Callable[[Any], Any]]:
    """Per column, how to turn a JSON value back into what the driver takes."""
    decoders: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        kind = column.type
        if isinstance(kind, DateTime):
            aware = kind.timezone and not sqlite
            decoders[column.name] = _aware_timestamp if aware else _naive_timestamp
        elif isinstance(kind, Date):
            decoders[column.name] = date.fromisoformat
        elif isinstance(kind, LargeBinary):
            decoders[column.name] = base64.b64decode
        elif isinstance(kind, Numeric):
            decoders[column.name] = _decimal if kind.asdecimal else float
    return decoders


@contextmanager
def unavailable() -> Iterator[None]:
    """Map a lost or refused database connection to the domain error."""
    try:
        yield
    except OperationalError as exc:
        raise UpstreamUnavailableError(f"database unavailable: {exc.orig}") from exc


def revision_of(conn: Connection) -> str | None:
    """The alembic revision the database is at (None when it has none)."""
    return MigrationContext.configure(conn).get_current_revision()
