"""``csm kb``: the commands a curator and a CSM run, end to end on SQLite."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bots.cli import common, kb
from bots.cli.main import app
from knowledge import schema
from knowledge.db import create_db_engine
from tests.retrieval.conftest import add_accounts
from tests.retrieval.documents import write_all


def test_importing_the_cli_loads_neither_torch_nor_chroma() -> None:
    code = (
        "import bots.cli.main, sys; "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'chromadb') "
        "if m in sys.modules]; "
        "assert not heavy, heavy"
    )

    done = subprocess.run(  # noqa: S603  # our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A runner whose settings point at a fresh database and index."""
    url = f"sqlite:///{tmp_path / 'csm.db'}"
    monkeypatch.setenv("CSM_DATABASE_URL", url)
    monkeypatch.setenv("CSM_CHROMA_PATH", str(tmp_path / "chroma"))
    monkeypatch.delenv("CSM_CHROMA_URL", raising=False)
    monkeypatch.setenv("CSM_LOG_LEVEL", "WARNING")
    engine = create_db_engine(url)
    schema.upgrade(engine)
    add_accounts(engine)
    engine.dispose()
    for cached in (common.settings, common.engine, kb.knowledge_base):
        cached.cache_clear()
    yield CliRunner()
    for cached in (common.settings, common.engine, kb.knowledge_base):
        cached.cache_clear()


def test_a_curator_adds_searches_retires_and_checks(
    cli: CliRunner, tmp_path: Path
) -> None:
    files = [str(p) for p in write_all(tmp_path / "docs")]

    added = cli.invoke(app, ["kb", "add", *files, "--actor", "ops@vendor.example"])
    listed = cli.invoke(app, ["kb", "list"])
    found = cli.invoke(
        app, ["kb", "search", "SAML login fails with 403", "--k", "3", "--json"]
    )
    notes = cli.invoke(
        app, ["kb", "search", "sso rollout", "--account", "A-1", "--kind", "note"]
    )
    retired = cli.invoke(app, ["kb", "retire", "sso-rollout"])
    history = cli.invoke(app, ["kb", "history", "sso-rollout"])
    checked = cli.invoke(app, ["kb", "check"])

    assert added.exit_code == 0, added.output
    assert "inserted  playbook:renewal-risk v1" in added.output
    assert "draft-discount-policy" in listed.output
    result = json.loads(found.stdout)
    assert result["answered"] is True
    assert result["passages"][0]["document_id"] == "playbook:sso-rollout"
    assert notes.exit_code == 0
    assert "Call with Acme IT about SSO" in notes.output
    assert "Globex" not in notes.output
    assert "retired as v2" in retired.output
    assert "v2" in history.output
    assert "retired" in history.output
    assert checked.exit_code == 0, checked.output
    assert "0 missing, 0 stale, 0 orphaned" in checked.output


def test_reports_and_an_unsupported_question(cli: CliRunner, tmp_path: Path) -> None:
    cli.invoke(app, ["kb", "add", *[str(p) for p in write_all(tmp_path / "docs")]])

    unsupported = cli.invoke(app, ["kb", "search", "best pasta recipe for dinner"])
    unanswered = cli.invoke(app, ["kb", "report", "unanswered"])
    stale = cli.invoke(app, ["kb", "report", "stale", "--json"])
    reindexed = cli.invoke(app, ["kb", "reindex"])

    assert unsupported.exit_code == 1
    assert "no supporting document" in unsupported.output
    assert "   1  best pasta recipe for dinner" in unanswered.output
    assert json.loads(stale.stdout) == []
    assert "0 written, 0 deleted, 0 embedded" in reindexed.output
