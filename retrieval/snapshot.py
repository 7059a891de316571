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


def _value_masks(column: npt.NDArray[np.str_]) -> dict[str, Mask]:
    return {str(value): column == value for value in set(column.tolist())}


def _value_rows(column: npt.NDArray[np.str_]) -> dict[str, npt.NDArray[np.intp]]:
    rows: dict[str, list[int]] = {}
    for row, value in enumerate(column.tolist()):
        rows.setdefault(str(value), []).append(row)
    return {value: np.array(found, dtype=np.intp) for value, found in rows.items()}


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
    _kind_masks: dict[str, Mask] = field(init=False)
    _stage_masks: dict[str, Mask] = field(init=False)
    _account_rows: dict[str, npt.NDArray[np.intp]] = field(init=False)

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
        # Filters combine these precomputed masks and row lists: comparing a
        # 100,000-row object column to a string costs milliseconds per query.
        self._kind_masks = _value_masks(self.kind)
        self._stage_masks = _value_masks(self.stage)
        self._account_rows = _value_rows(self.account)
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
        keep = self.published.copy()
        if filters.kind:
            keep &= self._value_mask(self._kind_masks, filters.kind)
        if filters.account_id:
            of_account = self._value_mask(self._kind_masks, "playbook").copy()
            rows = self._account_rows.get(filters.account_id)
            if rows is not None:
                of_account[rows] = True
            keep &= of_account
        if filters.stage:
            keep &= self._value_mask(self._stage_masks, filters.stage) | (
                self._value_mask(self._stage_masks, "any")
            )
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

    def _value_mask(self, masks: dict[str, Mask], value: str) -> Mask:
        found = masks.get(value)
        return found if found is not None else np.zeros(len(self.ids), dtype=bool)

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
