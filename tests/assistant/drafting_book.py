"""The small demo book the drafting, brief and outreach tests run on.

The demo files are written once per test session; each test imports them into its
own fresh database (SQLite and PostgreSQL) and gets services over it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assistant.container import Services
from assistant.settings import Settings
from knowledge.demo import write_demo
from knowledge.importer import import_directory

AS_OF = date(2026, 11, 30)
ACCOUNTS = 14


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded demo files (14 accounts: every special case, 150 days of usage)."""
    folder = tmp_path_factory.mktemp("drafting-demo")
    write_demo(folder, accounts=ACCOUNTS, days=150, seed=7, as_of=AS_OF)
    return folder


@pytest.fixture
def services(engine: Engine, demo_dir: Path, tmp_path: Path) -> Services:
    """Services over the demo book on the parametrized backend, today = AS_OF."""
    import_directory(engine, demo_dir, actor="test")
    settings = Settings(database_url="sqlite://", chroma_path=tmp_path / "chroma")
    built = Services(settings, engine=engine)
    built.today = lambda: AS_OF  # type: ignore[method-assign]  # a fixed clock
    return built
