"""``csm slack digest`` from the command line, against the mock Slack API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bots.cli import common
from bots.cli.main import app
from knowledge.db import create_db_engine
from knowledge.models import Base, TeamMember
from tests.bots.slack.mock_slack import MockSlack


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    common.settings.cache_clear()
    common.engine.cache_clear()
    yield
    common.settings.cache_clear()
    common.engine.cache_clear()


def test_digest_command_reports_what_it_did(
    tmp_path: Path,
    mock_slack: MockSlack,
    monkeypatch: pytest.MonkeyPatch,
    fresh_settings: None,
) -> None:
    url = f"sqlite:///{tmp_path / 'csm.db'}"
    db = create_db_engine(url)
    Base.metadata.create_all(db)
    with Session(db) as session:
        session.add(TeamMember(email="dana@vendor.example", name="Dana", role="csm"))
        session.commit()
    monkeypatch.setenv("CSM_DATABASE_URL", url)
    monkeypatch.setenv("CSM_SLACK_BOT_TOKEN", "xoxb-cli")
    monkeypatch.setenv("CSM_SLACK_API_URL", mock_slack.url)

    result = CliRunner().invoke(app, ["slack", "digest"])

    assert result.exit_code == 0, result.output
    assert "sent 0, nothing new for 1, skipped 0, failed 0" in result.output


def test_schedule_needs_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None
) -> None:
    monkeypatch.setenv("CSM_DATABASE_URL", f"sqlite:///{tmp_path / 'csm.db'}")
    monkeypatch.setenv("CSM_SLACK_BOT_TOKEN", "xoxb-cli")
    monkeypatch.delenv("CSM_SLACK_DIGEST_TIME", raising=False)

    result = CliRunner().invoke(app, ["slack", "digest", "--schedule"])

    assert result.exit_code != 0
    assert "CSM_SLACK_DIGEST_TIME" in result.output
