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

    assert schema.current_revision(engine) == schema.head_revision()


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


def _storage(engine_url: str, table: str) -> str:
    engine = create_db_engine(engine_url)
    with engine.connect() as conn:
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
        ).scalar_one()
    engine.dispose()
    return str(sql)


def test_usage_rows_survive_the_move_to_key_ordered_storage(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = create_db_engine(url)
    schema.upgrade(engine, "0005_api")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO accounts (account_id, name, segment, arr, currency, "
                "seats, status, updated_at) VALUES ('A-1', 'Acme', 'smb', 1000, "
                "'USD', 5, 'active', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO usage_feature_daily VALUES "
                "('A-1', '2026-05-01', 'login', '', 3, 0, 2), "
                "('A-1', '2026-05-02', 'feature_used', 'reports', 4, 0, 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO usage_user_daily VALUES "
                "('A-1', '2026-05-01', 'u1', 2, 0, 0), "
                "('A-1', '2026-05-01', 'u2', 1, 0, 0)"
            )
        )
    assert "WITHOUT ROWID" not in _storage(url, "usage_feature_daily")

    schema.upgrade(engine, "0006_clustered_usage")

    with engine.connect() as conn:
        features = conn.execute(
            text("SELECT * FROM usage_feature_daily ORDER BY day")
        ).all()
        users = conn.execute(text("SELECT user_id FROM usage_user_daily")).all()
    assert [tuple(r) for r in features] == [
        ("A-1", "2026-05-01", "login", "", 3, 0.0, 2),
        ("A-1", "2026-05-02", "feature_used", "reports", 4, 0.0, 1),
    ]
    assert sorted(u for (u,) in users) == ["u1", "u2"]
    assert "WITHOUT ROWID" in _storage(url, "usage_feature_daily")
    assert "WITHOUT ROWID" in _storage(url, "usage_user_daily")
    # The foreign key to accounts still holds after the tables were rebuilt.
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM accounts WHERE account_id = 'A-1'"))
        left = conn.execute(text("SELECT count(*) FROM usage_user_daily")).scalar()
    assert left == 0
    engine.dispose()


def test_event_claims_taken_before_leases_count_as_done(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'm.db'}")
    schema.upgrade(engine, "0006_clustered_usage")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO slack_events (event_id, event_type, received_at) "
                "VALUES ('Ev1', 'app_mention', '2026-05-01 09:00:00.000000')"
            )
        )

    schema.upgrade(engine, "0007_slack_event_leases")

    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT claimed_at, done_at FROM slack_events WHERE event_id = 'Ev1'")
        ).one()
    assert tuple(row) == ("2026-05-01 09:00:00.000000", "2026-05-01 09:00:00.000000")
    engine.dispose()
