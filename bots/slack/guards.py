"""Global middleware: drop other workspaces' and apps' requests, and repeats."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from sqlalchemy import Engine

from bots.slack.config import SlackConfig
from knowledge.queries.slack import claim_event, forget_events

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


def once_per_event(db: Engine) -> Middleware:
    """Let each Events API delivery through once, across retries and workers.

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
        # TODO: the claim is taken before the answer is posted, so a worker that
        # dies in between loses the event (Slack's retry is then deduplicated);
        # a claim with a lease, released on failure, would close that gap.
        if claim_event(db, event_id, event_type):
            return next()
        retry = (request.headers.get("x-slack-retry-num") or ["0"])[0]
        logger.info("skipped repeated event %s (retry %s)", event_id, retry)
        return _ignored()

    return middleware
