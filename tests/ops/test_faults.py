"""Faults: the database missing at start, lost mid-request, full mid-import."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, text

from assistant.api.app import create_app
from assistant.settings import Settings
from knowledge import schema
from knowledge.db import (
    create_db_engine,
    make_session_factory,
    normalize_database_url,
    session_scope,
)
from knowledge.errors import UpstreamUnavailableError
from knowledge.importer import import_directory
from knowledge.importer.directory import writer_engine
from tests.cli_runner import run_csm
from tests.conftest import POSTGRES_ADMIN_URL
from tests.ops.book import table_rows
from tests.ops.conftest import NewDatabase
from tests.ops.test_concurrent_imports import _folder

CLOSED_PORT_URL = "postgresql://postgres@127.0.0.1:1/nowhere"


def _csm(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return run_csm(*args, database=url, timeout=120)


# --- the database is unreachable at start-up ------------------------------------


@pytest.mark.parametrize("command", [["db", "upgrade"], ["db", "status"]])
def test_a_command_without_its_database_says_so_and_fails(command: list[str]) -> None:
    result = _csm(*command, url=CLOSED_PORT_URL)

    assert result.returncode == 5
    assert result.stderr.startswith("error: database unavailable")
    assert "Traceback" not in result.stderr


def test_the_api_starts_without_its_database_and_says_it_is_not_ready() -> None:
    with TestClient(create_app(Settings(database_url=CLOSED_PORT_URL))) as client:
        live = client.get("/healthz")
        ready = client.get("/readyz")

    assert live.status_code == 200
    assert ready.status_code == 503
    assert ready.headers["content-type"] == "application/problem+json"


# --- the database goes away mid-request, then comes back ------------------------


@pytest.fixture
def postgres_url(new_postgres_database: NewDatabase) -> str:
    # Only a server database can go away: a SQLite file stays open while held.
    url = new_postgres_database()
    engine = create_db_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    return url


def _admin() -> Engine:
    return create_engine(
        normalize_database_url(POSTGRES_ADMIN_URL), isolation_level="AUTOCOMMIT"
    )


def _cut(admin: Engine, database: str, *, allow: bool) -> None:
    with admin.connect() as conn:
        if not allow:
            conn.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false'))
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :d AND pid <> pg_backend_pid()"
                ),
                {"d": database},
            )
        else:
            conn.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true'))


@pytest.fixture
def client(postgres_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=postgres_url))

    @app.get("/probe")
    def probe(request: Request) -> dict[str, int]:
        sessions = make_session_factory(request.app.state.engine)
        with session_scope(sessions) as session:
            count = session.execute(text("SELECT COUNT(*) FROM accounts")).scalar_one()
        return {"accounts": count}

    with TestClient(app) as test_client:
        yield test_client


def test_killed_connections_are_replaced_without_an_error(
    client: TestClient, postgres_url: str
) -> None:
    database = postgres_url.rsplit("/", 1)[1]
    assert client.get("/probe").status_code == 200
    admin = _admin()

    with admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :d"
            ),
            {"d": database},
        ).scalar_one()

    assert killed >= 1
    assert client.get("/probe").json() == {"accounts": 0}
    assert client.get("/readyz").status_code == 200
    admin.dispose()


def test_a_lost_database_gives_503_problems_and_service_resumes(
    client: TestClient, postgres_url: str
) -> None:
    database = postgres_url.rsplit("/", 1)[1]
    admin = _admin()
    assert client.get("/probe").status_code == 200

    _cut(admin, database, allow=False)
    try:
        probe = client.get("/probe")
        ready = client.get("/readyz")
    finally:
        _cut(admin, database, allow=True)

    assert probe.status_code == 503
    assert probe.headers["content-type"] == "application/problem+json"
    assert probe.json()["detail"].startswith("database unavailable")
    assert ready.status_code == 503
    assert client.get("/probe").status_code == 200
    assert client.get("/readyz").status_code == 200
    admin.dispose()


# --- the disk fills up during an import --------------------------------------------


def _fill_sqlite_after(engine: Engine, spare_pages: int) -> Callable[[], None]:
    """Cap the database file a few pages above its size: SQLite then reports full.

    The cap goes on every connection the importer opens (it writes through its own
    engine); the returned function lifts it again.
    """
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    def cap(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute(f"PRAGMA max_page_count = {pages + spare_pages}")
        cursor.close()

    capped = {engine, writer_engine(engine)}
    for target in capped:
        event.listen(target, "connect", cap)
        target.dispose()

    def lift() -> None:
        for target in capped:
            event.remove(target, "connect", cap)
            target.dispose()

    return lift


def _fill_postgres_after(engine: Engine, rows: int) -> None:
    """A trigger that fails like a full disk (SQLSTATE 53100) after ``rows`` rows."""
    with engine.begin() as conn:
        conn.execute(text("CREATE SEQUENCE fault_rows"))
        conn.execute(
            text(
                "CREATE FUNCTION fault_disk_full() RETURNS trigger AS $$ BEGIN "
                f"IF nextval('fault_rows') > {rows} THEN RAISE EXCEPTION "
                "'could not extend file: No space left on device' "
                "USING ERRCODE = 'disk_full'; END IF; RETURN NEW; END $$ "
                "LANGUAGE plpgsql"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER fault_disk_full BEFORE INSERT ON usage_user_daily "
                "FOR EACH ROW EXECUTE FUNCTION fault_disk_full()"
            )
        )


def test_a_full_disk_mid_file_writes_nothing_of_that_file_and_a_rerun_completes(
    new_database: NewDatabase, tmp_path: Path
) -> None:
    folder = _folder(tmp_path / "in", "A", seed=3, events=20_000)
    url, clean_url = new_database(), new_database()
    engine, clean = create_db_engine(url), create_db_engine(clean_url)
    schema.upgrade(engine)
    schema.upgrade(clean)
    import_directory(clean, folder)
    # The files before usage load first; the disk fills while usage is written.
    (tmp_path / "head").mkdir()
    for name in ("team.csv", "features.csv", "accounts.csv"):
        (tmp_path / "head" / name).write_bytes((folder / name).read_bytes())
    assert import_directory(engine, tmp_path / "head").ok
    lift_cap: Callable[[], None] | None = None
    if engine.dialect.name == "postgresql":
        _fill_postgres_after(engine, rows=500)
    else:
        lift_cap = _fill_sqlite_after(engine, spare_pages=20)

    with pytest.raises(UpstreamUnavailableError, match="(?i)full|space"):
        import_directory(engine, folder)

    rows = table_rows(engine)
    assert rows["usage_user_daily"] == []
    assert rows["usage_feature_daily"] == []
    assert len(rows["accounts"]) == 40
    engine.dispose()

    if lift_cap is not None:
        lift_cap()
    freed = create_db_engine(url)
    if freed.dialect.name == "postgresql":
        with freed.begin() as conn:
            conn.execute(text("DROP TRIGGER fault_disk_full ON usage_user_daily"))
    assert import_directory(freed, folder).ok
    drop = {"updated_at", "created_at", "reviewed_at", "at", "id"}
    mine, reference = table_rows(freed, drop), table_rows(clean, drop)
    for name in ("usage_user_daily", "usage_feature_daily", "notes", "accounts"):
        assert mine[name] == reference[name], name
    freed.dispose()
    clean.dispose()
