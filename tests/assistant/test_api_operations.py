"""Liveness and readiness endpoints, and problem+json errors."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.container import Services
from assistant.settings import Settings
from knowledge import schema
from knowledge.db import create_db_engine, make_session_factory
from retrieval.embedding import Vectors
from retrieval.service import KnowledgeBase
from retrieval.store import VectorStore


def _client(url: str, chroma: Path, chroma_url: str | None = None) -> TestClient:
    # No warm-up: these tests need no embedding model.
    settings = Settings(
        database_url=url, chroma_path=chroma, chroma_url=chroma_url, api_warm_up=False
    )
    return TestClient(create_app(settings))


def _migrated(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    schema.upgrade(create_db_engine(url))
    return url


def _refused_url() -> str:
    # A port that was free a moment ago: connecting to it is refused at once.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_readyz_is_ready_on_a_migrated_database(tmp_path: Path) -> None:
    with _client(_migrated(tmp_path), tmp_path / "chroma") as client:
        live = client.get("/healthz")
        ready = client.get("/readyz")

    assert live.json() == {"status": "ok"}
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "checks": {"database": "ok", "vector_store": "ok"},
    }
    assert ready.headers["x-request-id"]


def test_readyz_says_why_an_unmigrated_database_is_not_ready(tmp_path: Path) -> None:
    with _client(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path / "chroma") as client:
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "csm db upgrade" in response.json()["detail"]
    assert response.json()["request_id"] == response.headers["x-request-id"]


def test_readyz_reports_an_unreachable_database(tmp_path: Path) -> None:
    with _client("postgresql://nobody@127.0.0.1:1/none", tmp_path / "c") as client:
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["detail"] == "database unreachable"
    assert response.json()["checks"] == {
        "database": "unreachable",
        "vector_store": "ok",
    }


def test_readyz_names_a_vector_store_that_refuses_connections(
    tmp_path: Path,
) -> None:
    url = _migrated(tmp_path)

    with _client(url, tmp_path / "chroma", chroma_url=_refused_url()) as client:
        live = client.get("/healthz")
        ready = client.get("/readyz")

    assert live.status_code == 200
    assert ready.status_code == 503
    assert ready.headers["content-type"] == "application/problem+json"
    assert ready.json()["detail"] == "vector store unreachable"
    assert ready.json()["checks"] == {
        "database": "ok",
        "vector_store": "unreachable",
    }


def test_stores_and_models_load_once_at_start_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    schema.upgrade(create_db_engine(url))
    settings = Settings(
        database_url=url, chroma_path=tmp_path / "chroma", api_warm_up=True
    )
    app = create_app(settings)

    with TestClient(app) as client:
        services = app.state.services
        loaded = {
            "health model": "health_model" in vars(services),
            "knowledge base": services._knowledge_base is not None,
            "intent classifier": "intent_classifier" in vars(services),
        }
        client.get("/healthz")
        client.get("/readyz")
        same = app.state.services is services

    assert loaded == dict.fromkeys(loaded, True)
    assert same


class _RefusingEmbedder:
    """An embedder that fails the test if readiness ever embeds."""

    name = "refusing"

    def embed(self, texts: Sequence[str]) -> Vectors:
        raise AssertionError(f"readiness embedded {list(texts)}")


def test_readiness_embeds_nothing(tmp_path: Path) -> None:
    url = _migrated(tmp_path)
    engine = create_db_engine(url)
    kb = KnowledgeBase(
        make_session_factory(engine),
        VectorStore(path=tmp_path / "chroma"),
        _RefusingEmbedder(),
    )
    settings = Settings(database_url=url, api_warm_up=False)
    services = Services(settings, engine=engine, knowledge_base=kb)
    app = create_app(settings, services=services)

    with TestClient(app) as client:
        ready = client.get("/readyz")

    assert ready.status_code == 200
    assert ready.json()["checks"]["vector_store"] == "ok"
    engine.dispose()
