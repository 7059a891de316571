"""Global middleware: drop other workspaces' and apps' requests, and repeats.

Events are handled once through a lease: a delivery claims the event, the listener
marks it done, and only an unfinished claim older than the lease is taken over.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient
from sqlalchemy import Engine

from bots.slack.config import SlackConfig
from knowledge.queries.slack import (
    claim_event,
    finish_event,
    forget_events,
    take_over_event,
)

logger = logging.getLogger(__name__)

Middleware = Callable[..., BoltResponse | None]
CLEANUP_EVERY = 500
CLAIMS_KEPT = timedelta(days=2)


def _ignored() -> BoltResponse:
    # A 200 tells Slack the delivery arrived, so it is not retried.
    return BoltResponse(status=200, body="")


def _team_of(body: dict[str, Any]) -> str | None:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team) if team else None


def same_workspace(config: SlackConfig) -> Middleware:
    """Refuse requests for another workspace or another app.

    The expected workspace is ``config.team_id`` or, when unset, the bot
    token's own workspace (from ``auth.test``, cached by bolt).
    """

    def middleware(
        body: dict[str, Any],
        context: BoltContext,
        next: Callable[[], BoltResponse],  # noqa: A002 (bolt passes it by this name)
    ) -> BoltResponse | None:
        app_id = body.get("api_app_id")
        if config.app_id and app_id and app_id != config.app_id:
            logger.warning("dropped a request for another app: %s", app_id)
            return _ignored()
        team = _team_of(body)
        authorized = context.authorize_result
        expected = config.team_id or (authorized.team_id if authorized else None)
        if team and expected and team != expected:
            logger.warning("dropped a request from another workspace: %s", team)
            return _ignored()
        return next()

    return middleware


def once_per_event(db: Engine, lease: timedelta) -> Middleware:
    """Let each Events API delivery through once, across retries and workers.

    The first delivery claims the event; the listener that handles it marks it
    done (:func:`finishing`). A repeat is dropped, unless the claim is not done
    and older than ``lease``: the worker that took it died before answering, so
    this retry takes the event over.

    Claims older than two days are deleted now and then (about one request in
    ``CLEANUP_EVERY``): Slack stops retrying an event within the hour, so older
    claims only take space.
    """

    def middleware(
        body: dict[str, Any],
        request: BoltRequest,
        next: Callable[[], BoltResponse],  # noqa: A002 (bolt passes it by this name)
    ) -> BoltResponse | None:
        event_id = body.get("event_id")
        if body.get("type") != "event_callback" or not isinstance(event_id, str):
            return next()
        event_type = str((body.get("event") or {}).get("type") or "")
        if secrets.randbelow(CLEANUP_EVERY) == 0:
            forget_events(db, datetime.now(UTC) - CLAIMS_KEPT)
        if claim_event(db, event_id, event_type):
            return next()

        retry = (request.headers.get("x-slack-retry-num") or ["0"])[0]
        if take_over_event(db, event_id, lease):
            logger.warning(
                "took over event %s, claimed over %ds ago and never answered "
                "(retry %s)",
                event_id,
                lease.total_seconds(),
                retry,
            )
            return next()
        logger.info("skipped repeated event %s (retry %s)", event_id, retry)
        return _ignored()

    return middleware


EventListener = Callable[[dict[str, Any], WebClient, BoltContext], None]


def finishing(db: Engine, listener: EventListener) -> Callable[..., None]:
    """A lazy event listener that marks its event done once it has returned.

    A listener that raises, or a worker that dies, leaves the claim open: when
    its lease has run out, Slack's next retry takes the event over.
    """

    # Not functools.wraps: bolt reads the arguments to pass from the unwrapped
    # function, and this one needs ``body`` too.
    def run(
        body: dict[str, Any],
        event: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        listener(event, client, context)
        event_id = body.get("event_id")
        if isinstance(event_id, str):
            finish_event(db, event_id)

    run.__name__ = getattr(listener, "__name__", run.__name__)
    return run
