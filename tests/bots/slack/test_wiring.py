"""Settings, modes, the HTTP mount, the digest schedule and event-claim upkeep."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import pytest
from pydantic import SecretStr
from slack_bolt import BoltRequest
from sqlalchemy import Engine

from assistant.settings import Settings
from bots.slack.app import create_bolt_app
from bots.slack.client import build_web_client
from bots.slack.config import SlackConfig
from bots.slack.http import EVENTS_PATH, create_app
from bots.slack.schedule import next_run, parse_time
from knowledge.errors import InvalidInputError
from knowledge.queries.slack import claim_event, forget_events
from tests.bots.slack.conftest import CSM, Bot, dispatch, event_body, mention
from tests.bots.slack.mock_slack import MockSlack


def _settings(**values: object) -> Settings:
    return Settings(database_url="sqlite:///:memory:", **values)  # type: ignore[arg-type]


def test_api_url_setting_reaches_the_web_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CSM_SLACK_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.setenv("CSM_SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("CSM_SLACK_SIGNING_SECRET", "s")
    monkeypatch.setenv("CSM_SLACK_CHANNEL_ACCOUNTS", '{"C1": ["A-1", "A-2"]}')

    config = SlackConfig.from_settings(Settings())
    client = build_web_client(config.bot_token, config.api_url)

    assert client.base_url == "http://127.0.0.1:9/api/"
    assert config.channel_accounts == {"C1": frozenset({"A-1", "A-2"})}
    assert [type(h).__name__ for h in client.retry_handlers] == [
        "ConnectionErrorRetryHandler",
        "RateLimitErrorRetryHandler",
        "ServerErrorRetryHandler",
    ]


@pytest.mark.parametrize(
    ("values", "mode", "problem"),
    [
        ({}, "http", "CSM_SLACK_BOT_TOKEN"),
        ({"slack_bot_token": SecretStr("x")}, "http", "CSM_SLACK_SIGNING_SECRET"),
        ({"slack_bot_token": SecretStr("x")}, "socket", "CSM_SLACK_APP_TOKEN"),
    ],
)
def test_missing_tokens_are_named(
    values: dict[str, object], mode: str, problem: str
) -> None:
    with pytest.raises(InvalidInputError, match=problem):
        SlackConfig.from_settings(_settings(**values), mode=mode)  # type: ignore[arg-type]


def test_events_route_is_mounted_only_when_slack_is_configured(
    tmp_path: object,
) -> None:
    plain = create_app(_settings())
    with_slack = create_app(
        _settings(
            slack_bot_token=SecretStr("xoxb-1"),
            slack_signing_secret=SecretStr("secret"),
        )
    )

    def paths(app: object) -> set[str]:
        return {getattr(r, "path", "") for r in app.routes}  # type: ignore[attr-defined]

    assert EVENTS_PATH not in paths(plain)
    assert EVENTS_PATH in paths(with_slack)


def test_socket_mode_requests_need_no_signature(
    make_bot: Callable[..., Bot], engine: Engine, mock_slack: MockSlack
) -> None:
    bot = make_bot(channel_accounts={"C0PUBLIC": frozenset({"A-1"})})
    app = create_bolt_app(
        bot.runtime,
        client=build_web_client("xoxb-test", mock_slack.url),
        socket_mode=True,
        executor=bot.executor,
    )

    response = app.dispatch(
        BoltRequest(body=json.loads(event_body(mention())), mode="socket_mode")
    )
    bot.drain()

    assert response.status == 200
    assert len(mock_slack.named("chat.postMessage")) == 1


def test_next_digest_run_is_today_or_tomorrow() -> None:
    at = parse_time("08:30")
    morning = datetime(2026, 6, 30, 7, 0, tzinfo=UTC)
    evening = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)

    assert next_run(morning, at) == datetime(2026, 6, 30, 8, 30, tzinfo=UTC)
    assert next_run(evening, at) == datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    assert at == time(8, 30, tzinfo=UTC)


def test_old_event_claims_are_forgotten(engine: Engine) -> None:
    assert claim_event(engine, "Ev-old", "app_mention")

    kept = forget_events(engine, datetime.now(UTC) - timedelta(days=1))
    gone = forget_events(engine, datetime.now(UTC) + timedelta(seconds=1))

    assert (kept, gone) == (0, 1)
    assert claim_event(engine, "Ev-old", "app_mention")


def test_follow_up_after_a_private_answer_is_answered(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot()  # the channel is cleared for no account: private answers
    dispatch(bot.app, event_body(mention()))
    bot.slack.wait_for("chat.postEphemeral")
    follow_up = {
        "type": "message",
        "user": CSM,
        "text": "and their renewal?",
        "ts": "1699999999.000300",
        "thread_ts": "1699999999.000100",
        "channel": "C0PUBLIC",
        "channel_type": "channel",
    }

    dispatch(bot.app, event_body(follow_up, event_id="Ev2"))
    bot.drain()

    assert len(bot.engine.asked) == 2
    assert len(bot.slack.named("chat.postEphemeral")) == 2
