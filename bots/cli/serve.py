"""``csm serve``: run the HTTP API with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from bots.cli.common import settings


def serve(
    host: Annotated[str | None, typer.Option(help="Default: CSM_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: CSM_PORT.")] = None,
    workers: Annotated[int | None, typer.Option(help="Default: CSM_WORKERS.")] = None,
) -> None:
    """Serve the HTTP API (docs at /docs), and /slack/events when Slack is set up."""
    import uvicorn

    config = settings()
    uvicorn.run(
        "bots.slack.http:create_app",
        factory=True,
        host=host or config.host,
        port=port or config.port,
        workers=workers or config.workers,
        log_config=None,
        # Our own middleware logs each request; uvicorn's line would repeat query
        # strings (tokens pasted into URLs) and client addresses.
        access_log=False,
    )
