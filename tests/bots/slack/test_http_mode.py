"""End to end over HTTP: a signed event to uvicorn, the answer on the mock Slack."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from bots.slack.limits import block_problems
from tests.bots.slack.conftest import Bot, FakeEngine, event_body, mention, sign
from tests.bots.slack.live_server import running

CLEARED = {"channel_accounts": {"C0PUBLIC": frozenset({"A-1"})}}


def test_signed_mention_gets_the_threaded_answer_after_the_ack(
    make_bot: Callable[..., Bot],
) -> None:
    # The engine takes a moment, as a real one does; the ack must not wait for it.
    bot = make_bot(FakeEngine(delay=0.3), **CLEARED)
    body = event_body(mention())

    with running(bot.app) as url:
        response = httpx.post(
            url,
            content=body,
            headers={"content-type": "application/json", **sign(body)},
        )
        acked_at = time.monotonic()
        [post] = bot.slack.wait_for("chat.postMessage")

    assert response.status_code == 200
    assert acked_at < post.at
    assert post.params["channel"] == "C0PUBLIC"
    assert post.params["thread_ts"] == "1699999999.000100"
    assert post.params["text"].startswith("Acme Corp. is **yellow** at 52 points")
    blocks = post.params["blocks"]
    assert block_problems(blocks) == []
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Acme Corp."},
    }
    assert blocks[1]["text"]["text"] == (
        "Acme Corp. is *yellow* at 52 points, down 8 since last period."
    )
    assert blocks[2]["fields"] == [
        {"type": "mrkdwn", "text": "*Health score*\n52"},
        {"type": "mrkdwn", "text": "*Change*\n-8"},
    ]
    assert [e["text"] for e in blocks[3]["elements"]] == [
        "1. `health_score`: score 52, yellow — data as of 2 days ago",
        "2. Renewal risk › Early signals — updated 10 days ago",
    ]
    labels = [
        e["text"]["text"]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert labels == [
        "For department head",
        "For end users",
        "For technical team",
        "Draft outreach",
        "Draft escalation",
        "Helpful",
        "Not helpful",
    ]


def test_unsigned_request_is_refused_over_http(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot(**CLEARED)
    body = event_body(mention())

    with running(bot.app) as url:
        response = httpx.post(
            url, content=body, headers={"content-type": "application/json"}
        )
        garbage = httpx.post(
            url,
            content=b"{oops",
            headers={"content-type": "application/json", **sign("{oops")},
        )
    bot.drain()

    assert response.status_code == 401
    assert garbage.status_code == 400
    assert bot.engine.asked == []
