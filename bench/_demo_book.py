"""The demo book of business as a SQLite file, written once for benchmarks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from knowledge import schema
from knowledge.db import create_db_engine
from knowledge.demo import write_demo
from knowledge.importer import import_directory

AS_OF = date(2026, 11, 30)
"""The demo's last day: benchmarks ask about it so that every run sees the same data."""


def demo_database(workdir: Path, accounts: int, days: int, reuse: bool) -> Path:
    """A migrated SQLite file holding the demo book; kept as is when ``reuse``."""
    database = workdir / "bench.db"
    if reuse and database.exists():
        return database
    workdir.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    write_demo(workdir / "book", accounts=accounts, days=days, seed=7, as_of=AS_OF)
    engine = create_db_engine(f"sqlite:///{database}")
    schema.upgrade(engine)
    import_directory(engine, workdir / "book", actor="bench")
    engine.dispose()
    return database
