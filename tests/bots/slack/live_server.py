"""The bot behind a real uvicorn server on loopback (HTTP mode end to end)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI
from slack_bolt import App

from bots.slack.http import EVENTS_PATH, mount_slack


@contextmanager
def running(bolt: App) -> Iterator[str]:
    """Serve ``bolt`` at /slack/events; yields the endpoint URL."""
    api = FastAPI()
    mount_slack(api, bolt)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(api, log_config=None, lifespan="off"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True
    )
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}{EVENTS_PATH}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
