"""An in-memory copy of the index: vectors, metadata columns and a BM25 index.

Filtering on numpy columns and scoring a few hundred vectors directly is far
cheaper than asking Chroma for a filtered nearest-neighbour search, so searches
restricted to an account never leave the process.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from retrieval.embedding import Vectors
from retrieval.indexer import search_text
from retrieval.models import SearchFilters
from retrieval.store import StoredChunks
from retrieval.text import tokenize

logger = logging.getLogger(__name__)

Mask = npt.NDArray[np.bool_]


def _column(metadatas: list[dict[str, Any]], key: str) -> npt.NDArray[np.str_]:
    return np.array([str(m.get(key, "")) for m in metadatas], dtype=object)


def _membership(values: list[list[str]]) -> dict[str, Mask]:
    masks: dict[str, Mask] = {}
    for row, members in enumerate(values):
        for member in members:
            if member not in masks:
                masks[member] = np.zeros(len(values), dtype=bool)
            masks[member][row] = True
    return masks


@dataclass
class Snapshot:
    """Chunks as loaded from the store, with columns for fast filtering."""

    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]]
    vectors: Vectors
    row_of: dict[str, int] = field(init=False)
    kind: npt.NDArray[np.str_] = field(init=False)
    account: npt.NDArray[np.str_] = field(init=False)
    stage: npt.NDArray[np.str_] = field(init=False)
    published: Mask = field(init=False)
    day: npt.NDArray[np.int64] = field(init=False)
    audience: dict[str, Mask] = field(init=False)
    segment: dict[str, Mask] = field(init=False)
    lexical: Any = field(init=False)
    vocabulary: dict[str, int] = field(init=False)
    account_names: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        metas = self.metadatas
        self.row_of = {chunk_id: row for row, chunk_id in enumerate(self.ids)}
        self.kind = _column(metas, "kind")
        self.account = _column(metas, "account_id")
        self.stage = _column(metas, "stage")
        self.published = _column(metas, "status") == "published"
        self.day = np.array([int(m.get("day", 0)) for m in metas], dtype=np.int64)
        self.audience = _membership([list(m.get("audience", [])) for m in metas])
        self.segment = _membership([list(m.get("segment", [])) for m in metas])
        self.account_names = {
            str(m["account_name"]).lower(): str(m["account_id"])
            for m in metas
            if m.get("account_name")
        }
        self._build_lexical()

    def _build_lexical(self) -> None:
        import bm25s

        self.lexical = None
        self.vocabulary = {}
        if not self.ids:
            return
        started = time.perf_counter()
        corpus = [
            tokenize(search_text(m, t)) or ["\u2205"]
            for m, t in zip(self.metadatas, self.texts, strict=True)
        ]
        self.lexical = bm25s.BM25()
        self.lexical.index(corpus, show_progress=False)
        self.vocabulary = dict(self.lexical.vocab_dict)
        logger.info(
            "lexical index over %d chunks built in %.2f s",
            len(corpus),
            time.perf_counter() - started,
        )

    @classmethod
    def from_stored(cls, stored: StoredChunks) -> Snapshot:
        """Build the snapshot from what the store returned."""
        return cls(stored.ids, stored.documents, stored.metadatas, stored.vectors)

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, filters: SearchFilters) -> Mask:
        """Rows a search with these filters may return (always published only)."""
        # TODO: at 100k chunks an account-filtered query spends most of its ~26 ms
        # here and in full-length BM25 scores (object-array compares over every
        # row); precompute row indices per account and score BM25 on those rows.
        keep = self.published.copy()
        if filters.kind:
            keep &= self.kind == filters.kind
        if filters.account_id:
            keep &= (self.account == filters.account_id) | (self.kind == "playbook")
        if filters.stage:
            keep &= (self.stage == filters.stage) | (self.stage == "any")
        none = np.zeros(len(self.ids), dtype=bool)
        if filters.audience:
            keep &= self.audience.get(filters.audience, none) | self.audience.get(
                "any", none
            )
        if filters.segment:
            keep &= self.segment.get(filters.segment, none) | self.segment.get(
                "any", none
            )
        return keep

    def account_named_in(self, text: str) -> str | None:
        """The account whose full name the question mentions, if exactly one."""
        lowered = f" {' '.join(text.lower().split())} "
        found = {
            account_id
            for name, account_id in self.account_names.items()
            if f" {name} " in lowered
            or f" {name}'" in lowered
            or f" {name}?" in lowered
            or f" {name}," in lowered
        }
        return found.pop() if len(found) == 1 else None

    def lexical_scores(self, tokens: list[str]) -> npt.NDArray[np.float32]:
        """BM25 score of every row for the query tokens."""
        known = [t for t in tokens if t in self.vocabulary]
        if self.lexical is None or not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.lexical.get_scores(known), dtype=np.float32)
