"""Reloading the in-memory copy: others keep searching the previous one meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.embedding import Vectors
from retrieval.search import HybridSearcher, SearchTuning
from retrieval.store import Metadata, StoredChunks, VectorStore


class GatedStore(VectorStore):
    """A store whose full load can be held open, like a slow 100k-chunk load."""

    def __init__(self, path: Path) -> None:
        super().__init__(path=path)
        self.hold = threading.Event()
        self.hold.set()
        self.loading = threading.Event()

    def load_all(self) -> StoredChunks:
        self.loading.set()
        assert self.hold.wait(30), "the test never released the load"
        return super().load_all()


class NoEmbedder:
    name = "none"

    def embed(self, texts: Sequence[str]) -> Vectors:
        raise AssertionError("these searches never embed")


def _add(store: VectorStore, n: int) -> None:
    vector = np.zeros((1, 384), dtype=np.float32)
    vector[0, n % 384] = 1.0
    meta: Metadata = {
        "doc_id": f"playbook:p{n}",
        "title": f"Playbook {n}",
        "kind": "playbook",
        "account_id": "",
        "stage": "any",
        "audience": ["any"],
        "segment": ["any"],
        "status": "published",
        "day": 0,
    }
    store.upsert([f"playbook:p{n}#0"], vector, [f"renewal plan {n}"], [meta])
    store.bump_generation()


def test_other_searches_use_the_previous_copy_while_one_reloads(
    tmp_path: Path,
) -> None:
    store = GatedStore(tmp_path / "chroma")
    _add(store, 1)
    searcher = HybridSearcher(store, NoEmbedder(), SearchTuning(refresh_seconds=0.0))
    assert len(searcher.snapshot()) == 1

    _add(store, 2)  # another process writes and bumps the generation
    store.hold.clear()
    store.loading.clear()
    reloaded: list[int] = []
    reloader = threading.Thread(
        target=lambda: reloaded.append(len(searcher.snapshot()))
    )
    reloader.start()
    assert store.loading.wait(30)

    during = len(searcher.snapshot())  # would block here if it waited
    store.hold.set()
    reloader.join(30)

    assert during == 1
    assert reloaded == [2]
    assert len(searcher.snapshot()) == 2


def test_after_its_own_write_a_search_waits_for_the_new_copy(tmp_path: Path) -> None:
    store = GatedStore(tmp_path / "chroma")
    _add(store, 1)
    searcher = HybridSearcher(store, NoEmbedder(), SearchTuning(refresh_seconds=0.0))
    searcher.snapshot()

    _add(store, 2)
    searcher.invalidate()

    assert len(searcher.snapshot()) == 2
