"""Migrations create exactly the tables the ORM describes, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from knowledge import schema
from knowledge.db import create_db_engine, normalize_database_url
from knowledge.models import Base


def test_upgrade_matches_the_models_on_sqlite(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'm.db'}")
    schema.upgrade(engine)

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    assert diff == []
    assert schema.is_up_to_date(engine)


def test_upgrade_twice_changes_nothing(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'm.db'}")
    schema.upgrade(engine)
    schema.upgrade(engine)

    assert schema.current_revision(engine) == schema.head_revision(engine)


def test_upgrade_matches_the_models_on_postgresql(postgres_database: str) -> None:
    engine = create_db_engine(postgres_database)

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        tables = conn.execute(
            text(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'public'"
            )
        ).scalar_one()

    assert diff == []
    assert tables == len(Base.metadata.tables) + 1  # plus alembic_version
    engine.dispose()


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///./var/csm.db", "sqlite:///./var/csm.db"),
    ],
)
def test_pasted_urls_get_the_installed_driver(pasted: str, expected: str) -> None:
    assert normalize_database_url(pasted) == expected
