"""Keep the vector index in step with the database, which is the source of truth.

Chunk ids are ``<document id>#<ordinal>``; each chunk's metadata carries a
fingerprint of its text and metadata, so a sync rewrites only what changed and
embeds only text whose hash is not in the embedding cache.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from knowledge.curation import store_embeddings
from knowledge.db import session_scope
from knowledge.documents import content_hash
from knowledge.queries.documents import (
    IndexableDocument,
    cached_embeddings,
    indexable_document,
    indexable_documents,
)
from retrieval.chunking import MAX_WORDS, chunk_markdown
from retrieval.embedding import Embedder, Vectors, from_bytes, to_bytes
from retrieval.models import DriftReport, IndexReport
from retrieval.store import VectorStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChunkRecord:
    """A chunk ready for the store."""

    chunk_id: str
    text: str
    search_text: str
    metadata: dict[str, Any]

    @property
    def fingerprint(self) -> str:
        """Hash of everything the store holds for the chunk except its vector."""
        return str(self.metadata["fingerprint"])

    @property
    def content_hash(self) -> str:
        """Hash of the text that is embedded."""
        return str(self.metadata["content_hash"])


def search_text(metadata: dict[str, Any], text: str) -> str:
    """The text embedded and indexed for a chunk: its context, then the passage."""
    lines = [str(metadata["title"])]
    if metadata.get("account_name"):
        lines.append(f"Account: {metadata['account_name']}")
    if metadata.get("heading"):
        lines.append(str(metadata["heading"]))
    lines.append(text)
    return "\n".join(lines)


CHUNKING_VERSION = f"markdown-v1:{MAX_WORDS}"
"""Part of every document fingerprint: a chunker change re-chunks everything."""


def doc_fingerprint(doc: IndexableDocument) -> str:
    """Hash of everything that shapes a document's chunks."""
    return content_hash(CHUNKING_VERSION, doc.model_dump_json())


def _intact(stored: dict[str, dict[str, Any]], fingerprint: str) -> bool:
    """True when the store holds every chunk of this exact document version."""
    if not stored:
        return False
    metas = list(stored.values())
    return all(m.get("doc_fingerprint") == fingerprint for m in metas) and len(
        metas
    ) == int(metas[0].get("chunks", -1))


def document_chunks(doc: IndexableDocument) -> list[ChunkRecord]:
    """Chunk a document and attach the metadata every passage carries."""
    records = []
    fingerprint = doc_fingerprint(doc)
    pieces = chunk_markdown(doc.body)
    for chunk in pieces:
        metadata: dict[str, Any] = {
            "doc_id": doc.doc_id,
            "kind": doc.kind,
            "key": doc.key,
            "version": doc.version,
            "title": doc.title,
            "heading": " > ".join(chunk.heading_path),
            "ordinal": chunk.ordinal,
            "account_id": doc.account_id or "",
            "account_name": doc.account_name or "",
            "stage": doc.stage,
            "audience": list(doc.audience) or ["any"],
            "segment": list(doc.segment) or ["any"],
            "status": doc.status,
            "note_kind": doc.note_kind or "",
            "doc_date": doc.doc_date.isoformat(),
            "day": doc.doc_date.toordinal(),
            "doc_fingerprint": fingerprint,
            "chunks": len(pieces),
        }
        text = search_text(metadata, chunk.text)
        metadata["content_hash"] = content_hash(text)
        metadata["fingerprint"] = content_hash(
            chunk.text, *(f"{k}={metadata[k]}" for k in sorted(metadata))
        )
        records.append(
            ChunkRecord(f"{doc.doc_id}#{chunk.ordinal}", chunk.text, text, metadata)
        )
    return records


def compare(
    desired: Sequence[ChunkRecord], stored: dict[str, dict[str, Any]], documents: int
) -> DriftReport:
    """Sort chunks into missing, stale and orphaned."""
    wanted = {c.chunk_id: c for c in desired}
    missing = sorted(i for i in wanted if i not in stored)
    stale = sorted(
        i
        for i, c in wanted.items()
        if i in stored and stored[i].get("fingerprint") != c.fingerprint
    )
    orphans = sorted(i for i in stored if i not in wanted)
    return DriftReport(
        missing=missing,
        stale=stale,
        orphans=orphans,
        documents=documents,
        chunks=len(wanted),
    )


