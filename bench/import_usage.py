"""Benchmark: stream N generated usage events through ``csm import``.

Prints events/s and the importer's peak memory (RSS of a child process that does
only the import), next to the floor: reading and parsing the same file with the csv
module and nothing else. Run with several --rows values to see memory stay flat.

    python bench/import_usage.py --rows 1000000
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

FEATURES = [f"feature.{i}" for i in range(25)]


def write_inputs(folder: Path, rows: int, accounts: int, seed: int) -> None:
    """A contract folder: accounts, features and ``rows`` usage events."""
    rng = random.Random(seed)
    with (folder / "accounts.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["account_id", "name", "segment", "arr"])
        for i in range(accounts):
            writer.writerow([f"A-{i}", f"Account {i}", "smb", 10_000])
    with (folder / "features.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["feature_key", "name", "is_key"])
        for key in FEATURES:
            writer.writerow([key, key, "true"])
    start = datetime(2025, 12, 1, tzinfo=UTC)
    with (folder / "usage_events.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["account_id", "user_id", "event", "feature_key", "quantity", "occurred_at"]
        )
        for _ in range(rows):
            account = rng.randrange(accounts)
            moment = start + timedelta(seconds=rng.randrange(365 * 86_400))
            kind = rng.random()
            event, feature = (
                ("login", "")
                if kind < 0.4
                else ("message_sent", "")
                if kind < 0.5
                else ("feature_used", rng.choice(FEATURES))
            )
            writer.writerow(
                [
                    f"A-{account}",
                    f"u{rng.randrange(40)}",
                    event,
                    feature,
                    rng.randint(1, 5),
                    moment.isoformat(),
                ]
            )


def parse_floor(path: Path) -> float:
    """Rows/s of csv parsing plus timestamp parsing: no validation, no database."""
    started = time.perf_counter()
    count = 0
    with path.open(newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            datetime.fromisoformat(row[5])
            count += 1
    return count / (time.perf_counter() - started)


def run_import(folder: Path, database_url: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``csm import`` in a child process."""
    env = {**os.environ, "CSM_DATABASE_URL": database_url, "CSM_LOG_LEVEL": "WARNING"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(  # noqa: S603  # our own interpreter and module, no user input
        [
            sys.executable,
            "-m",
            "bots.cli.main",
            "import",
            str(folder),
            "--json",
            "--no-index",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak_kb, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--database-url", default="", help="default: a fresh SQLite file"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        write_inputs(folder, args.rows, args.accounts, args.seed)
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        floor = parse_floor(folder / "usage_events.csv")
        elapsed, peak_mb = run_import(folder, url)

    rate = args.rows / elapsed
    print(f"usage import, {args.rows:,} events into {url.split(':')[0]}")
    print(
        f"  import:      {elapsed:8.1f} s  {rate:12,.0f} events/s  "
        f"peak RSS {peak_mb:,.0f} MB"
    )
    print(
        f"  parse floor: {args.rows / floor:8.1f} s  {floor:12,.0f} events/s  "
        f"(csv + timestamp parsing only)"
    )
    print(f"  import / floor time ratio: {floor / rate:.1f}x")
    print(
        f"| usage import, {args.rows:,} events (SQLite) | {rate:,.0f} events/s, "
        f"{elapsed:.1f} s, peak {peak_mb:,.0f} MB | parse only: {floor:,.0f} events/s |"
    )


if __name__ == "__main__":
    main()
