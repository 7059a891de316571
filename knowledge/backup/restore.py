"""Check a backup and load it into an empty database."""

from __future__ import annotations

import gzip
import json
import logging
import os
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from knowledge import schema
from knowledge.backup.codec import (
    BATCH,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MIGRATIONS,
    BackupSummary,
    TableDump,
    column_decoders,
    reflect,
    sha256,
    unavailable,
)
from knowledge.db import is_postgres
from knowledge.errors import (
    ConflictError,
    InvalidInputError,
    Location,
)

logger = logging.getLogger(__name__)


def read_manifest(directory: Path) -> dict[str, Any]:
    """Load and check a backup's manifest and the checksum of every file in it.

    Raises:
        InvalidInputError: not a backup, an unknown format, or a file that is missing
            or does not match its checksum.
    """
    path = directory / MANIFEST
    if not path.is_file():
        raise InvalidInputError("not a backup (no manifest.json)", Location(str(path)))
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            f"unreadable manifest: {exc}", Location(str(path))
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != (
        FORMAT_VERSION
    ):
        raise InvalidInputError(
            f"unknown backup format {manifest.get('format')!r} "
            f"version {manifest.get('format_version')!r}",
            Location(str(path)),
        )
    expected = {t["file"]: t["sha256"] for t in manifest["tables"]}
    expected.update(manifest.get("files", {}))
    for relative, digest in expected.items():
        file = directory / relative
        if not file.is_file():
            raise InvalidInputError("file missing from the backup", Location(relative))
        if sha256(file) != digest:
            raise InvalidInputError(
                "file does not match its checksum (damaged backup)", Location(relative)
            )
    return manifest


def _checkrevision(engine: Engine, revision: str | None) -> None:
    if revision is None:
        return
    try:
        ScriptDirectory(str(MIGRATIONS)).get_revision(revision)
    except CommandError as exc:
        raise InvalidInputError(
            f"backup is at revision {revision}, which this version does not know; "
            "restore it with a newer csm-assistant",
            Location(MANIFEST),
        ) from exc


def _has_rows(conn: Connection, tables: list[Table]) -> list[str]:
    return [
        t.name
        for t in tables
        if conn.execute(select(func.count()).select_from(t)).scalar_one()
    ]


def _load_table(
    conn: Connection, table: Table, path: Path, relative: str, sqlite: bool
) -> int:
    try:
        return _insert_rows(conn, table, path, relative, sqlite)
    except IntegrityError as exc:
        raise InvalidInputError(
            f"rejected by the database: {exc.orig}", Location(relative)
        ) from exc


def _insert_rows(
    conn: Connection, table: Table, path: Path, relative: str, sqlite: bool
) -> int:
    decoders = column_decoders(table, sqlite)
    rows = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        columns: list[str] = json.loads(handle.readline())
        unknown = [c for c in columns if c not in table.columns]
        if unknown:
            raise InvalidInputError(
                f"columns {', '.join(unknown)} do not exist in table {table.name}",
                Location(relative, 1),
            )
        batch: list[dict[str, Any]] = []
        for line in handle:
            values = json.loads(line)
            record: dict[str, Any] = {}
            for name, value in zip(columns, values, strict=True):
                decode = decoders.get(name)
                record[name] = (
                    value if decode is None or value is None else decode(value)
                )
            batch.append(record)
            if len(batch) == BATCH:
                conn.execute(insert(table), batch)
                rows += len(batch)
                batch = []
        if batch:
            conn.execute(insert(table), batch)
            rows += len(batch)
    return rows


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL serials do not move when ids are inserted explicitly."""
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and column.type.python_type is int
            ):
                sequence = func.pg_get_serial_sequence(table.name, column.name)
                highest = func.max(column)
                conn.execute(
                    select(
                        func.setval(
                            sequence,
                            func.coalesce(highest, 1),
                            highest.is_not(None),
                        )
                    )
                )


def _health_model_of(
    directory: Path, manifest: dict[str, Any], target: Path | None
) -> bytes | None:
    """The backup's health model, once sure that writing it to ``target`` is safe.

    Raises:
        ConflictError: a different file already exists at ``target``.
    """
    entry = manifest.get("health_model")
    if entry is None:
        return None
    model: bytes = (directory / entry["file"]).read_bytes()
    if target is not None and target.exists() and target.read_bytes() != model:
        raise ConflictError(
            f"{target} exists and differs from the health model in the backup; "
            "move it away (or point CSM_HEALTH_MODEL_PATH at a new file), then "
            "restore again"
        )
    return model


def _write_health_model(target: Path, model: bytes) -> None:
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(model)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInputError(
            f"the data is restored but the health model could not be written: {exc}",
            Location(str(target)),
        ) from exc


def restore_database(
    engine: Engine, directory: Path, *, health_model: Path | None = None
) -> BackupSummary:
    """Load a backup into an empty database, then migrate it to the newest schema.

    Every row goes in one transaction: a failed restore leaves the database empty.
    A custom health model in the backup is written to ``health_model`` afterwards;
    with no path given it stays in the backup (``health_model_left``).

    Args:
        engine: An empty database.
        directory: A folder written by :func:`backup_database`.
        health_model: Where the active health model file belongs on this
            installation (never the shipped default).

    Raises:
        InvalidInputError: the folder is not a backup, is damaged, or comes from a
            newer version; or the health model file could not be written.
        ConflictError: the database already holds data, or a different health
            model file exists at ``health_model`` (checked before any row is
            written; an identical file is fine).
        UpstreamUnavailableError: the database cannot be reached.
    """
    manifest = read_manifest(directory)
    revision: str | None = manifest["alembic_revision"]
    _checkrevision(engine, revision)
    model = _health_model_of(directory, manifest, health_model)

    with unavailable():
        current = schema.current_revision(engine)
        if current not in (None, revision):
            raise ConflictError(
                f"the database is at revision {current} and the backup at {revision}; "
                "restore into a new, empty database"
            )
        if revision is not None:
            schema.upgrade(engine, revision)

        summary = BackupSummary(directory, revision)
        with engine.begin() as conn:
            tables = {t.name: t for t in reflect(conn)}
            busy = _has_rows(conn, list(tables.values()))
            if busy:
                raise ConflictError(
                    f"the database already holds data ({', '.join(busy)}); "
                    "restore into a new, empty database"
                )
            for entry in manifest["tables"]:
                if entry["name"] not in tables:
                    raise InvalidInputError(
                        f"table {entry['name']} does not exist at revision {revision}",
                        Location(entry["file"]),
                    )
                table = tables[entry["name"]]
                rows = _load_table(
                    conn,
                    table,
                    directory / entry["file"],
                    entry["file"],
                    not is_postgres(engine),
                )
                summary.tables.append(
                    TableDump(table.name, entry["file"], rows, entry["sha256"])
                )
            if is_postgres(engine):
                _reset_sequences(conn, list(tables.values()))
        schema.upgrade(engine)
    summary.documents = len(
        [f for f in manifest.get("files", {}) if f.startswith("documents/")]
    )
    if model is not None and health_model is not None:
        _write_health_model(health_model, model)
        summary.health_model = health_model
    elif model is not None:
        summary.health_model_left = directory / manifest["health_model"]["file"]
    logger.info(
        "restored %d rows into %d tables from %s",
        summary.rows,
        len(summary.tables),
        directory,
    )
    return summary
