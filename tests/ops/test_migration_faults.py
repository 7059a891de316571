"""An interrupted migration: running ``upgrade`` again finishes the job."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from alembic import op
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from knowledge import schema
from knowledge.db import create_db_engine
from tests.ops.conftest import NewDatabase


def _shape(engine: Engine) -> dict[str, Any]:
    """Tables, their columns, indexes and foreign keys: what a migration builds."""
    found = inspect(engine)
    return {
        name: (
            sorted(
                (c["name"], str(c["type"]), c["nullable"])
                for c in found.get_columns(name)
            ),
            sorted(
                (i["name"], tuple(i["column_names"])) for i in found.get_indexes(name)
            ),
            sorted(str(fk["referred_table"]) for fk in found.get_foreign_keys(name)),
        )
        for name in sorted(found.get_table_names())
    }


def _revisions() -> list[str]:
    from knowledge.backup.codec import MIGRATIONS

    script = ScriptDirectory(str(MIGRATIONS))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.fixture
def head_shape(new_database: NewDatabase) -> dict[str, Any]:
    engine = create_db_engine(new_database())
    schema.upgrade(engine)
    shape = _shape(engine)
    engine.dispose()
    return shape


def test_stopping_after_the_first_revision_then_upgrading_reaches_head(
    new_database: NewDatabase, head_shape: dict[str, Any]
) -> None:
    engine = create_db_engine(new_database())
    first = _revisions()[0]

    schema.upgrade(engine, first)
    assert schema.current_revision(engine) == first
    schema.upgrade(engine)

    assert schema.is_up_to_date(engine)
    assert _shape(engine) == head_shape
    engine.dispose()


@pytest.mark.parametrize("failing_call", [1, 3])
def test_a_migration_that_fails_half_way_leaves_nothing_and_reruns_cleanly(
    new_database: NewDatabase,
    head_shape: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    failing_call: int,
    request: pytest.FixtureRequest,
) -> None:
    engine = create_db_engine(new_database())
    first, second = _revisions()[:2]
    schema.upgrade(engine, first)
    before = _shape(engine)
    real = op.create_table
    calls: list[int] = []

    def create_then_crash(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == failing_call:
            raise RuntimeError("process killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(op, "create_table", create_then_crash)
    with pytest.raises(RuntimeError, match="killed"):
        schema.upgrade(engine, second)
    monkeypatch.undo()

    assert schema.current_revision(engine) == first
    assert _shape(engine) == before
    schema.upgrade(engine)
    assert _shape(engine) == head_shape
    engine.dispose()


def test_two_containers_migrating_at_once_end_at_head(
    new_postgres_database: NewDatabase,
) -> None:
    reference = create_db_engine(new_postgres_database())
    schema.upgrade(reference)
    head_shape = _shape(reference)
    reference.dispose()
    url = new_postgres_database()
    env = {**os.environ, "CSM_DATABASE_URL": url, "CSM_LOG_FORMAT": "text"}
    command = [sys.executable, "-m", "bots.cli.main", "db", "upgrade"]

    racing = [
        subprocess.Popen(  # noqa: S603  # our own interpreter and module
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    codes = [p.wait(timeout=300) for p in racing]
    # What the entry point does for a loser: run it again.
    again = subprocess.run(command, env=env, capture_output=True, check=False)  # noqa: S603

    assert 0 in codes
    assert again.returncode == 0, again.stderr
    engine = create_db_engine(url)
    assert schema.is_up_to_date(engine)
    assert _shape(engine) == head_shape
    engine.dispose()
