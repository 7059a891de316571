"""Two workers importing into the same database at once lose nothing."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from knowledge import schema
from knowledge.db import create_db_engine
from tests.knowledge.importer_files import NOTE, PLAYBOOK, TEAM, write
from tests.ops.book import table_rows
from tests.ops.conftest import NewDatabase

# Written at import time by the database or the clock; not part of what was imported.
_CLOCK_COLUMNS = {"updated_at", "created_at", "reviewed_at", "at", "id"}


def _folder(directory: Path, prefix: str, seed: int, events: int = 6000) -> Path:
    """Accounts named ``prefix-*`` with usage, a note and a playbook."""
    rng = random.Random(seed)
    write(directory, "team.csv", TEAM)
    write(
        directory,
        "features.csv",
        "feature_key,name,is_key\n" + "".join(f"f{i},F{i},true\n" for i in range(5)),
    )
    accounts = [f"{prefix}-{i}" for i in range(40)]
    write(
        directory,
        "accounts.csv",
        "account_id,name,segment,arr\n"
        + "".join(f"{a},Account {a},smb,{1000 + i}\n" for i, a in enumerate(accounts)),
    )
    with (directory / "usage_events.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["account_id", "user_id", "event", "feature_key", "occurred_at"])
        for _ in range(events):
            used = rng.random() < 0.5
            out.writerow(
                [
                    rng.choice(accounts),
                    f"u{rng.randrange(30)}",
                    "feature_used" if used else "login",
                    f"f{rng.randrange(5)}" if used else "",
                    f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T10:00:00Z",
                ]
            )
    write(directory, "notes/n.md", NOTE.replace("A-1", accounts[0]))
    write(directory, "playbooks/p.md", PLAYBOOK.replace("onboarding", prefix.lower()))
    return directory


def _import_together(url: str, *folders: Path) -> list[dict[str, Any]]:
    env = {**os.environ, "CSM_DATABASE_URL": url, "CSM_LOG_LEVEL": "WARNING"}
    workers = [
        subprocess.Popen(  # noqa: S603  # our own interpreter and module
            [
                sys.executable,
                "-m",
                "bots.cli.main",
                "import",
                str(f),
                "--json",
                "--no-index",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in folders
    ]
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-2000:] + out[-2000:]
        reports.append(json.loads(out))
    return reports


def _content(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table but the audit log, without columns the clock fills in."""
    engine = create_db_engine(url)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for name, table_rows_ in table_rows(engine, drop=_CLOCK_COLUMNS).items():
        if name != "audit_log":
            rows[name] = sorted(table_rows_, key=repr)
    engine.dispose()
    return rows


def _migrated(new_database: NewDatabase) -> str:
    url = new_database()
    engine = create_db_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    return url


@pytest.mark.parametrize(
    "same_folder", [False, True], ids=["two-folders", "same-twice"]
)
def test_two_concurrent_imports_equal_one_after_the_other(
    new_database: NewDatabase,
    tmp_path: Path,
    same_folder: bool,
    request: pytest.FixtureRequest,
) -> None:
    first = _folder(tmp_path / "first", "A", seed=1)
    second = first if same_folder else _folder(tmp_path / "second", "B", seed=2)
    together, serial = _migrated(new_database), _migrated(new_database)

    _import_together(together, first, second)
    _import_together(serial, first)
    _import_together(serial, second)

    expected = _content(serial)
    assert expected["usage_user_daily"]
    assert _content(together) == expected
