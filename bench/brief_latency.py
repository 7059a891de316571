"""Benchmark: a meeting brief in all three formats, warm, over the seeded demo book.

Writes and imports the demo book once (reused with --reuse), warms the process
with one brief, then times Markdown + HTML + Slack briefs of several accounts.
The floor is one warm health scoring of the same account (a brief scores the
account six times for its trend, plus usage, tickets, contacts and value).

    python bench/brief_latency.py --accounts 60 --days 365
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from pathlib import Path

from _demo_book import AS_OF, demo_database

from assistant.briefs import FORMATS, build_brief
from assistant.container import Services
from assistant.settings import Settings
from tools.health import score_account

ACCOUNTS = ("A-1001", "A-1003", "A-1009", "A-1010", "A-1011")
WARM_UP = "A-1002"
TARGET_SECONDS = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=60)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=3)
    # A throw-away folder under /tmp is the point of a benchmark database.
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/csm-bench-brief"))  # noqa: S108
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.INFO)

    database = demo_database(args.workdir, args.accounts, args.days, args.reuse)
    settings = Settings(
        database_url=f"sqlite:///{database}", chroma_path=args.workdir / "chroma"
    )
    per_brief: list[float] = []
    floors: list[float] = []
    for _ in range(args.repeat):
        # Fresh services per round, warmed on another account, so each timed brief
        # is built from the database (not served by the services' short cache).
        services = Services(settings)
        for fmt in FORMATS:
            build_brief(services, WARM_UP, fmt=fmt, as_of=AS_OF)
        for account in ACCOUNTS:
            started = time.perf_counter()
            for fmt in FORMATS:
                build_brief(services, account, fmt=fmt, as_of=AS_OF)
            per_brief.append(time.perf_counter() - started)
            started = time.perf_counter()
            score_account(services.engine, services.health_model, account, AS_OF)
            floors.append(time.perf_counter() - started)
        services.close()

    median = statistics.median(per_brief)
    worst = max(per_brief)
    floor = statistics.median(floors)
    print("| measure | figure | floor (one warm health scoring) | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| brief, 3 formats, median of {len(per_brief)} | {median * 1000:.0f} ms | "
        f"{floor * 1000:.1f} ms | {median / floor:.1f}x | < {TARGET_SECONDS:.0f} s |"
    )
    print(
        f"| brief, 3 formats, worst | {worst * 1000:.0f} ms | {floor * 1000:.1f} ms "
        f"| {worst / floor:.1f}x | < {TARGET_SECONDS:.0f} s |"
    )
    print(f"target met: {'yes' if worst < TARGET_SECONDS else 'NO'}")


if __name__ == "__main__":
    main()
