"""Mentions, DMs and follow-ups: answered once, in the thread, by the asker's rights."""

from __future__ import annotations

import threading
from collections.abc import Callable

from bots.slack.errors import SOMETHING_WENT_WRONG, UNKNOWN_USER
from bots.slack.limits import block_problems
from tests.bots.slack.conftest import (
    CSM,
    STRANGER,
    Bot,
    FakeEngine,
    dispatch,
    event_body,
    mention,
)

THREAD = "1699999999.000100"
CLEARED = {"channel_accounts": {"C0PUBLIC": frozenset({"A-1"})}}


def test_mention_is_answered_in_its_thread(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot(**CLEARED)

    response = dispatch(bot.app, event_body(mention()))
    bot.drain()

    assert response.status == 200
    [post] = bot.slack.named("chat.postMessage")
    assert post.params["channel"] == "C0PUBLIC"
    assert post.params["thread_ts"] == THREAD
    assert block_problems(post.params["blocks"]) == []
    question, context = bot.engine.asked[0]
    assert question == "how is Acme doing?"
    assert context.asker == "csm@vendor.example"
    assert context.thread_id == f"slack:C0PUBLIC:{THREAD}"
    [reaction] = bot.slack.named("reactions.add")
    assert reaction.params["name"] == "eyes"
    assert reaction.at <= post.at


def test_follow_up_in_the_thread_is_answered_with_the_same_conversation(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot(**CLEARED)
    dispatch(bot.app, event_body(mention()))
    bot.slack.wait_for("chat.postMessage")
    follow_up = {
        "type": "message",
        "user": CSM,
        "text": "and their renewal?",
        "ts": "1699999999.000300",
        "thread_ts": THREAD,
        "channel": "C0PUBLIC",
        "channel_type": "channel",
    }

    dispatch(bot.app, event_body(follow_up, event_id="Ev2"))
    bot.drain()

    assert [q for q, _ in bot.engine.asked] == [
        "how is Acme doing?",
        "and their renewal?",
    ]
    assert {c.thread_id for _, c in bot.engine.asked} == {f"slack:C0PUBLIC:{THREAD}"}
    assert [p.params["thread_ts"] for p in bot.slack.named("chat.postMessage")] == [
        THREAD,
        THREAD,
    ]


def test_message_in_a_thread_without_the_bot_is_ignored(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot(**CLEARED)
    chatter = {
        "type": "message",
        "user": CSM,
        "text": "lunch?",
        "ts": "1.2",
        "thread_ts": "1.1",
        "channel": "C0PUBLIC",
        "channel_type": "channel",
    }

    dispatch(bot.app, event_body(chatter))
    bot.drain()

    assert bot.engine.asked == []
    assert bot.slack.named("chat.postMessage") == []


def test_message_mentioning_the_bot_is_left_to_the_mention_event(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot(**CLEARED)
    dispatch(bot.app, event_body(mention()))
    bot.slack.wait_for("chat.postMessage")
    duplicate = {**mention(), "type": "message", "thread_ts": THREAD, "ts": "1.9"}

    dispatch(bot.app, event_body(duplicate, event_id="Ev2"))
    bot.drain()

    assert len(bot.engine.asked) == 1


def test_direct_message_is_answered_at_the_top_level(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot()
    dm = {
        "type": "message",
        "user": CSM,
        "text": "How is Acme doing?",
        "ts": "1.5",
        "channel": "D0CSM",
        "channel_type": "im",
    }

    dispatch(bot.app, event_body(dm))
    bot.drain()

    [post] = bot.slack.named("chat.postMessage")
    assert post.params["channel"] == "D0CSM"
    assert "thread_ts" not in post.params
    assert bot.engine.asked[0][1].thread_id == "slack:D0CSM"


def test_retried_event_is_answered_once(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot(**CLEARED)
    body = event_body(mention())

    first = dispatch(bot.app, body)
    retry = dispatch(
        bot.app,
        body,
        {"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"},
    )
    bot.drain()

    assert (first.status, retry.status) == (200, 200)
    assert len(bot.slack.named("chat.postMessage")) == 1
    assert len(bot.engine.asked) == 1


def test_same_event_on_two_workers_is_answered_once(
    make_bot: Callable[..., Bot],
) -> None:
    workers = [make_bot(**CLEARED), make_bot(**CLEARED)]
    body = event_body(mention())
    start = threading.Barrier(2)

    def deliver(bot: Bot) -> None:
        start.wait()
        dispatch(bot.app, body)

    threads = [threading.Thread(target=deliver, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in workers:
        worker.drain()

    assert len(workers[0].slack.named("chat.postMessage")) == 1
    assert sum(len(w.engine.asked) for w in workers) == 1


def test_unknown_user_gets_an_explanation_and_no_data(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot(**CLEARED)

    dispatch(bot.app, event_body(mention(user=STRANGER)))
    bot.drain()

    [post] = bot.slack.named("chat.postMessage")
    assert post.params["text"] == UNKNOWN_USER
    assert "52" not in str(post.params)
    assert bot.engine.asked == []


def test_figures_for_an_uncleared_public_channel_go_in_an_ephemeral_reply(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot()  # C0PUBLIC is cleared for no account

    dispatch(bot.app, event_body(mention()))
    bot.drain()

    [notice] = bot.slack.named("chat.postMessage")
    [private] = bot.slack.named("chat.postEphemeral")
    assert "privately" in notice.params["text"]
    assert "52" not in str(notice.params)
    assert private.params["user"] == CSM
    assert private.params["thread_ts"] == THREAD
    fields = [b for b in private.params["blocks"] if "fields" in b]
    assert "*Health score*\n52" in [f["text"] for f in fields[0]["fields"]]


def test_private_channel_gets_the_answer_in_the_thread(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot()

    dispatch(bot.app, event_body(mention(channel="G0PRIV", channel_type="group")))
    bot.drain()

    assert len(bot.slack.named("chat.postMessage")) == 1
    assert bot.slack.named("chat.postEphemeral") == []


def test_engine_failure_is_reported_without_a_crash(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot(FakeEngine(error=RuntimeError("boom")), **CLEARED)

    response = dispatch(bot.app, event_body(mention()))
    bot.drain()

    assert response.status == 200
    [post] = bot.slack.named("chat.postMessage")
    assert post.params["text"] == SOMETHING_WENT_WRONG
