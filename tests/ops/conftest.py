"""Fixtures for operations tests: fresh, separately named databases on demand."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from knowledge.db import normalize_database_url
from tests.conftest import BACKENDS, POSTGRES_ADMIN_URL

NewDatabase = Callable[[], str]
"""Returns the URL of a new, empty database (no schema)."""


@pytest.fixture
def new_postgres_database() -> Iterator[NewDatabase]:
    """A factory of empty PostgreSQL databases, dropped afterwards."""
    admin = create_engine(
        normalize_database_url(POSTGRES_ADMIN_URL), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}: {exc.orig}")
    created: list[str] = []

    def new_postgres() -> str:
        name = f"csm_ops_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

    yield new_postgres
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def new_database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[NewDatabase]:
    """A factory of empty databases on SQLite or PostgreSQL."""
    if request.param == "postgresql":
        yield request.getfixturevalue("new_postgres_database")
        return

    def new_sqlite() -> str:
        return f"sqlite:///{tmp_path / uuid.uuid4().hex[:8]}.db"

    yield new_sqlite
