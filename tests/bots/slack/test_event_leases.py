"""Event claims are leases: a retry takes over an unanswered claim once it expires."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from knowledge.models.slack import SlackEvent
from knowledge.queries.slack import (
    claim_event,
    finish_event,
    take_over_event,
)
from tests.bots.slack.conftest import Bot, dispatch, event_body, mention

CLEARED = {"channel_accounts": {"C0PUBLIC": frozenset({"A-1"})}}
RETRY = {"x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout"}
LONG_AGO = timedelta(minutes=10)


def _done_at(engine: Engine, event_id: str) -> datetime | None:
    with Session(engine) as session:
        row = session.get(SlackEvent, event_id)
        assert row is not None
        return row.done_at


def _claimed_by_a_dead_worker(engine: Engine, event_id: str, ago: timedelta) -> None:
    # The worker claimed the event, then died before answering: no done mark.
    assert claim_event(engine, event_id, "app_mention", now=datetime.now(UTC) - ago)


def test_a_retry_after_the_lease_answers_an_event_its_worker_never_answered(
    make_bot: Callable[..., Bot], engine: Engine
) -> None:
    _claimed_by_a_dead_worker(engine, "Ev1", LONG_AGO)
    bot = make_bot(**CLEARED)

    response = dispatch(bot.app, event_body(mention()), RETRY)
    bot.drain()

    assert response.status == 200
    assert len(bot.engine.asked) == 1
    assert len(bot.slack.named("chat.postMessage")) == 1
    assert _done_at(engine, "Ev1") is not None


def test_a_retry_within_the_lease_is_not_answered(
    make_bot: Callable[..., Bot], engine: Engine
) -> None:
    _claimed_by_a_dead_worker(engine, "Ev1", timedelta(0))
    bot = make_bot(**CLEARED)

    response = dispatch(bot.app, event_body(mention()), RETRY)
    bot.drain()

    assert response.status == 200
    assert bot.engine.asked == []
    assert bot.slack.named("chat.postMessage") == []
    assert _done_at(engine, "Ev1") is None


def test_the_lease_is_the_configured_one(
    make_bot: Callable[..., Bot], engine: Engine
) -> None:
    _claimed_by_a_dead_worker(engine, "Ev1", LONG_AGO)
    bot = make_bot(event_lease_seconds=3600, **CLEARED)

    dispatch(bot.app, event_body(mention()), RETRY)
    bot.drain()

    assert bot.engine.asked == []


def test_an_answered_event_is_never_answered_again(
    make_bot: Callable[..., Bot], engine: Engine
) -> None:
    first = make_bot(**CLEARED)
    dispatch(first.app, event_body(mention()))
    first.drain()
    # Long after the lease, another worker gets Slack's retry of the same event.
    with Session(engine) as session:
        session.execute(
            update(SlackEvent).values(claimed_at=datetime.now(UTC) - LONG_AGO)
        )
        session.commit()
    second = make_bot(**CLEARED)

    dispatch(second.app, event_body(mention()), RETRY)
    second.drain()

    assert len(first.engine.asked) == 1
    assert second.engine.asked == []
    assert len(first.slack.named("chat.postMessage")) == 1


def test_an_expired_claim_goes_to_one_taker_only(engine: Engine) -> None:
    _claimed_by_a_dead_worker(engine, "Ev1", LONG_AGO)
    lease = timedelta(minutes=2)

    first = take_over_event(engine, "Ev1", lease)
    second = take_over_event(engine, "Ev1", lease)

    assert (first, second) == (True, False)


def test_a_done_claim_is_not_taken_over(engine: Engine) -> None:
    _claimed_by_a_dead_worker(engine, "Ev1", LONG_AGO)
    finish_event(engine, "Ev1")

    assert not take_over_event(engine, "Ev1", timedelta(seconds=1))
