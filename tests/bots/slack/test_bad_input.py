"""Odd and hostile input: handled clearly, never a crash, never a loop."""

from __future__ import annotations

from collections.abc import Callable

from bots.slack.conversations import FILES_NOT_READ, FILES_ONLY, HELP_HINT
from tests.bots.slack.conftest import CSM, Bot, dispatch, event_body, mention
from tests.bots.slack.mock_slack import BOT_ID, BOT_USER

CLEARED = {"channel_accounts": {"C0PUBLIC": frozenset({"A-1"})}}


def _run(bot: Bot, body: str) -> int:
    status = dispatch(bot.app, body).status
    bot.drain()
    return status


def test_event_from_another_workspace_is_dropped(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot(**CLEARED)

    status = _run(bot, event_body(mention()).replace('"T0TEAM"', '"T0OTHER"'))

    assert status == 200
    assert bot.engine.asked == []
    assert bot.slack.named("chat.postMessage") == []


def test_event_for_another_app_is_dropped(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot(app_id="A0MINE", **CLEARED)

    status = _run(bot, event_body(mention()))

    assert status == 200
    assert bot.engine.asked == []


def test_the_bots_own_messages_are_never_answered(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()
    own = {
        "type": "message",
        "user": BOT_USER,
        "bot_id": BOT_ID,
        "text": "How is Acme doing?",
        "ts": "1.1",
        "channel": "D0CSM",
        "channel_type": "im",
    }
    other_bot = {**own, "user": "U0OTHERBOT", "bot_id": "B0OTHER", "ts": "1.2"}

    _run(bot, event_body(own))
    bot2 = make_bot()
    _run(bot2, event_body(other_bot, event_id="Ev2"))

    assert bot.engine.asked == []
    assert bot2.engine.asked == []
    assert bot.slack.named("chat.postMessage") == []


def test_edited_and_deleted_messages_are_ignored(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "D0CSM",
        "channel_type": "im",
        "ts": "1.3",
        "message": {"user": CSM, "text": "How is Acme doing now?", "ts": "1.1"},
    }
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": "D0CSM",
        "channel_type": "im",
        "ts": "1.4",
        "deleted_ts": "1.1",
    }

    statuses = [_run(bot, event_body(edited))]
    bot = make_bot()
    statuses.append(_run(bot, event_body(deleted, event_id="Ev2")))

    assert statuses == [200, 200]
    assert bot.engine.asked == []
    assert bot.slack.named("chat.postMessage") == []


def test_mention_without_text_gets_help(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()

    _run(bot, event_body(mention(text="<@UBOT>  ")))

    [post] = bot.slack.named("chat.postMessage")
    assert post.params["text"] == HELP_HINT
    assert bot.engine.asked == []


def test_files_without_text_are_explained(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()
    upload = mention(text="<@UBOT>", files=[{"id": "F1", "mimetype": "image/png"}])

    _run(bot, event_body(upload))

    [post] = bot.slack.named("chat.postMessage")
    assert post.params["text"] == FILES_ONLY


def test_files_with_a_question_answer_the_text_and_say_so(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot(**CLEARED)
    upload = mention(
        files=[{"id": "F1", "mimetype": "image/png"}], subtype="file_share"
    )

    _run(bot, event_body(upload))

    [post] = bot.slack.named("chat.postMessage")
    assert FILES_NOT_READ in str(post.params["blocks"])
    assert len(bot.engine.asked) == 1


def test_forty_thousand_character_message_is_refused_politely(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot()

    _run(bot, event_body(mention(text="<@UBOT> " + "a" * 40_000)))

    [post] = bot.slack.named("chat.postMessage")
    assert "40,000 characters" in post.params["text"]
    assert len(post.params["text"]) < 500
    assert bot.engine.asked == []


def test_malformed_payloads_do_not_crash(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot()
    bodies = [
        "{not json",
        '{"type": "event_callback", "team_id": "T0TEAM", "event_id": "Ev9"}',
        '{"type": "event_callback", "team_id": "T0TEAM", "event": "text"}',
        event_body({"type": "app_mention", "text": "<@UBOT> hi"}, event_id="Ev10"),
        "payload=%7Bbroken",
    ]

    statuses = [dispatch(bot.app, body).status for body in bodies]
    bot.drain()

    assert all(s < 500 for s in statuses)
    assert bot.engine.asked == []


def test_slack_api_error_is_logged_once_without_a_loop(
    make_bot: Callable[..., Bot],
) -> None:
    bot = make_bot(**CLEARED)
    bot.slack.errors["chat.postMessage"] = "channel_not_found"
    bot.slack.errors["reactions.add"] = "already_reacted"

    status = _run(bot, event_body(mention()))

    assert status == 200
    assert len(bot.slack.named("chat.postMessage")) == 1


def test_rate_limited_post_is_retried_not_dropped(make_bot: Callable[..., Bot]) -> None:
    bot = make_bot(**CLEARED)
    bot.slack.rate_limited["chat.postMessage"] = 2

    _run(bot, event_body(mention()))

    posts = bot.slack.named("chat.postMessage")
    assert len(posts) == 3
    assert posts[0].params == posts[2].params
