"""``csm backup`` and ``csm restore`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import schema
from knowledge.db import create_db_engine
from tests.cli_runner import run_csm
from tests.ops.book import load_book, table_rows


def test_backup_and_restore_commands_round_trip(tmp_path: Path) -> None:
    source = create_db_engine(f"sqlite:///{tmp_path / 'source.db'}")
    schema.upgrade(source)
    load_book(source, tmp_path / "in")

    saved = run_csm("backup", str(tmp_path / "b"), database=tmp_path / "source.db")
    restored = run_csm(
        "restore", str(tmp_path / "b"), "--no-reindex", database=tmp_path / "new.db"
    )

    assert saved.returncode == 0, saved.stderr
    assert "backup written to" in saved.stdout
    assert restored.returncode == 0, restored.stderr
    assert "csm kb reindex --full" in restored.stdout
    target = create_db_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert table_rows(target) == table_rows(source)


def test_restore_into_a_database_with_data_is_a_clear_error(tmp_path: Path) -> None:
    source = create_db_engine(f"sqlite:///{tmp_path / 'source.db'}")
    schema.upgrade(source)
    load_book(source, tmp_path / "in")
    run_csm("backup", str(tmp_path / "b"), database=tmp_path / "source.db")

    result = run_csm(
        "restore", str(tmp_path / "b"), "--no-reindex", database=tmp_path / "source.db"
    )

    assert result.returncode != 0
    assert result.stderr.startswith("error: the database already holds data")
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_restore_rebuilds_the_search_index_from_the_restored_documents(
    tmp_path: Path,
) -> None:
    source = create_db_engine(f"sqlite:///{tmp_path / 'source.db'}")
    schema.upgrade(source)
    load_book(source, tmp_path / "in")
    run_csm("backup", str(tmp_path / "b"), database=tmp_path / "source.db")

    result = run_csm(
        "restore",
        str(tmp_path / "b"),
        database=tmp_path / "new.db",
        CSM_CHROMA_PATH=str(tmp_path / "chroma"),
    )

    assert result.returncode == 0, result.stderr
    assert "search index rebuilt: 2 documents" in result.stdout
    assert (tmp_path / "chroma").is_dir()
