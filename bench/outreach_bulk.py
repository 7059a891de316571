"""Benchmark: ``csm outreach`` over a 1,000-account demo book (120 days of usage).

Writes and imports the demo book once (reused with --reuse), then times the bulk
adoption nudges for the tech-touch tier (the default) and for every tier, with
CSV export. The floor is ranking every account by health (``portfolio_risk``), the
set-based scoring the nudges start from.

    python bench/outreach_bulk.py --accounts 1000 --days 120
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import time
from pathlib import Path

from _demo_book import AS_OF, demo_database

from assistant.container import Services
from assistant.outreach import bulk_outreach
from assistant.settings import Settings
from tools.portfolio import portfolio_risk

TARGET_SECONDS = 30.0


def export(batch_drafts: list[object]) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for draft in batch_drafts:
        writer.writerow([getattr(draft, "account_id", ""), getattr(draft, "body", "")])
    return len(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--days", type=int, default=120)
    # A throw-away folder under /tmp is the point of a benchmark database.
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/csm-bench-outreach"))  # noqa: S108
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.INFO)

    started = time.perf_counter()
    database = demo_database(args.workdir, args.accounts, args.days, args.reuse)
    ready = time.perf_counter() - started
    print(f"demo book of {args.accounts} accounts ready in {ready:.0f} s")
    settings = Settings(
        database_url=f"sqlite:///{database}", chroma_path=args.workdir / "chroma"
    )
    services = Services(settings)

    started = time.perf_counter()
    ranked = portfolio_risk(
        services.engine,
        services.health_model,
        AS_OF,
        high_touch_min_arr=settings.high_touch_min_arr,
        tech_touch_max_arr=settings.tech_touch_max_arr,
    )
    floor = time.perf_counter() - started

    rows = []
    for label, tiers in (
        ("tech_touch (default)", ["tech_touch"]),
        ("every tier", ["tech_touch", "low_touch", "high_touch"]),
    ):
        started = time.perf_counter()
        batch = bulk_outreach(services, tiers=tiers, as_of=AS_OF)  # type: ignore[arg-type]  # literal tiers
        export(list(batch.drafts))
        seconds = time.perf_counter() - started
        faithful = sum(d.faithful for d in batch.drafts)
        rows.append((label, batch.considered, len(batch.drafts), faithful, seconds))

    print(
        "| run | accounts considered | drafts (faithful) | time | floor "
        "(rank every account) | ratio | target |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, considered, drafted, faithful, seconds in rows:
        print(
            f"| outreach, {label}, {len(ranked.rows)} accounts | {considered} | "
            f"{drafted} ({faithful}) | {seconds:.1f} s | {floor:.1f} s | "
            f"{seconds / floor:.1f}x | < {TARGET_SECONDS:.0f} s |"
        )
    worst = max(r[4] for r in rows)
    print(f"target met: {'yes' if worst < TARGET_SECONDS else 'NO'}")


if __name__ == "__main__":
    main()
