"""Fixtures: the embedding model, a real Chroma server, and a knowledge base on each
store (embedded and server) and each database backend."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from knowledge.db import make_session_factory, session_scope
from knowledge.models import Account
from retrieval.embedding import SentenceTransformerEmbedder
from retrieval.search import SearchTuning
from retrieval.service import KnowledgeBase
from retrieval.store import VectorStore
from tests.retrieval.documents import ACCOUNTS


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The packaged MiniLM model, loaded once for the whole run."""
    return SentenceTransformerEmbedder()


def start_chroma(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``chroma run`` on a free loopback port and wait for its heartbeat."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603  # fixed arguments, our venv's binary
            [
                chroma,
                "run",
                "--path",
                str(folder / "data"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"chroma server did not start; see {folder / 'server.log'}")
        time.sleep(0.2)


def stop_chroma(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started by :func:`start_chroma`."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``chroma run`` on a loopback port, shared by the server-store tests."""
    process, url = start_chroma(tmp_path_factory.mktemp("chroma-server"))
    yield url
    stop_chroma(process)


@pytest.fixture(params=["embedded", "server"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> VectorStore:
    """An empty vector store: Chroma embedded, or a collection on the server."""
    if request.param == "embedded":
        return VectorStore(path=tmp_path / "chroma")
    url = request.getfixturevalue("chroma_server")
    return VectorStore(url=url, collection=f"test-{uuid.uuid4().hex[:12]}")


def add_accounts(engine: Engine) -> None:
    """The accounts the fixture notes are about."""
    with session_scope(make_session_factory(engine)) as session:
        for account_id, name, segment in ACCOUNTS:
            session.add(
                Account(
                    account_id=account_id,
                    name=name,
                    segment=segment,
                    arr=120_000,
                    currency="USD",
                    status="active",
                )
            )


MakeKb = Callable[..., KnowledgeBase]


@pytest.fixture
def make_kb(
    engine: Engine, store: VectorStore, embedder: SentenceTransformerEmbedder
) -> MakeKb:
    """Build knowledge bases over the test database and store (tuning optional)."""
    add_accounts(engine)

    def build(
        tuning: SearchTuning | None = None, other_store: VectorStore | None = None
    ) -> KnowledgeBase:
        return KnowledgeBase(
            make_session_factory(engine),
            other_store or store,
            embedder,
            tuning or SearchTuning(refresh_seconds=0.0),
        )

    return build


@pytest.fixture
def kb(make_kb: MakeKb) -> KnowledgeBase:
    """A knowledge base with accounts but no documents yet."""
    return make_kb()
