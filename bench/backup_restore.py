"""Benchmark: ``csm backup`` and ``csm restore`` of a database of N usage rows.

Floors, measured in the same run on the same data: for backup, reading every row of
every table with no encoding and no writing; for restore, inserting the same rows,
already decoded, into an empty database in one transaction.

    python bench/backup_restore.py --rows 1000000
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, MetaData, insert, select

from knowledge import schema
from knowledge.backup import backup_database, restore_database
from knowledge.db import create_db_engine


def populate(engine: Engine, rows: int, accounts: int, seed: int) -> None:
    """Accounts and ``rows`` per-user usage days."""
    rng = random.Random(seed)
    metadata = MetaData()
    metadata.reflect(engine)
    start = date(2026, 1, 1)
    with engine.begin() as conn:
        conn.execute(
            insert(metadata.tables["accounts"]),
            [
                {
                    "account_id": f"A-{i}",
                    "name": f"Account {i}",
                    "segment": "smb",
                    "arr": 1000 + i,
                    "currency": "USD",
                    "status": "active",
                    "updated_at": datetime(2026, 1, 1),
                }
                for i in range(accounts)
            ],
        )
        seen: set[tuple[int, int, int]] = set()
        batch = []
        while len(seen) < rows:
            key = (rng.randrange(accounts), rng.randrange(365), rng.randrange(50))
            if key in seen:
                continue
            seen.add(key)
            batch.append(
                {
                    "account_id": f"A-{key[0]}",
                    "day": start + timedelta(days=key[1]),
                    "user_id": f"u{key[2]}",
                    "logins": rng.randint(0, 5),
                    "feature_events": rng.randint(0, 20),
                    "messages": rng.random() * 10,
                }
            )
            if len(batch) == 10_000:
                conn.execute(insert(metadata.tables["usage_user_daily"]), batch)
                batch = []
        if batch:
            conn.execute(insert(metadata.tables["usage_user_daily"]), batch)


def copy_floor(source: Engine, target: Engine) -> tuple[float, float]:
    """Seconds to read every row, and to insert the rows read, with no format."""
    metadata = MetaData()
    metadata.reflect(source)
    started = time.perf_counter()
    data = {}
    with source.connect() as conn:
        for table in metadata.sorted_tables:
            data[table.name] = [dict(r._mapping) for r in conn.execute(select(table))]
    read = time.perf_counter() - started
    started = time.perf_counter()
    with target.begin() as conn:
        for table in metadata.sorted_tables:
            if data[table.name] and table.name != "alembic_version":
                conn.execute(insert(table), data[table.name])
    return read, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engines = {}
        for name in ("source", "floor"):
            engines[name] = create_db_engine(f"sqlite:///{folder / name}.db")
            schema.upgrade(engines[name])
        populate(engines["source"], args.rows, args.accounts, args.seed)
        total = args.rows + args.accounts

        read_floor, write_floor = copy_floor(engines["source"], engines["floor"])
        started = time.perf_counter()
        backup_database(engines["source"], folder / "backup")
        backup_seconds = time.perf_counter() - started
        size = sum(
            p.stat().st_size for p in (folder / "backup").rglob("*") if p.is_file()
        )
        # restore creates the schema itself, so it starts from a file with none.
        restored = create_db_engine(f"sqlite:///{folder / 'empty.db'}")
        started = time.perf_counter()
        restore_database(restored, folder / "backup")
        restore_seconds = time.perf_counter() - started
        shutil.rmtree(folder / "backup")

    print(f"backup and restore of {total:,} rows (SQLite)")
    print(
        f"  backup:  {backup_seconds:6.1f} s  ({size / 1e6:,.1f} MB gzipped JSON Lines)"
    )
    print(f"  restore: {restore_seconds:6.1f} s  (including migrations to head)")
    print(
        f"| backup, {total:,} rows (SQLite) | {total / backup_seconds:,.0f} rows/s, "
        f"{backup_seconds:.1f} s, {size / 1e6:,.1f} MB | read only: "
        f"{total / read_floor:,.0f} rows/s |"
    )
    print(
        f"| restore, {total:,} rows (SQLite) | {total / restore_seconds:,.0f} rows/s, "
        f"{restore_seconds:.1f} s | insert only: {total / write_floor:,.0f} rows/s |"
    )


if __name__ == "__main__":
    main()
