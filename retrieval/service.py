"""The knowledge base as one service: curation writes, index sync and search.

The CLI and the HTTP API both call this class. The database is written first and
committed; the index follows. When the vector store is down the edit is kept, the
outcome says it is not yet searchable, and a later ``reindex`` catches up.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from knowledge import curation
from knowledge.db import make_session_factory, session_scope
from knowledge.documents import (
    decode_document,
    document_kind,
    note_id_of,
    parse_note,
    parse_playbook,
    split_front_matter,
)
from knowledge.errors import ConflictError, UpstreamUnavailableError
from knowledge.queries import documents as queries
from knowledge.records import NoteRecord, PlaybookRecord
from retrieval.embedding import Embedder, SentenceTransformerEmbedder, to_bytes
from retrieval.indexer import Indexer
from retrieval.models import (
    DriftReport,
    IndexReport,
    SearchFilters,
    SearchMode,
    SearchResult,
    UnansweredGroup,
)
from retrieval.reports import group_questions
from retrieval.search import HybridSearcher, SearchTuning
from retrieval.store import VectorStore

logger = logging.getLogger(__name__)

DEFAULT_QUESTION_LOG_DAYS = 365
"""How long logged questions are kept (the unanswered report reads recent ones)."""


class SavedDocument(BaseModel):
    """What adding or changing one document did."""

    source: str
    kind: Literal["playbook", "note"]
    document_id: str
    version: int
    outcome: str
    indexed: bool
    warning: str | None = None


@dataclass
class _Parsed:
    source: str
    record: PlaybookRecord | NoteRecord
    doc_id: str = field(default="")


class KnowledgeBase:
    """Curation, indexing and search over one database and one vector store."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        store: VectorStore,
        embedder: Embedder,
        tuning: SearchTuning | None = None,
        *,
        question_log_days: int = DEFAULT_QUESTION_LOG_DAYS,
    ) -> None:
        self.sessions = sessions
        self.question_log_days = question_log_days
        self.store = store
        self.embedder = embedder
        self.indexer = Indexer(sessions, store, embedder)
        self.searcher = HybridSearcher(store, embedder, tuning)
        self._feedback: dict[str, int] | None = None
        self._feedback_at = 0.0
        self._lock = threading.Lock()

    # Curation ---------------------------------------------------------------

    def parse(self, data: bytes, source: str) -> PlaybookRecord | NoteRecord:
        """Validate one document file.

        Raises:
            InvalidInputError: the file breaks the contract (named with its line).
        """
        text = decode_document(data, source)
        meta, _ = split_front_matter(text, source)
        if document_kind(meta) == "note":
            return parse_note(text, source)
        return parse_playbook(text, source)

    def add_files(self, paths: Sequence[Path], actor: str) -> list[SavedDocument]:
        """Add or update playbooks and notes from files, all or none.

        Raises:
            InvalidInputError: a file breaks the contract; nothing is written.
            ConflictError: two files carry the same slug; nothing is written.
        """
        parsed = [_Parsed(str(p), self.parse(p.read_bytes(), str(p))) for p in paths]
        seen: dict[str, str] = {}
        for item in parsed:
            if isinstance(item.record, PlaybookRecord):
                item.doc_id = queries.playbook_doc_id(item.record.slug)
            else:
                item.doc_id = queries.note_doc_id(note_id_of(item.record))
            if item.doc_id in seen:
                raise ConflictError(
                    f"{item.source} and {seen[item.doc_id]} both define "
                    f"'{item.doc_id}'; nothing was written"
                )
            seen[item.doc_id] = item.source
        return self._write(parsed, actor, mode="upsert")

    def create_playbook(
        self, data: bytes, actor: str, source: str = "api"
    ) -> SavedDocument:
        """Create a playbook from Markdown with front matter.

        Raises:
            InvalidInputError: the document breaks the contract.
            ConflictError: the slug exists already.
        """
        record = parse_playbook(decode_document(data, source), source)
        item = _Parsed(source, record, queries.playbook_doc_id(record.slug))
        return self._write([item], actor, mode="create")[0]

    def update_playbook(
        self, data: bytes, actor: str, source: str = "api"
    ) -> SavedDocument:
        """Store an edit of a playbook as a new version.

        Raises:
            InvalidInputError: the document breaks the contract.
            NotFoundError: no playbook has this slug.
        """
        record = parse_playbook(decode_document(data, source), source)
        item = _Parsed(source, record, queries.playbook_doc_id(record.slug))
        return self._write([item], actor, mode="update")[0]

    def import_note(
        self, data: bytes, actor: str, source: str = "api"
    ) -> SavedDocument:
        """Insert or update an account note.

        Raises:
            InvalidInputError: the note breaks the contract or names an unknown
                account.
        """
        record = parse_note(decode_document(data, source), source)
        item = _Parsed(source, record, queries.note_doc_id(note_id_of(record)))
        return self._write([item], actor, mode="upsert")[0]

    def set_status(
        self, slug: str, status: Literal["published", "retired", "draft"], actor: str
    ) -> SavedDocument:
        """Publish or retire a playbook (a new version with the new status).

        Raises:
            NotFoundError: no playbook has this slug.
        """
        with session_scope(self.sessions) as session:
            saved = curation.set_playbook_status(session, slug, status, actor)
        doc_id = queries.playbook_doc_id(slug)
        indexed, warning = self._sync([doc_id])
        return SavedDocument(
            source=f"status:{status}",
            kind="playbook",
            document_id=doc_id,
            version=saved.version,
            outcome=saved.outcome,
            indexed=indexed,
            warning=warning,
        )

    def _write(
        self,
        items: Sequence[_Parsed],
        actor: str,
        mode: Literal["create", "update", "upsert"],
    ) -> list[SavedDocument]:
        results: list[tuple[_Parsed, int, str]] = []
        with session_scope(self.sessions) as session:
            for item in items:
                if isinstance(item.record, NoteRecord):
                    outcome = curation.import_note(
                        session, item.record, actor, item.source
                    )
                    results.append((item, 1, outcome))
                    continue
                write = {
                    "create": curation.create_playbook,
                    "update": curation.update_playbook,
                    "upsert": curation.upsert_playbook,
                }[mode]
                saved = write(session, item.record, actor, item.source)
                results.append((item, saved.version, saved.outcome))
        changed = [
            item.doc_id for item, _, outcome in results if outcome != "unchanged"
        ]
        indexed, warning = self._sync(changed)
        return [
            SavedDocument(
                source=item.source,
                kind="note" if isinstance(item.record, NoteRecord) else "playbook",
                document_id=item.doc_id,
                version=version,
                outcome=outcome,
                indexed=indexed or outcome == "unchanged",
                warning=None if outcome == "unchanged" else warning,
            )
            for item, version, outcome in results
        ]

    def _sync(self, doc_ids: Sequence[str]) -> tuple[bool, str | None]:
        """Index the given documents; a store outage is reported, not raised."""
        if not doc_ids:
            return True, None
        try:
            self.indexer.sync(doc_ids)
        except UpstreamUnavailableError as exc:
            logger.warning("saved %d documents but could not index them", len(doc_ids))
            return False, f"{exc.message}; saved, run `csm kb reindex` once it is back"
        self.searcher.invalidate()
        return True, None

    def history(self, slug: str) -> list[queries.VersionInfo]:
        """Every version of a playbook, oldest first."""
        with session_scope(self.sessions) as session:
            return queries.playbook_versions(session, slug)

    def diff(self, slug: str, old: int, new: int) -> str:
        """Unified diff between two versions of a playbook."""
        with session_scope(self.sessions) as session:
            return queries.diff_versions(session, slug, old, new)

    def list_playbooks(self) -> list[queries.PlaybookSummary]:
        """Every playbook with its status and served version."""
        with session_scope(self.sessions) as session:
            return queries.list_playbooks(session)

    def feedback(
        self, chunk_id: str, helpful: bool, actor: str, question: str | None = None
    ) -> None:
        """Record a vote on a passage; it nudges that passage's rank, boundedly."""
        with session_scope(self.sessions) as session:
            curation.record_feedback(session, chunk_id, helpful, actor, question)
        with self._lock:
            self._feedback = None

    # Index ------------------------------------------------------------------

    def reindex(self, *, full: bool = False) -> IndexReport:
        """Bring the index in line with the database; ``full`` rebuilds it.

        Raises:
            UpstreamUnavailableError: the vector store cannot be reached.
        """
        if full:
            self.store.drop()
        report = self.indexer.sync()
        self.searcher.invalidate()
        return report

    def check(self) -> DriftReport:
        """Missing, stale and orphaned chunks, without changing anything."""
        return self.indexer.check()

    # Search -----------------------------------------------------------------

    def _feedback_scores(self) -> dict[str, int]:
        with self._lock:
            fresh = (
                time.monotonic() - self._feedback_at
                < self.searcher.tuning.refresh_seconds
            )
            if self._feedback is None or not fresh:
                with session_scope(self.sessions) as session:
                    self._feedback = queries.feedback_scores(session)
                self._feedback_at = time.monotonic()
            return self._feedback

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        *,
        k: int = 5,
        mode: SearchMode = "hybrid",
        as_of: date | None = None,
        asker: str | None = None,
        log_question: bool = True,
    ) -> SearchResult:
        """Rank passages for a question; log it with whether anything supported it.

        Raises:
            InvalidInputError: the question is empty or far too long.
            UpstreamUnavailableError: search unavailable (vector store down).
        """
        vector = None
        stripped = query.strip()
        result = self.searcher.search(
            query,
            filters,
            k=k,
            mode=mode,
            as_of=as_of,
            feedback=self._feedback_scores(),
        )
        if log_question:
            if result.best_similarity is not None:
                # Served from the searcher's query cache: no second model call.
                vector = self.searcher.embed_query(stripped)
            with session_scope(self.sessions) as session:
                curation.log_question(
                    session,
                    stripped,
                    asker=asker,
                    account_id=filters.account_id if filters else None,
                    best_score=result.best_similarity,
                    answered=result.answered,
                    embedding=None if vector is None else to_bytes(vector),
                )
                # Questions are kept ``question_log_days``: an index range on
                # asked_at, so with nothing to forget this costs one seek.
                curation.forget_questions(
                    session,
                    datetime.now(UTC) - timedelta(days=self.question_log_days),
                )
        return result

    # Reports ----------------------------------------------------------------

    def stale_report(
        self, max_age_days: int = 180, now: datetime | None = None
    ) -> list[queries.StaleItem]:
        """Playbooks not reviewed lately, or with a newer draft waiting."""
        with session_scope(self.sessions) as session:
            return queries.stale_playbooks(
                session, max_age_days, now or datetime.now(UTC)
            )

    def unanswered_report(
        self, days: int = 30, now: datetime | None = None
    ) -> list[UnansweredGroup]:
        """Unsupported questions of the last ``days``, similar ones grouped."""
        since = (now or datetime.now(UTC)) - timedelta(days=days)
        with session_scope(self.sessions) as session:
            logged = queries.unanswered_questions(session, since)
        return group_questions(logged)


def build_knowledge_base(
    engine: Engine,
    *,
    chroma_path: Path,
    chroma_url: str | None = None,
    model_path: Path | None = None,
    tuning: SearchTuning | None = None,
    question_log_days: int = DEFAULT_QUESTION_LOG_DAYS,
) -> KnowledgeBase:
    """Wire a knowledge base from plain settings; nothing heavy loads yet."""
    store = VectorStore(url=chroma_url) if chroma_url else VectorStore(path=chroma_path)
    return KnowledgeBase(
        make_session_factory(engine),
        store,
        SentenceTransformerEmbedder(model_path),
        tuning,
        question_log_days=question_log_days,
    )
