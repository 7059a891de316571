"""Benchmark: indexing throughput next to the model's raw throughput, and a
re-index with nothing changed.

1. Embeds the benchmark chunks with the model directly (the floor: nothing can
   index faster than the model embeds).
2. Indexes the same documents through the real pipeline (database, chunking,
   embedding cache, Chroma) into a fresh store: chunks/s, and the gap to the floor.
3. Fills a second index of --noop-chunks chunks (vectors are random: this step times
   the comparison, not the model) and times a re-index that finds nothing to do.

    python bench/index_documents.py                 # 400 chunks, 10,000 for step 3
    python bench/index_documents.py --chunks 2000 --noop-chunks 10000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import numpy as np
from _search_corpus import note_body, sentences

from knowledge.curation import import_note
from knowledge.db import create_db_engine, make_session_factory, session_scope
from knowledge.models import Account, Base
from knowledge.queries.documents import indexable_documents
from knowledge.records import NoteRecord
from retrieval.embedding import SentenceTransformerEmbedder, Vectors
from retrieval.indexer import Indexer, document_chunks
from retrieval.store import VectorStore

SECTIONS = 3


class RandomEmbedder:
    """Unit random vectors: fills an index fast where the model is not measured."""

    name = "bench-random"

    def __init__(self, seed: int) -> None:
        self._rng = np.random.default_rng(seed)

    def embed(self, texts: Sequence[str]) -> Vectors:
        vectors = self._rng.standard_normal((len(texts), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors


def fill_database(url: str, notes: int, seed: int) -> None:
    engine = create_db_engine(url)
    Base.metadata.create_all(engine)
    rng = random.Random(seed)
    pool = sentences()
    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        for i in range(max(1, notes // 20)):
            session.add(
                Account(account_id=f"B-{i}", name=f"Bench {i}", segment="smb", arr=1000)
            )
        session.flush()
        for n in range(notes):
            record = NoteRecord(
                note_id=f"bench-{n}",
                account_id=f"B-{n % max(1, notes // 20)}",
                title=f"Call notes {n}",
                date=date(2026, 1, 1) + timedelta(days=n % 300),
                kind="call",
                body=note_body(rng, pool, SECTIONS),
            )
            import_note(session, record, "bench")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=400)
    parser.add_argument("--noop-chunks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="csm-bench-index-"))
    embedder = SentenceTransformerEmbedder()

    url = f"sqlite:///{tmp / 'index.db'}"
    fill_database(url, args.chunks // SECTIONS, args.seed)
    sessions = make_session_factory(create_db_engine(url))
    with session_scope(sessions) as session:
        documents = indexable_documents(session)
    chunks = [c for d in documents for c in document_chunks(d)]
    texts = [c.search_text for c in chunks]
    words = statistics.mean(len(t.split()) for t in texts)
    print(f"{len(chunks):,} chunks of {words:.0f} words on average")

    embedder.embed(texts[:64])  # load the model and warm it up outside the timings
    started = time.perf_counter()
    embedder.embed(texts)
    raw = len(texts) / (time.perf_counter() - started)

    indexer = Indexer(sessions, VectorStore(path=tmp / "chroma"), embedder)
    started = time.perf_counter()
    report = indexer.sync()
    piped = report.written / (time.perf_counter() - started)
    gap = (1 - piped / raw) * 100

    noop_url = f"sqlite:///{tmp / 'noop.db'}"
    fill_database(noop_url, args.noop_chunks // SECTIONS, args.seed + 1)
    noop_sessions = make_session_factory(create_db_engine(noop_url))
    noop_store = VectorStore(path=tmp / "chroma-noop")
    filled = Indexer(noop_sessions, noop_store, RandomEmbedder(args.seed)).sync()
    # The real model is wired in: a re-index that embedded anything would show it.
    started = time.perf_counter()
    noop = Indexer(noop_sessions, noop_store, embedder).sync()
    noop_seconds = time.perf_counter() - started
    assert noop.written == noop.embedded == 0, noop  # noqa: S101  # bench sanity

    print("| figure | value | floor |")
    print("|---|---|---|")
    print(
        f"| indexing throughput ({report.written:,} chunks, empty cache) | "
        f"{piped:.1f} chunks/s ({gap:.0f} % below the model; target within 15 %) | "
        f"model alone: {raw:.1f} chunks/s |"
    )
    print(
        f"| re-index with no change ({filled.chunks:,} chunks) | "
        f"{noop_seconds:.2f} s | target < 5 s |"
    )


if __name__ == "__main__":
    main()
