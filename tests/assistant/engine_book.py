"""A small demo book and an assistant over it, on each database backend.

The demo files are written once per session; each test imports them into its own
fresh database. Search and intent examples use a hashing embedder: these tests
are about the engine (permissions, memory, bad input, the LLM path), and the real
model is exercised by the answer evaluation test.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine

from assistant.container import Services
from assistant.engine import Assistant
from assistant.settings import Settings
from knowledge.db import make_session_factory
from knowledge.demo import write_demo
from knowledge.importer import import_directory
from retrieval.embedding import Vectors
from retrieval.search import SearchTuning
from retrieval.service import KnowledgeBase
from retrieval.store import VectorStore

AS_OF = date(2026, 11, 30)
ACCOUNTS = 14
PRIYA = "priya.raman@vendor.example"
JONAH = "jonah.mercer@vendor.example"
NORA = "nora.castellanos@vendor.example"
_DIM = 512


class HashingEmbedder:
    """Bag of words and word pairs hashed into a fixed-size unit vector."""

    name = "test:hashing"

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit vector per text."""
        out = np.zeros((len(texts), _DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            words = re.findall(r"[a-z0-9]+", text.casefold())
            for token in [
                *words,
                *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False)),
            ]:
                out[row, zlib.crc32(token.encode()) % _DIM] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out


@pytest.fixture(scope="session")
def engine_demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded demo files: every special case, 120 days of usage."""
    folder = tmp_path_factory.mktemp("engine-demo")
    write_demo(folder, accounts=ACCOUNTS, days=120, seed=7, as_of=AS_OF)
    return folder


def build_services(engine: Engine, chroma: Path, **settings: object) -> Services:
    """Services over an imported database with the hashing embedder."""
    # Hashed words agree less than a sentence model does: a lower floor.
    kb = KnowledgeBase(
        make_session_factory(engine),
        VectorStore(path=chroma),
        HashingEmbedder(),
        SearchTuning(min_similarity=0.12),
    )
    kb.reindex()
    base = Settings(database_url="sqlite://", chroma_path=chroma)
    built = Services(base.model_copy(update=settings), engine=engine, knowledge_base=kb)
    built.today = lambda: AS_OF  # type: ignore[method-assign]  # a fixed clock
    return built


@pytest.fixture
def services(engine: Engine, engine_demo_dir: Path, tmp_path: Path) -> Services:
    """Services over the demo book on the parametrized backend."""
    import_directory(engine, engine_demo_dir, actor="test")
    return build_services(engine, tmp_path / "chroma")


@pytest.fixture
def assistant(services: Services) -> Assistant:
    """The assistant over the demo book."""
    return Assistant(services)
