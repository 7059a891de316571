"""``csm slack``: run the Slack bot over HTTP or Socket Mode, and send digests."""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from bots.cli.common import settings

app = typer.Typer(
    help="Run the Slack bot (HTTP by default, --socket for Socket Mode).",
    invoke_without_command=True,
)


@app.callback()
def slack(
    ctx: typer.Context,
    socket: Annotated[
        bool, typer.Option("--socket", help="Socket Mode: no public URL needed.")
    ] = False,
    host: Annotated[str | None, typer.Option(help="Default: CSM_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: CSM_PORT.")] = None,
) -> None:
    """Serve the bot: the HTTP API plus /slack/events, or a Socket Mode connection."""
    if ctx.invoked_subcommand is not None:
        return
    if socket:
        _run_socket_mode()
        return
    import uvicorn

    config = settings()
    uvicorn.run(
        "bots.slack.http:create_app",
        factory=True,
        host=host or config.host,
        port=port or config.port,
        workers=config.workers,
        log_config=None,
        # Our own middleware logs each request; uvicorn's line would repeat query
        # strings (tokens pasted into URLs) and client addresses.
        access_log=False,
    )


def _run_socket_mode() -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bots.slack.app import create_bolt_app
    from bots.slack.digest import send_digests
    from bots.slack.schedule import parse_time, start_daily
    from bots.slack.wiring import build_runtime

    config = settings()
    runtime = build_runtime(config, mode="socket")
    bolt = create_bolt_app(runtime, socket_mode=True)
    if config.slack_digest_time:
        start_daily(
            parse_time(config.slack_digest_time),
            lambda: send_digests(runtime, bolt.client),
        )
    print("Slack bot connected over Socket Mode; Ctrl-C stops it.")
    # TODO: Socket Mode is tested by dispatching socket-mode requests to the app,
    # not over a real websocket; slack-sdk's client owns that connection.
    handler = SocketModeHandler(bolt, runtime.config.app_token)
    # slack_bolt leaves start() unannotated.
    handler.start()  # type: ignore[no-untyped-call]


@app.command("digest")
def digest(
    schedule: Annotated[
        bool,
        typer.Option(
            "--schedule", help="Keep running and send daily at CSM_SLACK_DIGEST_TIME."
        ),
    ] = False,
) -> None:
    """Send each CSM today's digest by DM (once per day, new items only)."""
    from bots.slack.client import build_web_client
    from bots.slack.digest import send_digests
    from bots.slack.schedule import parse_time, run_daily
    from bots.slack.wiring import build_runtime

    config = settings()
    runtime = build_runtime(config, mode="client")
    client = build_web_client(runtime.config.bot_token, runtime.config.api_url)
    if not schedule:
        run = send_digests(runtime, client)
        print(
            f"sent {len(run.sent)}, nothing new for {len(run.nothing_new)}, "
            f"skipped {len(run.skipped)}, failed {len(run.failed)}"
        )
        if run.failed:
            raise typer.Exit(5)
        return
    if not config.slack_digest_time:
        raise typer.BadParameter("set CSM_SLACK_DIGEST_TIME (HH:MM, UTC) first")
    print(f"Sending digests daily at {config.slack_digest_time} UTC; Ctrl-C stops.")
    run_daily(
        parse_time(config.slack_digest_time),
        lambda: send_digests(runtime, client),
        threading.Event(),
    )
