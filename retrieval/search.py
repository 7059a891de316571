"""Hybrid search: dense similarity and BM25 fused by reciprocal rank, then boosts.

Boosts are multiplicative and bounded: recent account notes are preferred over old
ones (never over a better-ranked playbook by more than the recency weight), and
passage feedback moves a score by at most ``feedback_weight``.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from knowledge.errors import InvalidInputError
from retrieval.embedding import Embedder, Vectors
from retrieval.models import Passage, SearchFilters, SearchMode, SearchResult
from retrieval.snapshot import Mask, Snapshot
from retrieval.store import VectorStore
from retrieval.text import tokenize

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 2000
"""Longer input is a pasted document, not a question."""

NO_SUPPORT = "no supporting document"


@dataclass(frozen=True)
class SearchTuning:
    """Knobs of the ranking, with defaults measured on the evaluation set."""

    min_similarity: float = 0.30
    candidates: int = 50
    rrf_k: int = 60
    recency_weight: float = 0.25
    recency_half_life_days: float = 90.0
    feedback_weight: float = 0.10
    passages_per_document: int = 2
    unscoped_note_weight: float = 0.7
    brute_force_limit: int = 20_000
    refresh_seconds: float = 5.0


def _top(
    scores: npt.NDArray[np.float32], rows: npt.NDArray[np.intp], n: int
) -> list[int]:
    """Rows of the n best positive scores, best first."""
    if rows.size == 0:
        return []
    if rows.size > n:
        part = np.argpartition(-scores, n - 1)[:n]
        rows, scores = rows[part], scores[part]
    order = np.argsort(-scores, kind="stable")
    return [int(rows[i]) for i in order if scores[i] > 0]


def chroma_where(filters: SearchFilters) -> dict[str, Any] | None:
    """The filters of :meth:`Snapshot.mask` in Chroma's ``where`` language.

    Status is not sent: the index holds only served (published) versions, and
    results are checked against the snapshot's mask anyway. An unfiltered query
    thus stays a plain nearest-neighbour search, which Chroma answers fastest.
    """
    clauses: list[dict[str, Any]] = []
    if filters.kind:
        clauses.append({"kind": filters.kind})
    if filters.account_id:
        clauses.append(
            {"$or": [{"account_id": filters.account_id}, {"kind": "playbook"}]}
        )
    if filters.stage:
        clauses.append({"stage": {"$in": [filters.stage, "any"]}})
    for key, value in (("audience", filters.audience), ("segment", filters.segment)):
        if value:
            clauses.append(
                {"$or": [{key: {"$contains": value}}, {key: {"$contains": "any"}}]}
            )
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _snippet(text: str, tokens: set[str], width: int = 240) -> str:
    """The line or sentence sharing most words with the query, trimmed."""
    pieces = [p.strip() for p in text.replace(". ", ".\n").splitlines() if p.strip()]
    if not pieces:
        return ""
    best = max(pieces, key=lambda p: len(tokens & set(tokenize(p))))
    return best if len(best) <= width else best[: width - 1].rstrip() + "…"


class HybridSearcher:
    """Searches a snapshot of the vector store; reloads when the store changes."""

    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        tuning: SearchTuning | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.tuning = tuning or SearchTuning()
        self._snapshot: Snapshot | None = None
        self._generation = -1
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self._reloading = threading.Lock()
        self._queries: OrderedDict[str, Vectors] = OrderedDict()

    def tuned(self, **changes: float | int) -> HybridSearcher:
        """A searcher with other knobs that shares this one's loaded snapshot."""
        other = HybridSearcher(
            self.store,
            self.embedder,
            replace(self.tuning, **changes),  # type: ignore[arg-type]  # knob names are checked by replace
        )
        other._snapshot = self.snapshot()
        other._generation = self._generation
        other._checked_at = self._checked_at
        return other

    def invalidate(self) -> None:
        """Forget the snapshot; the next search reloads it."""
        with self._lock:
            self._snapshot = None
            self._generation = -1

    def snapshot(self) -> Snapshot:
        """The current snapshot, reloaded when another writer bumped the store.

        While one thread reloads after another process wrote, the others keep
        searching the previous copy (reloading 100,000 chunks takes half a
        minute). After ``invalidate`` (this process wrote) there is no previous
        copy, so searches wait for the new one and see their own writes.
        """
        with self._lock:
            current = self._snapshot
            now = time.monotonic()
            stale = now - self._checked_at >= self.tuning.refresh_seconds
            if current is not None and not stale:
                return current
            generation = self.store.generation()
            self._checked_at = now
            if current is not None and generation == self._generation:
                return current
        if current is not None and not self._reloading.acquire(blocking=False):
            return current  # another thread is loading the new copy
        if current is None:
            self._reloading.acquire()
        try:
            with self._lock:
                if self._snapshot is not None and self._generation == generation:
                    return self._snapshot  # loaded while this thread waited
            started = time.perf_counter()
            # TODO: a write reloads the whole copy (about 25 s at 100k chunks);
            # applying per-document deltas would make it proportional to the write.
            fresh = Snapshot.from_stored(self.store.load_all())
            with self._lock:
                self._snapshot = fresh
                self._generation = generation
            logger.info(
                "search snapshot of %d chunks loaded in %.2f s",
                len(fresh),
                time.perf_counter() - started,
            )
            return fresh
        finally:
            self._reloading.release()

    def embed_query(self, query: str) -> Vectors:
        """The query's unit vector; recent queries are answered from a small cache."""
        with self._lock:
            cached = self._queries.get(query)
        if cached is not None:
            return cached
        vector = np.asarray(self.embedder.embed([query])[0], dtype=np.float32)
        with self._lock:
            self._queries[query] = vector
            while len(self._queries) > 256:
                self._queries.popitem(last=False)
        return vector

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        *,
        k: int = 5,
        mode: SearchMode = "hybrid",
        as_of: date | None = None,
        feedback: Mapping[str, int] | None = None,
        query_vector: Vectors | None = None,
    ) -> SearchResult:
        """Rank passages for a question.

        Raises:
            InvalidInputError: the query is empty or longer than MAX_QUERY_CHARS.
            UpstreamUnavailableError: the vector store cannot be reached.
        """
        text = query.strip()
        if not text:
            raise InvalidInputError("the question is empty")
        if len(text) > MAX_QUERY_CHARS:
            raise InvalidInputError(
                f"the question is {len(text):,} characters; the limit is "
                f"{MAX_QUERY_CHARS:,}: ask a question rather than pasting a document"
            )
        tokens = tokenize(text)
        if not tokens:
            return SearchResult(
                query=text,
                answered=False,
                reason=f"{NO_SUPPORT}: the question has no searchable words",
            )
        filters = filters or SearchFilters()
        snap = self.snapshot()
        mask = snap.mask(filters)
        if not mask.any():
            return SearchResult(
                query=text,
                answered=False,
                reason=f"{NO_SUPPORT}: no published document matches the filters",
            )

        started = time.perf_counter()
        vector = self.embed_query(text) if query_vector is None else query_vector
        embedded = time.perf_counter()
        dense = [] if mode == "lexical" else self._dense(snap, mask, vector, filters)
        lexical = [] if mode == "dense" else self._lexical(snap, mask, tokens)
        scope = filters.account_id or snap.account_named_in(text)
        fused = self._fuse(
            snap, dense, lexical, as_of or date.today(), feedback or {}, scope
        )
        passages = self._passages(snap, fused, vector, set(tokens), k)
        finished = time.perf_counter()

        best = max((p.similarity for p in passages), default=None)
        answered = best is not None and best >= self.tuning.min_similarity
        return SearchResult(
            query=text,
            answered=answered,
            reason=None if answered else f"{NO_SUPPORT}: nothing relevant enough",
            passages=passages if answered else [],
            best_similarity=best,
            embed_ms=round((embedded - started) * 1000, 2),
            search_ms=round((finished - embedded) * 1000, 2),
        )

    def _dense(
        self, snap: Snapshot, mask: Mask, vector: Vectors, filters: SearchFilters
    ) -> list[int]:
        n = self.tuning.candidates
        rows = np.flatnonzero(mask)
        if rows.size <= self.tuning.brute_force_limit:
            # Small sets (an account's notes and the playbooks) are scored
            # directly: cheaper than a filtered nearest-neighbour search.
            scores = snap.vectors[rows] @ vector
            return _top(scores, rows, n)
        hits = self.store.query(vector, n, chroma_where(filters))
        found = (snap.row_of.get(chunk_id) for chunk_id, _ in hits)
        return [row for row in found if row is not None and mask[row]]

    def _lexical(self, snap: Snapshot, mask: Mask, tokens: list[str]) -> list[int]:
        scores = snap.lexical_scores(tokens)
        rows = np.flatnonzero(mask & (scores > 0))
        return _top(scores[rows], rows, self.tuning.candidates)

    def _fuse(
        self,
        snap: Snapshot,
        dense: list[int],
        lexical: list[int],
        as_of: date,
        feedback: Mapping[str, int],
        scope: str | None,
    ) -> list[tuple[int, float]]:
        tuning = self.tuning
        scores: dict[int, float] = {}
        for ranking in (dense, lexical):
            for rank, row in enumerate(ranking, start=1):
                scores[row] = scores.get(row, 0.0) + 1.0 / (tuning.rrf_k + rank)
        today = as_of.toordinal()
        for row in scores:
            factor = 1.0
            if snap.kind[row] == "note" and snap.account[row] != scope:
                # A question about no account (or another one) is about practice:
                # playbooks answer it better than some customer's call notes.
                factor *= tuning.unscoped_note_weight
            if snap.kind[row] == "note":
                age = max(0, today - int(snap.day[row]))
                decay = 0.5 ** (age / tuning.recency_half_life_days)
                factor *= 1.0 + tuning.recency_weight * (decay - 0.5)
            votes = feedback.get(snap.ids[row], 0)
            if votes:
                factor *= 1.0 + tuning.feedback_weight * math.tanh(votes / 3.0)
            scores[row] *= factor
        return sorted(scores.items(), key=lambda item: -item[1])

    def _passages(
        self,
        snap: Snapshot,
        fused: list[tuple[int, float]],
        vector: Vectors,
        tokens: set[str],
        k: int,
    ) -> list[Passage]:
        per_document: dict[str, int] = {}
        passages: list[Passage] = []
        for row, score in fused:
            meta = snap.metadatas[row]
            doc_id = str(meta["doc_id"])
            if per_document.get(doc_id, 0) >= self.tuning.passages_per_document:
                continue
            per_document[doc_id] = per_document.get(doc_id, 0) + 1
            text = snap.texts[row]
            heading = str(meta.get("heading", ""))
            passages.append(
                Passage(
                    chunk_id=snap.ids[row],
                    document_id=doc_id,
                    kind=meta["kind"],
                    title=str(meta["title"]),
                    heading_path=heading.split(" > ") if heading else [],
                    version=int(meta["version"]),
                    snippet=_snippet(text, tokens),
                    text=text,
                    score=round(score, 6),
                    similarity=round(float(snap.vectors[row] @ vector), 4),
                    date=date.fromisoformat(str(meta["doc_date"])),
                    account_id=str(meta.get("account_id")) or None,
                    stage=str(meta.get("stage")) or None,
                )
            )
            if len(passages) >= k:
                break
        return passages
