"""Request ids, Prometheus request counts and latency, the request log line, and
``GET /metrics``.

The answering metrics (stages, tool calls, searches, fallbacks, Slack acks) live in
``assistant/metrics.py``, so the engine does not depend on the HTTP layer.

With several worker processes (``CSM_WORKERS`` > 1) set ``PROMETHEUS_MULTIPROC_DIR``
to an empty, writable folder so that ``/metrics`` adds up every worker.
"""

from __future__ import annotations

import logging
import os
import time
import uuid

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

_UNMATCHED = "unmatched"
"""Route label for paths no route serves, so scanners cannot explode label counts."""

HTTP_REQUESTS = Counter(
    "csm_http_requests_total",
    "HTTP requests by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "csm_http_request_duration_seconds",
    "HTTP request latency by method, route template and status.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)


def _route_template(scope: Scope) -> str:
    """The path template (``/accounts/{account_id}``), never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else _UNMATCHED


def _registry() -> CollectorRegistry:
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    return REGISTRY


_MAX_REQUEST_ID = 128


class RequestObservation:
    """ASGI middleware: each request's id, its metrics and its log line.

    The id is the caller's ``X-Request-ID`` when sent (up to 128 printable
    characters), else a new one; it is kept in ``request.state.request_id``
    (problem bodies quote it) and returned as the ``x-request-id`` header.
    Every request is counted and timed by route template; a request that was
    answered gets one log line with its method, path (never the query string),
    status and milliseconds. Plain ASGI rather than ``@app.middleware``: no task
    and no stream per request, and the time covers streamed responses whole.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = _header(scope, b"x-request-id") or ""
        usable = 0 < len(sent) <= _MAX_REQUEST_ID and sent.isprintable()
        request_id = sent if usable else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["x-request-id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            labels = {
                "method": scope["method"],
                "route": _route_template(scope),
                "status": str(status),
            }
            HTTP_REQUESTS.labels(**labels).inc()
            HTTP_LATENCY.labels(**labels).observe(elapsed)
        logger.info(
            "%s %s %d %.1fms",
            scope["method"],
            scope["path"],
            status,
            elapsed * 1000,
            extra={"request_id": request_id},
        )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def install_observability(app: FastAPI) -> None:
    """Ids, metrics and a log line for every request; ``GET /metrics``.

    Call it after every other middleware is added: it must be the outermost, so
    that every response carries the id and is counted.
    """
    app.add_middleware(RequestObservation)

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Prometheus metrics of this process (or of every worker).",
        response_class=Response,
    )
    def metrics() -> Response:
        return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)
