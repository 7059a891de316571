"""Benchmark: hybrid query latency at 10,000 and 100,000 chunks, with and without an
account filter, next to Chroma's own nearest-neighbour query on the same store.

Vectors are random unit vectors (the latency of ranking does not depend on what they
mean); texts are seeded CSM prose, so BM25 does real work. Query embedding is timed
separately with the real model.

    python bench/query_latency.py                    # 10,000 and 100,000 chunks
    python bench/query_latency.py --sizes 10000      # quick
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import numpy as np
from _search_corpus import note_body, sentences

from retrieval.embedding import SentenceTransformerEmbedder, Vectors
from retrieval.models import SearchFilters
from retrieval.search import HybridSearcher, SearchTuning
from retrieval.store import VectorStore

QUESTIONS = [
    "how do I save an account whose logins dropped",
    "what should the agenda be for an executive business review",
    "the champion left, what now",
    "how to prepare for a renewal negotiation",
    "when is the right time to pitch more seats",
    "single sign-on rollout is stuck with IT",
    "how do I escalate a sev1 to engineering",
    "talking points for a department head about value",
    "customer is behind on their hours saved target",
    "which pooled accounts come first this week",
]
PLAYBOOK_CHUNKS = 300
CHUNKS_PER_ACCOUNT = 100


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def build_store(folder: Path, size: int, seed: int) -> tuple[VectorStore, int]:
    rng = random.Random(seed)
    vectors_rng = np.random.default_rng(seed)
    pool = sentences()
    store = VectorStore(path=folder)
    accounts = max(1, (size - PLAYBOOK_CHUNKS) // CHUNKS_PER_ACCOUNT)
    batch = 2000
    for start in range(0, size, batch):
        ids, texts, metas = [], [], []
        for i in range(start, min(size, start + batch)):
            playbook = i < PLAYBOOK_CHUNKS
            account = "" if playbook else f"B-{i % accounts}"
            day = date(2026, 1, 1) + timedelta(days=i % 300)
            ids.append(f"{'playbook' if playbook else 'note'}:{i}#0")
            texts.append(note_body(rng, pool, 1))
            metas.append(
                {
                    "doc_id": f"{'playbook' if playbook else 'note'}:{i}",
                    "kind": "playbook" if playbook else "note",
                    "key": str(i),
                    "version": 1,
                    "title": f"Document {i}",
                    "heading": "Part 1",
                    "ordinal": 0,
                    "account_id": account,
                    "account_name": f"Bench {account}" if account else "",
                    "stage": "any",
                    "audience": ["any"],
                    "segment": ["any"],
                    "status": "published",
                    "note_kind": "" if playbook else "call",
                    "doc_date": day.isoformat(),
                    "day": day.toordinal(),
                    "content_hash": str(i),
                    "fingerprint": str(i),
                }
            )
        vectors = vectors_rng.standard_normal((len(ids), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        store.upsert(ids, vectors, texts, metas)
    return store, accounts


def measure(
    searcher: HybridSearcher,
    store: VectorStore,
    question: str,
    vector: Vectors,
    account: str,
) -> tuple[float, float, float, float]:
    """Seconds for: hybrid, hybrid with account filter, Chroma kNN, Chroma where."""
    marks = [time.perf_counter()]
    searcher.search(question, query_vector=vector)
    marks.append(time.perf_counter())
    searcher.search(question, SearchFilters(account_id=account), query_vector=vector)
    marks.append(time.perf_counter())
    store.query(vector, 50, None)
    marks.append(time.perf_counter())
    store.query(vector, 50, {"account_id": account})
    marks.append(time.perf_counter())
    first, second, third, fourth = (
        b - a for a, b in zip(marks, marks[1:], strict=False)
    )
    return first, second, third, fourth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the queries")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    embedder = SentenceTransformerEmbedder()
    embedder.embed(["warm up"])
    embed_times = []
    for question in QUESTIONS * 3:
        started = time.perf_counter()
        embedder.embed([question])
        embed_times.append(time.perf_counter() - started)
    vectors = {q: embedder.embed([q])[0] for q in QUESTIONS}
    rows = []
    e50, e95 = percentiles(embed_times)
    rows.append(
        f"| query embedding (one question) | p50 {e50:.1f} ms, p95 {e95:.1f} ms | - |"
    )

    for size in [int(s) for s in args.sizes.split(",")]:
        folder = Path(tempfile.mkdtemp(prefix=f"csm-bench-query-{size}-"))
        started = time.perf_counter()
        store, accounts = build_store(folder / "chroma", size, args.seed)
        print(f"{size:,} chunks written in {time.perf_counter() - started:.1f} s")
        searcher = HybridSearcher(
            store, embedder, SearchTuning(min_similarity=-1.0, refresh_seconds=3600)
        )
        started = time.perf_counter()
        searcher.snapshot()
        print(f"snapshot loaded in {time.perf_counter() - started:.1f} s")
        rng = random.Random(args.seed)

        samples: list[tuple[float, float, float, float]] = []
        for _ in range(args.rounds):
            for question in QUESTIONS:
                account = f"B-{rng.randrange(accounts)}"
                samples.append(
                    measure(searcher, store, question, vectors[question], account)
                )
        plain, filtered, chroma_plain, chroma_where = (
            list(c) for c in zip(*samples, strict=True)
        )
        p50, p95 = percentiles(plain)
        c50, c95 = percentiles(chroma_plain)
        rows.append(
            f"| hybrid query, {size:,} chunks, no filter | p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms | Chroma kNN alone: p50 {c50:.1f} ms, p95 {c95:.1f} ms |"
        )
        p50, p95 = percentiles(filtered)
        c50, c95 = percentiles(chroma_where)
        rows.append(
            f"| hybrid query, {size:,} chunks, account filter | p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms (target p95 < 25 ms) | Chroma `where` kNN: "
            f"p50 {c50:.1f} ms, p95 {c95:.1f} ms |"
        )

    print("| figure | value | floor |")
    print("|---|---|---|")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
