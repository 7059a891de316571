"""``csm ask``: text or JSON, rights of ``--as``, a clear refusal for strangers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge import schema
from knowledge.db import create_db_engine
from knowledge.demo import write_demo
from knowledge.importer import import_directory
from tests.assistant.engine_book import ACCOUNTS, AS_OF


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ask")
    write_demo(folder / "demo", accounts=ACCOUNTS, days=120, seed=7, as_of=AS_OF)
    path = folder / "csm.db"
    engine = create_db_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    import_directory(engine, folder / "demo", actor="test")
    engine.dispose()
    return path


def _ask(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CSM_DATABASE_URL": f"sqlite:///{database}",
        "CSM_CHROMA_PATH": str(database.parent / "chroma"),
        "CSM_LOG_FORMAT": "text",
        "CSM_LOG_LEVEL": "WARNING",
    }
    return subprocess.run(  # noqa: S603  # our own interpreter and module
        [sys.executable, "-m", "bots.cli.main", "ask", *args, "--as-of", str(AS_OF)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_ask_prints_the_answer_with_its_evidence(database: Path) -> None:
    result = _ask(database, "How is Acme Corp doing?")

    assert result.returncode == 0, result.stderr
    assert "Acme Corp" in result.stdout
    assert "score_account(" in result.stdout


def test_ask_json_is_the_answer_model(database: Path) -> None:
    result = _ask(database, "How is Acme Corp doing?", "--json")

    payload = json.loads(result.stdout)
    assert payload["status"] == "answered"
    assert payload["intent"] == "status"
    assert payload["figures"]


def test_ask_as_a_csm_refuses_another_book(database: Path) -> None:
    priya = "priya.raman@vendor.example"
    result = _ask(database, "How is Globex doing?", "--as", priya)

    assert result.returncode == 4
    assert "name only" in result.stdout


def test_ask_as_a_stranger_is_refused(database: Path) -> None:
    result = _ask(database, "How is Acme Corp doing?", "--as", "who@example.com")

    assert result.returncode == 4
    assert "not a known team member" in result.stdout
