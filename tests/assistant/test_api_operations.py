"""Liveness and readiness endpoints, and problem+json errors."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.limits import ApiSettings
from assistant.settings import Settings
from knowledge import schema
from knowledge.db import create_db_engine


def _client(url: str) -> TestClient:
    # No warm-up: these tests need no embedding model.
    limits = ApiSettings(warm_up=False)
    return TestClient(create_app(Settings(database_url=url), api_settings=limits))


def test_readyz_is_ready_on_a_migrated_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    schema.upgrade(create_db_engine(url))

    with _client(url) as client:
        live = client.get("/healthz")
        ready = client.get("/readyz")

    assert live.json() == {"status": "ok"}
    assert ready.status_code == 200
    assert ready.headers["x-request-id"]


def test_readyz_says_why_an_unmigrated_database_is_not_ready(tmp_path: Path) -> None:
    with _client(f"sqlite:///{tmp_path / 'empty.db'}") as client:
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "csm db upgrade" in response.json()["detail"]
    assert response.json()["request_id"] == response.headers["x-request-id"]


def test_readyz_reports_an_unreachable_database() -> None:
    with _client("postgresql://nobody@127.0.0.1:1/none") as client:
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["detail"] == "database unreachable"


def test_stores_and_models_load_once_at_start_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    schema.upgrade(create_db_engine(url))
    settings = Settings(database_url=url, chroma_path=tmp_path / "chroma")
    app = create_app(settings, api_settings=ApiSettings(warm_up=True))

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
