"""The bot with the real assistant engine, over HTTP, against the mock Slack API."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant.answers import Answer, AskContext
from assistant.container import Services
from assistant.engine import Assistant
from assistant.settings import Settings
from bots.slack.app import create_bolt_app
from bots.slack.client import build_web_client
from bots.slack.config import SlackConfig
from bots.slack.limits import block_problems
from bots.slack.runtime import SlackRuntime
from knowledge.models import TeamMember
from tests.bots.slack.conftest import SECRET, event_body, mention, sign
from tests.bots.slack.live_server import running
from tests.bots.slack.mock_slack import MockSlack
from tests.tools.book import AS_OF, build_book, small_model


@pytest.mark.slow
def test_real_engine_answer_reaches_the_thread(
    sqlite_engine: Engine, mock_slack: MockSlack, tmp_path: Path
) -> None:
    build_book(sqlite_engine)
    with Session(sqlite_engine) as session:
        session.add(
            TeamMember(
                email="dana@vendor.example",
                name="Dana",
                role="csm",
                slack_user_id="U0DANA",
            )
        )
        session.commit()
    settings = Settings(
        database_url=str(sqlite_engine.url), chroma_path=tmp_path / "chroma"
    )
    assistant = Assistant(Services(settings, engine=sqlite_engine))
    answers: list[Answer] = []

    def answer(question: str, context: AskContext) -> Answer:
        # The hand-built book ends on AS_OF; the clock is the test's input.
        result = assistant.answer(question, context.model_copy(update={"as_of": AS_OF}))
        answers.append(result)
        return result

    runtime = SlackRuntime(
        config=SlackConfig(
            bot_token="xoxb-test",
            signing_secret=SECRET,
            api_url=mock_slack.url,
            channel_accounts={"C0PUBLIC": frozenset({"A-1"})},
        ),
        db=sqlite_engine,
        answer=answer,
        health_model=small_model,
        today=lambda: AS_OF,
    )
    app = create_bolt_app(runtime, client=build_web_client("xoxb-test", mock_slack.url))
    body = event_body(mention(text="<@UBOT> How is Acme Corp. doing?", user="U0DANA"))

    with running(app) as url:
        response = httpx.post(
            url,
            content=body,
            headers={"content-type": "application/json", **sign(body)},
        )
        [post] = mock_slack.wait_for("chat.postMessage", timeout=120)

    assert response.status_code == 200
    [result] = answers
    assert result.status == "answered"
    assert [a.account_id for a in result.accounts] == ["A-1"]
    assert post.params["thread_ts"] == "1699999999.000100"
    blocks = post.params["blocks"]
    assert block_problems(blocks) == []
    assert blocks[0]["text"]["text"] == "Acme Corp."
    shown = [f["text"] for b in blocks for f in b.get("fields", [])]
    assert shown[0] == f"*{result.figures[0].label}*\n{result.figures[0].text}"
