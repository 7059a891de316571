"""A small book of business touching every table and column type, for round trips."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, Table, insert, select

from knowledge.importer import import_directory
from tests.knowledge.importer_files import NOTE, PLAYBOOK, USAGE, base_folder, write

TICKETS = """ticket_id,account_id,subject,severity,status,opened_at,closed_at
T-1,A-1,SSO outage,sev1,closed,2026-11-01T08:00:00Z,2026-11-02T09:30:00+01:00
T-2,A-2,Export is slow,sev3,open,2026-11-03T10:00:00Z,
"""
SUBSCRIPTIONS = """account_id,start_date,end_date,arr,seats,outcome
A-1,2025-04-01,2026-03-31,240000.50,90,renewed
A-2,2025-06-01,2026-05-31,5000,,open
"""
VALUES = """account_id,metric,value,period_start,period_end,target,higher_is_better
A-1,hours_saved,120.25,2026-10-01,2026-10-31,150,true
A-1,time_to_fill_hours,30.5,2026-10-01,2026-10-31,24,false
"""


def load_book(engine: Engine, folder: Path) -> None:
    """Import contract files, a second playbook version, and search-layer rows."""
    base_folder(folder)
    write(folder, "usage_events.csv", USAGE)
    write(folder, "tickets.csv", TICKETS)
    write(folder, "subscriptions.csv", SUBSCRIPTIONS)
    write(folder, "value_metrics.csv", VALUES)
    write(folder, "notes/kickoff.md", NOTE)
    write(folder, "playbooks/onboarding-kickoff.md", PLAYBOOK)
    assert import_directory(engine, folder).ok
    write(folder, "playbooks/onboarding-kickoff.md", PLAYBOOK + "\nA second week.\n")
    assert import_directory(engine, folder).ok

    tables = reflect(engine)
    at = datetime(2026, 11, 5, 9, 30, 15, 123456, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(tables["embedding_cache"]),
            [
                {
                    "model": "m",
                    "content_hash": "h1",
                    "vector": b"\x00\xff" * 8,
                    "created_at": at,
                }
            ],
        )
        conn.execute(
            insert(tables["question_log"]),
            [
                {
                    "asked_at": at,
                    "asker": "dana@vendor.example",
                    "question": "How is Acme — really?",
                    "account_id": "A-1",
                    "best_score": 0.4375,
                    "answered": False,
                    "embedding": b"\x01\x02",
                },
                {
                    "asked_at": at,
                    "asker": None,
                    "question": "Renewals?",
                    "account_id": None,
                    "best_score": None,
                    "answered": True,
                    "embedding": None,
                },
            ],
        )
        conn.execute(
            insert(tables["passage_feedback"]),
            [
                {
                    "chunk_id": "c1",
                    "document_id": "d1",
                    "helpful": True,
                    "actor": "dana@vendor.example",
                    "question": None,
                    "at": at,
                }
            ],
        )


def reflect(engine: Engine) -> dict[str, Table]:
    """The database's tables as it holds them."""
    metadata = MetaData()
    metadata.reflect(engine)
    return dict(metadata.tables)


def table_rows(
    engine: Engine, drop: set[str] | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (but alembic's) in primary-key order, less ``drop``."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for name, table in sorted(reflect(engine).items()):
            if name == "alembic_version":
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            kept = [c for c in table.columns if c.name not in (drop or set())]
            result = conn.execute(select(*kept).order_by(*order))
            rows[name] = [tuple(r) for r in result]
    return rows