class Indexer:
    """Writes the chunks of stored documents into the vector store."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        store: VectorStore,
        embedder: Embedder,
    ) -> None:
        self._sessions = sessions
        self._store = store
        self._embedder = embedder

    def _documents(self, doc_ids: Sequence[str] | None) -> list[IndexableDocument]:
        with session_scope(self._sessions) as session:
            if doc_ids is None:
                return indexable_documents(session)
            found = (indexable_document(session, d) for d in doc_ids)
            return [d for d in found if d is not None]

    def _desired(self, doc_ids: Sequence[str] | None) -> tuple[list[ChunkRecord], int]:
        documents = self._documents(doc_ids)
        chunks = [c for doc in documents for c in document_chunks(doc)]
        return chunks, len(documents)

    def check(self) -> DriftReport:
        """Compare the index with the database without changing anything."""
        desired, documents = self._desired(None)
        return compare(desired, self._store.metadatas(), documents)

    def sync(self, doc_ids: Sequence[str] | None = None) -> IndexReport:
        """Bring the index in line with the database (all, or some documents).

        Raises:
            UpstreamUnavailableError: the vector store cannot be reached; the
                database is untouched and a later sync catches up.
        """
        started = time.perf_counter()
        documents = self._documents(doc_ids)
        stored = (
            self._store.metadatas()
            if doc_ids is None
            else self._store.document_metadatas(doc_ids)
        )
        by_doc: dict[str, dict[str, dict[str, Any]]] = {}
        for chunk_id, meta in stored.items():
            by_doc.setdefault(str(meta.get("doc_id")), {})[chunk_id] = meta

        # Whole documents whose fingerprint matches are skipped unchunked: that is
        # what keeps a no-change re-index of many thousand chunks to seconds.
        changed = [
            d
            for d in documents
            if not _intact(by_doc.get(d.doc_id, {}), doc_fingerprint(d))
        ]
        desired = [c for d in changed for c in document_chunks(d)]
        held = {
            chunk_id: meta
            for d in changed
            for chunk_id, meta in by_doc.get(d.doc_id, {}).items()
        }
        drift = compare(desired, held, len(changed))
        served = {d.doc_id for d in documents}
        orphans = drift.orphans + [
            chunk_id
            for doc_id, chunks in by_doc.items()
            if doc_id not in served
            for chunk_id in chunks
        ]
        rewrite = set(drift.missing) | set(drift.stale)
        to_write = [c for c in desired if c.chunk_id in rewrite]
        vectors, embedded, hits = self._vectors(to_write)
        if to_write:
            self._store.upsert(
                [c.chunk_id for c in to_write],
                vectors,
                [c.text for c in to_write],
                [c.metadata for c in to_write],
            )
        self._store.delete(orphans)
        if to_write or orphans:
            self._store.bump_generation()
        rechunked = {d.doc_id for d in changed}
        unchanged_chunks = sum(
            len(by_doc[d.doc_id]) for d in documents if d.doc_id not in rechunked
        )
        report = IndexReport(
            documents=len(documents),
            chunks=unchanged_chunks + len(desired),
            written=len(to_write),
            deleted=len(orphans),
            embedded=embedded,
            cache_hits=hits,
            seconds=round(time.perf_counter() - started, 3),
        )
        logger.info(
            "index sync: %d chunks, %d written, %d deleted, %d embedded",
            report.chunks,
            report.written,
            report.deleted,
            report.embedded,
        )
        return report

    def _vectors(self, chunks: Sequence[ChunkRecord]) -> tuple[Vectors, int, int]:
        """Vectors for the chunks, from the cache where possible."""
        if not chunks:
            return np.zeros((0, 0), dtype=np.float32), 0, 0
        hashes = list(dict.fromkeys(c.content_hash for c in chunks))
        with session_scope(self._sessions) as session:
            cached = cached_embeddings(session, self._embedder.name, hashes)
        todo = [h for h in hashes if h not in cached]
        texts = {c.content_hash: c.search_text for c in chunks}
        fresh: dict[str, bytes] = {}
        if todo:
            matrix = self._embedder.embed([texts[h] for h in todo])
            fresh = {h: to_bytes(v) for h, v in zip(todo, matrix, strict=True)}
            with session_scope(self._sessions) as session:
                store_embeddings(session, self._embedder.name, fresh)
        by_hash = {**cached, **fresh}
        vectors = np.vstack([from_bytes(by_hash[c.content_hash]) for c in chunks])
        return vectors, len(todo), len(hashes) - len(todo)
