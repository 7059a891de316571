"""Fixtures: a mock Slack Web API on loopback, a seeded team, signed requests."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltResponse
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant.answers import (
    AccountRef,
    Answer,
    AskContext,
    Figure,
    PassageEvidence,
    ToolEvidence,
)
from bots.slack.app import create_bolt_app
from bots.slack.client import build_web_client
from bots.slack.config import SlackConfig
from bots.slack.http import dispatch_raw
from bots.slack.runtime import SlackRuntime
from knowledge.models import Account, TeamMember
from tests.bots.slack.mock_slack import TEAM, MockSlack, serve
from tests.tools.book import small_model

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TODAY = date(2026, 6, 30)
CSM = "U0CSM"
DANA = "U0DANA"
STRANGER = "U0STRANGER"


@dataclass
class FakeEngine:
    """The assistant engine at the edge of the bot: records what it was asked."""

    text: str = "Acme Corp. is **yellow** at 52 points, down 8 since last period."
    error: Exception | None = None
    delay: float = 0.0
    asked: list[tuple[str, AskContext]] = field(default_factory=list)

    def __call__(self, question: str, context: AskContext) -> Answer:
        self.asked.append((question, context))
        if self.delay:
            time.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return Answer(
            question=question,
            status="answered",
            intent="status",
            text=self.text,
            accounts=[AccountRef(account_id="A-1", name="Acme Corp.")],
            audience=context.audience,
            as_of=TODAY,
            evidence=[
                ToolEvidence(
                    id="T1",
                    name="health_score",
                    arguments={"account": "A-1"},
                    summary="score 52, yellow",
                    as_of=date(2026, 6, 28),
                ),
                PassageEvidence(
                    id="P1",
                    document_id="playbook:renewal-risk",
                    chunk_id="playbook:renewal-risk#3",
                    version=1,
                    title="Renewal risk",
                    heading="Early signals",
                    snippet="…",
                    date=date(2026, 6, 20),
                ),
            ],
            figures=[
                Figure(label="Health score", value=52, text="52", evidence_id="T1"),
                Figure(label="Change", value=-8, text="-8", evidence_id="T1"),
            ],
            follow_ups=["Why did Acme Corp.'s health drop?"],
            thread_id=context.thread_id,
            asker=context.asker,
        )


@dataclass
class Bot:
    """A running bot wired to the mock Slack API."""

    app: App
    slack: MockSlack
    engine: FakeEngine
    runtime: SlackRuntime
    executor: ThreadPoolExecutor

    def drain(self) -> None:
        """Wait until every lazy listener has finished (the bot takes no more)."""
        self.executor.shutdown(wait=True)


def sign(
    body: str, timestamp: int | None = None, secret: str = SECRET
) -> dict[str, str]:
    """Headers Slack would send with ``body``."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    # None only comes back for a missing timestamp, and there always is one here.
    assert signature is not None
    return {"x-slack-request-timestamp": ts, "x-slack-signature": signature}


def event_body(event: dict[str, Any], event_id: str = "Ev1", **extra: Any) -> str:
    """An Events API envelope around ``event``."""
    payload = {
        "token": "legacy",
        "team_id": TEAM,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1700000000,
        "event": event,
        **extra,
    }
    return json.dumps(payload)


def mention(text: str = "<@UBOT> how is Acme doing?", **fields: Any) -> dict[str, Any]:
    """An app_mention event from the CSM in a public channel."""
    return {
        "type": "app_mention",
        "user": CSM,
        "text": text,
        "ts": "1699999999.000100",
        "channel": "C0PUBLIC",
        "channel_type": "channel",
        **fields,
    }


def dispatch(
    app: App, body: str, headers: dict[str, str] | None = None
) -> BoltResponse:
    """Send a signed request through the bolt app, as the HTTP adapter does."""
    kind = (
        "application/json"
        if body.startswith("{")
        else "application/x-www-form-urlencoded"
    )
    all_headers: dict[str, str | Sequence[str]] = {
        "content-type": kind,
        **sign(body),
        **(headers or {}),
    }
    return dispatch_raw(app, body, all_headers)


def form(payload: dict[str, Any]) -> str:
    """A form-encoded body (slash commands, interactivity)."""
    return urlencode(payload)


def seed_team(db: Engine) -> None:
    """A CSM known by email only, one known by Slack id, and their accounts."""
    with Session(db) as session:
        session.add_all(
            [
                TeamMember(email="csm@vendor.example", name="Casey", role="csm"),
                TeamMember(
                    email="dana@vendor.example",
                    name="Dana",
                    role="csm",
                    slack_user_id=DANA,
                ),
                Account(
                    account_id="A-1",
                    name="Acme Corp.",
                    segment="mid_market",
                    arr=120_000,
                    csm_email="csm@vendor.example",
                ),
            ]
        )
        session.commit()


@pytest.fixture
def mock_slack() -> Iterator[MockSlack]:
    """The Web API double, with the users it knows."""
    state = MockSlack(
        users={
            CSM: {"id": CSM, "profile": {"email": "csm@vendor.example"}},
            STRANGER: {"id": STRANGER, "profile": {"email": "someone@else.example"}},
        }
    )
    server = serve(state)
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def make_bot(engine: Engine, mock_slack: MockSlack) -> Iterator[Callable[..., Bot]]:
    """Build a bot on the parametrized database; keyword args tune the config."""
    seed_team(engine)
    executors: list[ThreadPoolExecutor] = []

    def build(fake: FakeEngine | None = None, **config: Any) -> Bot:
        fake = fake or FakeEngine()
        runtime = SlackRuntime(
            config=SlackConfig(
                bot_token="xoxb-test",
                signing_secret=SECRET,
                api_url=mock_slack.url,
                **config,
            ),
            db=engine,
            answer=fake,
            health_model=small_model,
            today=lambda: TODAY,
        )
        executor = ThreadPoolExecutor(max_workers=4)
        executors.append(executor)
        client = build_web_client("xoxb-test", mock_slack.url)
        app = create_bolt_app(runtime, client=client, executor=executor)
        return Bot(app, mock_slack, fake, runtime, executor)

    yield build
    for executor in executors:
        executor.shutdown(wait=True)
