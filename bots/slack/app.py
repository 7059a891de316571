"""The bolt app: verified requests, guards, listeners; one per process."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bots.slack.actions import Actions
from bots.slack.channels import ChannelTypes
from bots.slack.client import build_web_client
from bots.slack.commands import Commands
from bots.slack.conversations import Conversations
from bots.slack.guards import once_per_event, same_workspace
from bots.slack.identity import IdentityResolver
from bots.slack.runtime import SlackRuntime

logger = logging.getLogger(__name__)

# Answers run here after the ack; each may wait on the engine (or an LLM) for
# seconds, so the pool is wider than bolt's default of five.
LISTENER_THREADS = 16


def create_bolt_app(
    runtime: SlackRuntime,
    *,
    client: WebClient | None = None,
    socket_mode: bool = False,
    executor: Executor | None = None,
) -> App:
    """The Slack app for this runtime.

    HTTP requests are verified with the signing secret; bolt refuses bad
    signatures and timestamps more than five minutes old. Socket Mode
    requests arrive over the authenticated websocket and carry no signature.

    Args:
        runtime: Config, database and the answer function.
        client: A ready Web API client (default: one for ``config.api_url``).
        socket_mode: True when the app will run behind Socket Mode.
        executor: Runs the lazy listeners (default: bolt's thread pool).
    """
    config = runtime.config
    client = client or build_web_client(config.bot_token, config.api_url)
    app = App(
        client=client,
        signing_secret=config.signing_secret,
        request_verification_enabled=not socket_mode,
        # auth.test runs on the first request instead of at import, so that the
        # API process starts even while Slack is unreachable.
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
        ignoring_self_events_enabled=True,
        logger=logging.getLogger("bots.slack.bolt"),
        listener_executor=executor
        or ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="slack"),
    )
    app.use(same_workspace(config))
    app.use(once_per_event(runtime.db, timedelta(seconds=config.event_lease_seconds)))

    identity = IdentityResolver(runtime.db)
    Conversations(runtime, identity).register(app)
    Commands(runtime, identity).register(app)
    Actions(runtime, identity, ChannelTypes()).register(app)

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
        logger.error(
            "slack request failed: %s (%s)",
            type(error).__name__,
            body.get("type") if isinstance(body, dict) else "?",
        )
        # A 200 stops Slack from retrying a request that fails the same way.
        return BoltResponse(status=200, body="")

    return app
