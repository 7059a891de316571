"""The Chroma server dies and comes back: search and readiness say so, then work."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import Settings
from knowledge import schema
from knowledge.db import create_db_engine
from knowledge.errors import UpstreamUnavailableError
from retrieval.store import VectorStore

CHROMA = shutil.which("chroma")
pytestmark = pytest.mark.skipif(CHROMA is None, reason="the chroma command is missing")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ChromaServer:
    """A real ``chroma run`` on loopback that a test can stop and start again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert CHROMA is not None
        self.process = subprocess.Popen(  # noqa: S603  # the installed chroma CLI
            [
                CHROMA,
                "run",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--path",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("chroma server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    running = ChromaServer(tmp_path / "chroma")
    running.start()
    yield running
    running.stop()


def _write_one(store: VectorStore) -> None:
    vector = np.ones((1, 384), dtype=np.float32) / np.sqrt(384)
    store.upsert(["c1"], vector, ["renewal risk"], [{"doc_id": "d1"}])


def test_a_dead_server_is_reported_as_search_unavailable_and_recovers(
    server: ChromaServer,
) -> None:
    store = VectorStore(url=server.url, collection="ops_fault")
    _write_one(store)
    assert store.count() == 1

    server.stop()
    with pytest.raises(UpstreamUnavailableError, match="search unavailable"):
        store.count()

    server.start()
    assert store.count() == 1


def test_a_server_that_never_ran_is_reported_at_first_use() -> None:
    store = VectorStore(url=f"http://127.0.0.1:{_free_port()}", collection="none")

    with pytest.raises(UpstreamUnavailableError, match="search unavailable"):
        store.count()


def test_readiness_follows_the_server_while_liveness_stays_up(
    server: ChromaServer, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    schema.upgrade(create_db_engine(url))
    settings = Settings(database_url=url, chroma_url=server.url, api_warm_up=False)
    app = create_app(settings)

    with TestClient(app) as client:
        up = client.get("/readyz")
        server.stop()
        down = client.get("/readyz")
        live = client.get("/healthz")
        server.start()
        back = client.get("/readyz")

    assert up.status_code == 200
    assert down.status_code == 503
    assert down.json()["checks"] == {"database": "ok", "vector_store": "unreachable"}
    assert down.json()["detail"] == "vector store unreachable"
    assert live.status_code == 200
    assert back.status_code == 200
