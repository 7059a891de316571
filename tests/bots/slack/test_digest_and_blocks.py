"""Daily digests and answer rendering within Slack's limits."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from assistant.answers import AccountRef, Answer, Figure
from bots.slack.blocks import render_answer
from bots.slack.client import build_web_client
from bots.slack.config import SlackConfig
from bots.slack.digest import digest_items, send_digests
from bots.slack.limits import block_problems
from bots.slack.runtime import SlackRuntime
from knowledge.models import TeamMember
from tests.bots.slack.mock_slack import MockSlack
from tests.tools.book import AS_OF, build_book, small_model


def _digest_runtime(engine: Engine, url: str, **config: int) -> SlackRuntime:
    return SlackRuntime(
        config=SlackConfig(bot_token="xoxb-test", api_url=url, **config),  # type: ignore[arg-type]
        db=engine,
        answer=lambda q, c: (_ for _ in ()).throw(AssertionError("not used")),
        health_model=small_model,
        today=lambda: AS_OF,
    )


def _seed(engine: Engine) -> None:
    build_book(engine)
    with Session(engine) as session:
        session.add(
            TeamMember(
                email="dana@vendor.example",
                name="Dana",
                role="csm",
                slack_user_id="U0DANA",
            )
        )
        session.add(TeamMember(email="lee@vendor.example", name="Lee", role="csm"))
        session.commit()


def test_digest_is_sent_once_capped_and_not_repeated_unchanged(
    engine: Engine, mock_slack: MockSlack
) -> None:
    _seed(engine)
    runtime = _digest_runtime(engine, mock_slack.url, digest_max_items=1)
    client: WebClient = build_web_client("xoxb-test", mock_slack.url)
    items = digest_items(runtime, "dana@vendor.example", AS_OF)
    assert len(items) >= 2  # Acme has several flags; the cap must cut

    first = send_digests(runtime, client)
    again_today = send_digests(runtime, client)
    runtime.today = lambda: AS_OF + timedelta(days=1)
    next_day = send_digests(runtime, client)

    assert first.sent == ["dana@vendor.example"]
    assert "lee@vendor.example" in first.nothing_new + first.skipped
    [post] = mock_slack.named("chat.postMessage")[:1]
    assert post.params["channel"] == "DU0DANA"
    assert block_problems(post.params["blocks"]) == []
    text = str(post.params["blocks"])
    assert items[0].text.split("*")[1] in text
    assert f"and {len(items) - 1} more" in text
    assert again_today.sent == []
    # The day after, only the items not sent yesterday go out.
    assert next_day.sent == ["dana@vendor.example"]
    second = mock_slack.named("chat.postMessage")[1]
    assert items[0].text not in str(second.params["blocks"])
    assert len(mock_slack.named("chat.postMessage")) == 2


def test_digest_failure_is_reported_and_can_be_retried(
    engine: Engine, mock_slack: MockSlack
) -> None:
    _seed(engine)
    runtime = _digest_runtime(engine, mock_slack.url)
    client = build_web_client("xoxb-test", mock_slack.url)
    mock_slack.errors["chat.postMessage"] = "not_allowed_token_type"

    failed = send_digests(runtime, client)
    del mock_slack.errors["chat.postMessage"]
    retried = send_digests(runtime, client)

    assert failed.failed == ["dana@vendor.example"]
    assert retried.sent == ["dana@vendor.example"]


def _answer(text: str) -> Answer:
    return Answer(
        question="q",
        status="answered",
        intent="status",
        text=text,
        accounts=[AccountRef(account_id="A-1", name="A" * 300)],
    )


def test_long_answer_continues_in_the_thread_within_limits() -> None:
    text = "\n\n".join(f"Paragraph {i}: " + "word " * 300 for i in range(8))

    rendered = render_answer(_answer(text), "r" * 32, AS_OF)

    assert block_problems(rendered.blocks) == []
    assert rendered.continuation
    assert rendered.file_text is None
    assert len(rendered.blocks[0]["text"]["text"]) == 150


def test_very_long_answer_becomes_a_file() -> None:
    rendered = render_answer(_answer("x " * 30_000), "r" * 32, AS_OF)

    assert rendered.file_text is not None
    assert block_problems(rendered.blocks) == []


def test_markdown_is_escaped_so_notes_cannot_ping_everyone() -> None:
    rendered = render_answer(
        _answer("**Risk** <!channel> see [doc](https://x.example)"), "r", AS_OF
    )

    section = rendered.blocks[1]["text"]["text"]
    assert section == "*Risk* &lt;!channel&gt; see <https://x.example|doc>"


def test_figures_are_capped_at_one_section_of_ten_fields() -> None:
    answer = _answer("Many numbers.").model_copy(
        update={
            "figures": [
                Figure(label=f"f{i}", value=i, text=str(i), evidence_id="T1")
                for i in range(23)
            ]
        }
    )

    rendered = render_answer(answer, "r", AS_OF)

    [section] = [b for b in rendered.blocks if "fields" in b]
    assert [f["text"] for f in section["fields"]] == [f"*f{i}*\n{i}" for i in range(10)]
