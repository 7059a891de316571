"""Import a folder holding any subset of the data contract's files.

Files load in dependency order (team and accounts before what refers to them), each
in its own transaction: a file loads whole or not at all, and a refused file does not
stop the others.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from knowledge.db import make_session_factory, private_writer_engine, session_scope
from knowledge.documents import (
    note_id_of,
    parse_note,
    parse_playbook,
    save_note,
    save_playbook,
)
from knowledge.errors import (
    InvalidInputError,
    Location,
    UpstreamUnavailableError,
)
from knowledge.importer import usage
from knowledge.importer.reader import SourceFile, iter_rows
from knowledge.importer.report import FileReport, ImportReport
from knowledge.importer.tabular import TABLES, upsert, validate_rows
from knowledge.models import AuditEntry
from knowledge.models.base import utc_now

logger = logging.getLogger(__name__)


@contextmanager
def _translated_db_errors(file_name: str) -> Iterator[None]:
    """Map database exceptions to domain errors at this boundary."""
    try:
        yield
    except IntegrityError as exc:
        raise InvalidInputError(
            f"rejected by the database: {exc.orig}", Location(file_name)
        ) from exc
    except OperationalError as exc:
        raise UpstreamUnavailableError(f"database unavailable: {exc.orig}") from exc


ProgressCallback = Callable[[str, int, int, int], None]
"""Called with (file, rows read, bytes read, bytes in file)."""

_SUFFIXES = (".csv", ".csv.gz", ".jsonl", ".jsonl.gz")
USAGE_STEM = "usage_events"


def _find(directory: Path, stem: str) -> SourceFile | None:
    found = [
        directory / f"{stem}{s}"
        for s in _SUFFIXES
        if (directory / f"{stem}{s}").is_file()
    ]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise InvalidInputError(
            f"more than one {stem} file ({names}); keep one", Location(names)
        )
    if not found:
        return None
    path = found[0]
    return SourceFile(path, path.name, path.stat().st_size)


def _known_files(directory: Path) -> set[str]:
    stems = [*TABLES, USAGE_STEM]
    return {f"{stem}{s}" for stem in stems for s in _SUFFIXES} | {"notes", "playbooks"}


IMPORT_LOCK_KEY = 7_262_001
"""PostgreSQL advisory lock that serialises imports across processes."""
_WRITERS: dict[str, Engine] = {}
_WRITERS_LOCK = threading.Lock()


def writer_engine(engine: Engine) -> Engine:
    """One engine per SQLite file whose transactions take the write lock first.

    Two imports into one database then take turns instead of one failing with
    "database is locked"; a large usage file holds the lock for a while, hence the
    long wait.
    """
    key = engine.url.render_as_string(hide_password=False)
    with _WRITERS_LOCK:
        if key not in _WRITERS:
            _WRITERS[key] = private_writer_engine(engine, busy_timeout_ms=900_000)
        return _WRITERS[key]


def _serialize(connection: Connection | Session) -> None:
    """On PostgreSQL, wait for any other import to commit before reading."""
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    if bind.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY}
        )


class Importer:
    """Loads contract files into one database, recording each file in the audit log."""

    def __init__(
        self,
        engine: Engine,
        actor: str = "import",
        progress: ProgressCallback | None = None,
    ) -> None:
        self.engine = writer_engine(engine)
        self.actor = actor
        self.progress = progress
        self.sessions = make_session_factory(self.engine)

    def import_directory(self, directory: Path) -> ImportReport:
        """Load every contract file found in ``directory``; missing files are fine."""
        if not directory.is_dir():
            raise InvalidInputError("not a folder", Location(str(directory)))
        report = ImportReport()
        for entry in sorted(directory.iterdir()):
            if entry.name not in _known_files(directory) and not entry.name.startswith(
                "."
            ):
                logger.warning(
                    "%s: not a file of the data contract; ignored", entry.name
                )

        for stem in TABLES:
            self._guarded(report, stem, partial(self._table_file, directory, stem))
        self._guarded(report, USAGE_STEM, partial(self._usage_file, directory))
        for folder in ("notes", "playbooks"):
            if (directory / folder).is_dir():
                report.files.extend(self.import_documents(directory / folder, folder))
        return report

    def _guarded(
        self, report: ImportReport, name: str, load: Callable[[], FileReport | None]
    ) -> None:
        started = time.perf_counter()
        try:
            result = load()
        except InvalidInputError as exc:
            file_name = exc.location.file if exc.location else name
            result = FileReport(
                file=file_name, error=exc.message, problems=exc.problems
            )
            logger.warning("%s refused: %s", file_name, exc.message)
        if result is None:
            return
        report.files.append(result)
        if result.ok:
            logger.info(
                "%s: %d rows read, %d inserted, %d updated, %d unchanged in %.1fs",
                result.file,
                result.rows_read,
                result.inserted,
                result.updated,
                result.unchanged,
                time.perf_counter() - started,
            )

    def _audit(self, file_report: FileReport) -> AuditEntry:
        return AuditEntry(
            at=utc_now(),
            actor=self.actor,
            action="import",
            entity="file",
            entity_id=file_report.file,
            detail=file_report.model_dump(
                include={"rows_read", "inserted", "updated", "unchanged"}
            ),
        )

    def _report_progress(self, source: SourceFile, rows: int) -> None:
        if self.progress is not None:
            self.progress(source.display_name, rows, source.bytes_read, source.size)

    def _table_file(self, directory: Path, stem: str) -> FileReport | None:
        source = _find(directory, stem)
        return None if source is None else self.import_table(source, stem)

    def import_table(self, source: SourceFile, stem: str) -> FileReport:
        """Load one id-keyed file (accounts, contacts, …) whole or not at all."""
        spec = TABLES[stem]
        file_report = FileReport(file=source.display_name)
        with (
            _translated_db_errors(source.display_name),
            session_scope(self.sessions) as session,
        ):
            _serialize(session)
            accounts: set[str] = set()
            if spec.references_account:
                accounts = set(session.scalars(text("SELECT account_id FROM accounts")))
            rows = list(iter_rows(source, spec.columns, spec.required))
            file_report.rows_read = len(rows)
            valid = validate_rows(
                spec, rows, source.display_name, accounts.__contains__
            )
            upsert(session, spec, valid, file_report)
            session.add(self._audit(file_report))
        self._report_progress(source, file_report.rows_read)
        return file_report

    def _usage_file(self, directory: Path) -> FileReport | None:
        source = _find(directory, USAGE_STEM)
        return None if source is None else self.import_usage(source)

    def import_usage(self, source: SourceFile) -> FileReport:
        """Stream a usage file into the daily tables, whole or not at all."""
        file_report = FileReport(file=source.display_name)
        rows = iter_rows(source, usage.COLUMNS, usage.REQUIRED)
        with _translated_db_errors(source.display_name), self.engine.begin() as conn:
            _serialize(conn)
            usage.load_usage(
                conn,
                rows,
                source.display_name,
                file_report,
                lambda n: self._report_progress(source, n),
            )
            audit = self._audit(file_report)
            conn.execute(
                insert(AuditEntry).values(
                    at=audit.at,
                    actor=audit.actor,
                    action=audit.action,
                    entity=audit.entity,
                    entity_id=audit.entity_id,
                    detail=audit.detail,
                )
            )
        self._report_progress(source, file_report.rows_read)
        return file_report

    def import_documents(self, folder: Path, kind: str) -> list[FileReport]:
        """Load every ``*.md`` in a notes or playbooks folder, each file on its own."""
        summary = FileReport(file=f"{kind}/")
        refused: list[FileReport] = []
        seen: dict[str, str] = {}
        for path in sorted(folder.glob("*.md")):
            name = f"{kind}/{path.name}"
            try:
                self._one_document(path, name, kind, seen, summary)
            except InvalidInputError as exc:
                refused.append(
                    FileReport(file=name, error=exc.message, problems=exc.problems)
                )
                logger.warning("%s refused: %s", name, exc.message)
        with session_scope(self.sessions) as session:
            session.add(self._audit(summary))
        return [summary, *refused]

    def _one_document(
        self,
        path: Path,
        name: str,
        kind: str,
        seen: dict[str, str],
        summary: FileReport,
    ) -> None:
        try:
            content = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            raise InvalidInputError(
                f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x})",
                Location(name, line),
            ) from exc
        if kind == "notes":
            note = parse_note(content, name)
            key = note_id_of(note)
        else:
            playbook = parse_playbook(content, name)
            key = playbook.slug
        if key in seen:
            raise InvalidInputError(
                f"duplicate id '{key}' (also in {seen[key]})",
                Location(name, None, "slug" if kind == "playbooks" else "title"),
            )
        seen[key] = name
        with _translated_db_errors(name), session_scope(self.sessions) as session:
            _serialize(session)
            if kind == "notes":
                outcome = save_note(session, note, self.actor, name)
            else:
                outcome = save_playbook(session, playbook, self.actor, name).outcome
        summary.rows_read += 1
        if outcome == "inserted":
            summary.inserted += 1
        elif outcome == "updated":
            summary.updated += 1
        else:
            summary.unchanged += 1


def import_directory(
    engine: Engine,
    directory: Path,
    actor: str = "import",
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Load a folder of contract files into the database behind ``engine``."""
    return Importer(engine, actor, progress).import_directory(directory)
