"""``--as EMAIL`` makes the health, usage and portfolio commands follow that member."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge import schema
from knowledge.db import create_db_engine
from knowledge.importer import import_directory
from tests.cli_runner import run_csm
from tests.knowledge.importer_files import USAGE, base_folder, write


@pytest.fixture
def database(tmp_path: Path) -> Path:
    folder = base_folder(tmp_path / "in")
    write(folder, "usage_events.csv", USAGE)
    path = tmp_path / "c.db"
    engine = create_db_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    assert import_directory(engine, folder).ok
    engine.dispose()
    return path


def test_a_csm_sees_usage_of_their_own_account(database: Path) -> None:
    result = run_csm(
        "usage",
        "A-1",
        "--as",
        "dana@vendor.example",
        "--as-of",
        "2026-11-05",
        "--json",
        database=database,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["account_id"] == "A-1"


def test_another_book_is_refused_without_figures(database: Path) -> None:
    result = run_csm(
        "health", "Globex", "--as", "dana@vendor.example", database=database
    )

    assert result.returncode == 4
    assert "not in your book of business" in result.stderr
    assert result.stdout == ""


def test_an_unknown_member_gets_no_data(database: Path) -> None:
    result = run_csm(
        "portfolio", "risk", "--as", "stranger@example.com", database=database
    )

    assert result.returncode == 4
    assert "not a known team member" in result.stderr


def test_the_portfolio_shows_only_the_members_book(database: Path) -> None:
    everyone = run_csm(
        "portfolio", "risk", "--json", "--as-of", "2026-11-05", database=database
    )
    mine = run_csm(
        "portfolio",
        "risk",
        "--json",
        "--as-of",
        "2026-11-05",
        "--as",
        "dana@vendor.example",
        database=database,
    )

    assert {r["account_id"] for r in json.loads(everyone.stdout)["rows"]} == {
        "A-1",
        "A-2",
    }
    assert [r["account_id"] for r in json.loads(mine.stdout)["rows"]] == ["A-1"]
