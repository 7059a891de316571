"""Engine and session factory for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from knowledge.errors import UpstreamUnavailableError


def normalize_database_url(url: str) -> str:
    """Return a SQLAlchemy URL for what users paste.

    ``postgres://`` and ``postgresql://`` URLs get the psycopg 3 driver, which is the
    one installed; URLs that already name a driver are left alone.
    """
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers (the API) run while an import writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return set_pragmas


def _take_over_sqlite_transactions(engine: Engine, begin: str) -> None:
    """Open every transaction with ``begin`` instead of letting pysqlite guess.

    pysqlite opens a transaction only before DML, so DDL (migrations) runs outside
    any transaction and a deferred reader cannot later take the write lock (it
    fails at once instead of waiting). ``BEGIN IMMEDIATE`` takes the write lock up
    front and waits for it within the busy timeout.
    """

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql(begin)


def create_db_engine(
    url: str,
    *,
    echo: bool = False,
    sqlite_begin: str | None = None,
    sqlite_busy_timeout_ms: int = 30_000,
) -> Engine:
    """Create an engine; for a SQLite file, make its folder and set pragmas.

    Args:
        url: A SQLAlchemy URL or a plain PostgreSQL URL.
        echo: Log every statement.
        sqlite_begin: For SQLite, the statement that opens each transaction (e.g.
            ``"BEGIN IMMEDIATE"`` for writers that must not interleave); None keeps
            the driver's default. Ignored for PostgreSQL.
        sqlite_busy_timeout_ms: How long SQLite waits for a lock.
    """
    url = normalize_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo)
        event.listen(engine, "connect", _sqlite_pragmas(sqlite_busy_timeout_ms))
        if sqlite_begin is not None:
            _take_over_sqlite_transactions(engine, sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def private_writer_engine(engine: Engine, busy_timeout_ms: int) -> Engine:
    """An engine to the same database whose transactions take the write lock first.

    For PostgreSQL (or an in-memory SQLite database, which another engine could not
    see) the engine itself is returned.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return engine
    return create_db_engine(
        engine.url.render_as_string(hide_password=False),
        sqlite_begin="BEGIN IMMEDIATE",
        sqlite_busy_timeout_ms=busy_timeout_ms,
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Commit on success, roll back on error; map lost connections to our error."""
    session = factory()
    try:
        yield session
        session.commit()
    except OperationalError as exc:
        session.rollback()
        raise UpstreamUnavailableError(f"database unavailable: {exc.orig}") from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def is_postgres(engine: Engine) -> bool:
    """True when the engine talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"
