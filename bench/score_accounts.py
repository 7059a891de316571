"""Benchmark: health for every account over a year of daily usage, on SQLite.

Generates the usage tables directly (no CSV, rows in key order) into a SQLite
file, then times scoring every account, one account's full explanation (warm), and
a hand-written single GROUP BY over usage_feature_daily (the floor).

    python bench/score_accounts.py --accounts 10000 --days 365
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from knowledge.db import create_db_engine
from knowledge.models import Base
from knowledge.queries.accounts import list_accounts
from tools.health import score_account, score_accounts
from tools.model_file import load_model

AS_OF = date(2026, 6, 30)
FEATURES = [f"feature.{i:02d}" for i in range(20)]


def _feature_rows(
    account_id: str, a: int, day_names: list[str]
) -> Iterator[tuple[object, ...]]:
    # About 2.7 feature-day rows per account-day: a login row, a message row and,
    # three days in four, one feature row, which gives ~10 M rows for 10k x 365.
    for d, day in enumerate(day_names):
        events, quantity, users = 1 + (a + d) % 9, 1 + (a * 3 + d) % 40, 1 + (a + d) % 4
        if (a * 5 + d) % 4 != 0:
            feature = FEATURES[(a * 7 + d) % len(FEATURES)]
            yield account_id, day, "feature_used", feature, events, quantity, users
        yield account_id, day, "login", "", events, quantity, users
        yield account_id, day, "message_sent", "", events, quantity, users


def _user_rows(
    account_id: str, a: int, day_names: list[str], users: int
) -> Iterator[tuple[str, str, str]]:
    # ``users`` distinct people a day out of the account's 5-54 seats.
    seats = 5 + a % 50
    for d, day in enumerate(day_names):
        people = sorted({f"u{(a + d * 7 + k) % seats:03d}" for k in range(users)})
        for person in people:
            yield account_id, day, person


def generate(path: Path, accounts: int, days: int, users: int) -> None:
    if path.exists():
        path.unlink()
    engine = create_db_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    first = AS_OF - timedelta(days=days - 1)
    raw = engine.raw_connection()
    cur = raw.cursor()
    cur.execute("PRAGMA journal_mode=OFF")
    cur.execute("PRAGMA synchronous=OFF")
    cur.executemany(
        "INSERT INTO features (feature_key, name, is_key) VALUES (?, ?, ?)",
        [(f, f, i < 16) for i, f in enumerate(FEATURES)],
    )
    cur.executemany(
        "INSERT INTO accounts (account_id, name, segment, arr, currency, seats, "
        "contract_start, renewal_date, status, updated_at) "
        "VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, 'active', '2026-01-01')",
        [
            (
                f"A-{i:06d}",
                f"Account {i}",
                ("smb", "mid_market", "enterprise")[i % 3],
                5_000 + (i * 7919) % 300_000,
                5 + i % 50,
                str(first + timedelta(days=i % days)),
                str(AS_OF + timedelta(days=1 + i % 365)),
            )
            for i in range(accounts)
        ],
    )
    # Rows go in primary-key order, one account at a time: appending to the
    # b-tree is what keeps ten million inserts to about a minute.
    day_names = [str(first + timedelta(days=d)) for d in range(days)]
    for a in range(accounts):
        account_id = f"A-{a:06d}"
        cur.executemany(
            "INSERT INTO usage_feature_daily VALUES (?, ?, ?, ?, ?, ?, ?)",
            list(_feature_rows(account_id, a, day_names)),
        )
        cur.executemany(
            "INSERT INTO usage_user_daily VALUES (?, ?, ?, 1, 1, 1)",
            list(_user_rows(account_id, a, day_names, users)),
        )
    raw.commit()
    cur.execute("ANALYZE")
    raw.close()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--users", type=int, default=2, help="users per account-day")
    # A throw-away file under /tmp is the point of a benchmark database.
    default_db = Path("/tmp/csm-bench-score.db")  # noqa: S108
    parser.add_argument("--db", type=Path, default=default_db)
    parser.add_argument("--reuse", action="store_true", help="keep an existing file")
    args = parser.parse_args()

    if not (args.reuse and args.db.exists()):
        started = time.perf_counter()
        generate(args.db, args.accounts, args.days, args.users)
        print(f"generated in {time.perf_counter() - started:.1f} s")
    engine = create_db_engine(f"sqlite:///{args.db}")
    model = load_model()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM usage_feature_daily")).scalar()
        user_rows = conn.execute(text("SELECT count(*) FROM usage_user_daily")).scalar()
    print(f"usage_feature_daily rows: {rows:,}; usage_user_daily rows: {user_rows:,}")

    started = time.perf_counter()
    with engine.connect() as conn:
        conn.execute(
            text(
                "SELECT account_id, SUM(events) FROM usage_feature_daily "
                "GROUP BY account_id"
            )
        ).all()
    floor = time.perf_counter() - started

    accounts = list_accounts(engine)
    started = time.perf_counter()
    reports = score_accounts(engine, model, accounts, AS_OF)
    everything = time.perf_counter() - started
    scored = sum(r.score is not None for r in reports)

    one = accounts[len(accounts) // 2].account_id
    score_account(engine, model, one, AS_OF)
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        score_account(engine, model, one, AS_OF)
        timings.append(time.perf_counter() - started)
    single = statistics.median(timings)

    print(f"floor (one GROUP BY over usage_feature_daily): {floor:.2f} s")
    print(
        f"health for {len(accounts):,} accounts ({scored:,} scored, with "
        f"explanations): {everything:.2f} s = {everything / floor:.1f}x the floor"
    )
    print(
        f"one account's full explanation, warm (median of 20): {single * 1000:.1f} ms"
    )
    print(
        f"| health of {len(accounts):,} accounts ({rows:,} feature-day rows, SQLite) "
        f"| {everything:.2f} s, {everything / floor:.1f}x the floor "
        f"| one GROUP BY: {floor:.2f} s |"
    )
    print(f"| one account's full health explanation, warm | {single * 1000:.1f} ms | |")


if __name__ == "__main__":
    main()
