"""HTTP mode: the Events API and interactivity endpoint at ``/slack/events``."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from fastapi import FastAPI, Request, Response
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.starlette.handler import to_starlette_response
from starlette.concurrency import run_in_threadpool

from assistant.api.app import create_app as create_api_app
from assistant.container import Services
from assistant.metrics import observe_slack_ack
from assistant.settings import Settings, load_settings
from bots.slack.app import create_bolt_app
from bots.slack.digest import send_digests
from bots.slack.schedule import parse_time, start_daily
from bots.slack.wiring import build_runtime

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def slack_enabled(settings: Settings) -> bool:
    """True when both the bot token and the signing secret are set."""
    return bool(settings.slack_bot_token and settings.slack_signing_secret)


def dispatch_raw(
    bolt: App, body: str, headers: dict[str, str | Sequence[str]]
) -> BoltResponse:
    """Hand one raw HTTP request to bolt; an unparsable body is a 400, not a crash."""
    try:
        request = BoltRequest(body=body, headers=headers)
    except ValueError:
        logger.warning("refused a slack request whose body does not parse")
        return BoltResponse(status=400, body="malformed payload")
    return bolt.dispatch(request)


def mount_slack(api: FastAPI, bolt: App, path: str = EVENTS_PATH) -> None:
    """Serve ``bolt`` at ``path`` (POST) on the FastAPI app.

    Dispatch runs in the thread pool: it verifies the signature, claims the
    event in the database and acks, and must not block the event loop.
    """

    @api.post(path, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        body = (await request.body()).decode("utf-8", errors="replace")
        headers: dict[str, str | Sequence[str]] = dict(request.headers)
        started = time.perf_counter()
        bolt_response = await run_in_threadpool(dispatch_raw, bolt, body, headers)
        observe_slack_ack(time.perf_counter() - started)
        return to_starlette_response(bolt_response)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The HTTP API, plus ``/slack/events`` when Slack is configured."""
    settings = settings or load_settings()
    if not slack_enabled(settings):
        return create_api_app(settings)
    # One set of services (database pool, embedding model) serves both the API
    # and the bot; the API's lifespan warms it up.
    services = Services.from_settings(settings)
    api = create_api_app(settings, services=services)
    runtime = build_runtime(settings, services=services)
    bolt = create_bolt_app(runtime)
    mount_slack(api, bolt)
    logger.info("slack events served at %s", EVENTS_PATH)
    if settings.slack_digest_time:
        # Every worker schedules it; the per-CSM daily claim sends it once.
        start_daily(
            parse_time(settings.slack_digest_time),
            lambda: send_digests(runtime, bolt.client),
        )
    return api
