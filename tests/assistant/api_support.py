"""What the HTTP API tests share: a small book, team members and one key per scope."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant.api.app import create_app
from assistant.api.scopes import SCOPES
from assistant.container import Services
from assistant.settings import Settings
from knowledge.models import TeamMember
from knowledge.queries.api_keys import create_key
from tests.tools.book import AS_OF, build_book

__all__ = ["AS_OF", "ApiBook", "api_book", "bearer"]

TEAM = [
    ("dana@vendor.example", "Dana", "csm"),
    ("lee@vendor.example", "Lee", "csm"),
    ("ops@vendor.example", "Ops", "cs_ops"),
]


class ApiBook:
    """A running app over the test book, and a key per scope."""

    def __init__(
        self, app: FastAPI, client: TestClient, engine: Engine, keys: dict[str, str]
    ) -> None:
        self.app = app
        self.client = client
        self.engine = engine
        self.keys = keys

    def headers(self, scope: str, user: str | None = None) -> dict[str, str]:
        """Authorization (and X-CSM-User) for a key holding only ``scope``."""
        headers = bearer(self.keys[scope])
        if user is not None:
            headers["X-CSM-User"] = user
        return headers


def bearer(key: str) -> dict[str, str]:
    """The Authorization header for a key."""
    return {"Authorization": f"Bearer {key}"}


def seed(engine: Engine) -> dict[str, str]:
    """The test book, three team members, and one key per scope (plus read+ask)."""
    build_book(engine)
    with Session(engine) as session:
        session.add_all(TeamMember(email=e, name=n, role=r) for e, n, r in TEAM)
        session.commit()
    keys: dict[str, str] = {
        scope: create_key(engine, scope, [scope], "test")[1] for scope in SCOPES
    }
    keys["read+ask"] = create_key(engine, "chat", ["read", "ask"], "test")[1]
    return keys


@contextmanager
def api_book(engine: Engine, tmp_path: Path, **overrides: Any) -> Iterator[ApiBook]:
    """An app over a seeded book, with its lifespan running.

    Keyword arguments override settings (``api_rate_burst=2``); by default the
    app skips the warm-up and no test meets the rate limit.
    """
    keys = seed(engine)
    settings = Settings(
        **{
            "database_url": engine.url.render_as_string(hide_password=False),
            "chroma_path": tmp_path / "chroma",
            "var_dir": tmp_path,
            "api_warm_up": False,
            "api_rate_per_second": 10_000,
            "api_rate_burst": 10_000,
            **overrides,
        }
    )
    services = Services(settings, engine=engine)
    app = create_app(settings, services=services)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield ApiBook(app, client, engine, keys)
