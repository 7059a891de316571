"""Apply and inspect database migrations."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from knowledge.db import private_writer_engine

_MIGRATIONS = Path(__file__).parent / "migrations"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False)
    )
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``; safe to run again after an interruption.

    All steps run in one transaction, DDL included (on SQLite through an engine
    that takes the write lock first), so a migration that fails half-way leaves the
    database at the revision it started from, and two processes migrating at once
    take turns.
    """
    config = _config(engine)
    writer = private_writer_engine(engine, busy_timeout_ms=120_000)
    try:
        with writer.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if writer is not engine:
            writer.dispose()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest revision this code knows (the same for every database)."""
    # Reading the migration scripts costs milliseconds; readiness probes ask for
    # the head every few seconds, and the scripts cannot change while running.
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def is_up_to_date(engine: Engine) -> bool:
    """True when the database is at the newest revision."""
    return current_revision(engine) == head_revision()
