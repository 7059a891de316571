"""Write a consistent backup of a database to a folder."""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    select,
)

from knowledge.backup.codec import (
    BATCH,
    FORMAT,
    FORMAT_VERSION,
    HEALTH_MODEL,
    MANIFEST,
    BackupSummary,
    TableDump,
    encode,
    reflect,
    revision_of,
    sha256,
    unavailable,
)
from knowledge.db import is_postgres
from knowledge.errors import ConflictError, InvalidInputError, Location

logger = logging.getLogger(__name__)


@dataclass
class _Writer:
    root: Path
    files: dict[str, str] = field(default_factory=dict)

    def text(self, relative: str, content: str) -> None:
        self.data(relative, content.encode("utf-8"))

    def data(self, relative: str, content: bytes) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files[relative] = sha256(path)


def _dump_table(conn: Connection, table: Table, writer: _Writer) -> TableDump:
    relative = f"tables/{table.name}.jsonl.gz"
    path = writer.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(table).order_by(*order)
    )
    rows = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=3) as handle:
        handle.write(json.dumps([c.name for c in table.columns]) + "\n")
        for row in result:
            handle.write(json.dumps([encode(v) for v in row], default=str) + "\n")
            rows += 1
    return TableDump(table.name, relative, rows, sha256(path))


def _front_matter(meta: dict[str, Any], body: str) -> str:
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    return f"---\n{header}---\n{body}"


def _safe_name(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in key)


def _dump_documents(conn: Connection, tables: dict[str, Table], writer: _Writer) -> int:
    """Every note and playbook version as contract Markdown, for people and tools."""
    count = 0
    if "notes" in tables:
        for note in conn.execute(select(tables["notes"])).mappings():
            meta = {
                "note_id": note["note_id"],
                "account_id": note["account_id"],
                "title": note["title"],
                "author": note["author"],
                "date": encode(note["note_date"]),
                "kind": note["kind"],
            }
            name = f"documents/notes/{_safe_name(note['note_id'])}.md"
            writer.text(name, _front_matter(meta, note["body"]))
            count += 1
    if "playbook_versions" in tables:
        for version in conn.execute(select(tables["playbook_versions"])).mappings():
            meta = {
                key: version[key]
                for key in ("slug", "title", "stage", "audience", "segment", "tags")
            } | {"owner": version["owner"], "status": version["status"]}
            name = f"documents/playbooks/{version['slug']}/v{version['version']}.md"
            writer.text(name, _front_matter(meta, version["body"]))
            count += 1
    return count


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One connection that sees every table as of the same moment."""
    with unavailable(), engine.connect() as conn:
        if is_postgres(engine):
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            conn.begin()
        else:
            # pysqlite opens no transaction for reads; in WAL mode an explicit one
            # pins a snapshot, so rows written by a running import stay out.
            conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def _read_health_model(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(
            f"cannot read the health model to back up: {exc}", Location(str(path))
        ) from exc


def backup_database(
    engine: Engine, directory: Path, *, health_model: Path | None = None
) -> BackupSummary:
    """Write a consistent backup of the database behind ``engine`` to ``directory``.

    The folder is written under a temporary name and renamed at the end, so an
    interrupted backup never looks complete.

    Args:
        engine: The database to copy.
        directory: A new or empty folder.
        health_model: A custom health model file to keep with the data (the
            shipped one needs no copy: every installation has it).

    Raises:
        ConflictError: ``directory`` exists and is not empty.
        InvalidInputError: ``health_model`` cannot be read.
        UpstreamUnavailableError: the database cannot be reached.
    """
    if directory.exists() and any(directory.iterdir()):
        raise ConflictError(f"{directory} is not empty; choose a new folder")
    model = None if health_model is None else _read_health_model(health_model)
    partial = directory.with_name(f".{directory.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    writer = _Writer(partial)

    try:
        with _snapshot(engine) as conn:
            revision = revision_of(conn)
            tables = reflect(conn)
            summary = BackupSummary(directory, revision)
            for table in tables:
                summary.tables.append(_dump_table(conn, table, writer))
            summary.documents = _dump_documents(
                conn, {t.name: t for t in tables}, writer
            )
        if model is not None:
            writer.data(HEALTH_MODEL, model)
            summary.health_model = health_model
    except BaseException:
        # A half-written copy is worse than none: it could be mistaken for a backup.
        shutil.rmtree(partial, ignore_errors=True)
        raise

    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "source_backend": engine.dialect.name,
        "alembic_revision": revision,
        "tables": [vars(t) for t in summary.tables],
        "files": writer.files,
    }
    if summary.health_model is not None:
        manifest["health_model"] = {
            "file": HEALTH_MODEL,
            "source": str(summary.health_model),
        }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    if directory.exists():
        directory.rmdir()
    os.replace(partial, directory)
    logger.info(
        "backup of %d tables, %d rows, %d documents at revision %s written to %s",
        len(summary.tables),
        summary.rows,
        summary.documents,
        revision,
        directory,
    )
    return summary
