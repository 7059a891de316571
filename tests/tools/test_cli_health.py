"""The csm health, usage and portfolio commands print the service results."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from bots.cli import common
from bots.cli.main import app
from knowledge.errors import InvalidInputError, NotFoundError
from tests.tools.book import TEST_MODEL, build_book


@pytest.fixture
def cli(
    sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CliRunner]:
    build_book(sqlite_engine)
    model = tmp_path / "model.yaml"
    model.write_text(TEST_MODEL, encoding="utf-8")
    monkeypatch.setenv("CSM_DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("CSM_HEALTH_MODEL_PATH", str(model))
    common.settings.cache_clear()
    common.engine.cache_clear()
    yield CliRunner()
    common.engine.cache_clear()
    common.settings.cache_clear()


def test_health_json_is_the_report(cli: CliRunner) -> None:
    result = cli.invoke(app, ["health", "acme", "--json", "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["score"], report["band"], report["change"]) == (
        49.0,
        "yellow",
        -24.5,
    )


def test_health_text_shows_flags_and_path_to_green(cli: CliRunner) -> None:
    result = cli.invoke(app, ["health", "A-1", "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    assert "health 49.0 yellow (-24.5 since 73.5)" in result.stdout
    assert "FLAG stale_sev1 [high]" in result.stdout
    assert "to green (+11 points), any one of:" in result.stdout


def test_usage_and_portfolio_commands(cli: CliRunner) -> None:
    usage = cli.invoke(app, ["usage", "Acme", "--days", "30", "--as-of", "2026-06-30"])
    assert usage.exit_code == 0, usage.output
    assert "key features used: k1, k2" in usage.stdout
    risk = cli.invoke(app, ["portfolio", "risk", "--json", "--as-of", "2026-06-30"])
    assert json.loads(risk.stdout)["rows"][0]["account_id"] == "A-1"
    renewals = cli.invoke(
        app, ["portfolio", "renewals", "--days", "90", "--as-of", "2026-06-30"]
    )
    assert "Initech" in renewals.stdout


def test_unknown_account_is_a_domain_error(cli: CliRunner) -> None:
    result = cli.invoke(app, ["health", "Nonesuch", "--as-of", "2026-06-30"])
    assert isinstance(result.exception, NotFoundError)


def test_calibrate_refuses_a_book_without_outcomes(cli: CliRunner) -> None:
    result = cli.invoke(app, ["health", "calibrate"])
    assert isinstance(result.exception, InvalidInputError)
    assert "has 0 outcomes" in result.exception.message
