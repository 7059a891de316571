"""Build the FastAPI application: stores open once per worker, in the lifespan."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from assistant.api.observability import install_metrics
from assistant.api.problems import install_problem_handlers, problem
from assistant.logging_config import configure_logging
from assistant.settings import Settings, load_settings
from knowledge import schema
from knowledge.db import create_db_engine

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for these settings (read from the environment when not given)."""
    settings = settings or load_settings()
    configure_logging(settings.log_level, settings.log_format)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_db_engine(settings.database_url)
        app.state.engine = engine
        yield
        engine.dispose()

    app = FastAPI(
        title="csm-assistant",
        version="1",
        summary="Customer-success answers whose every figure is traceable.",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    install_metrics(app)

    @app.middleware("http")
    async def request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.request_id = (
            request.headers.get("x-request-id") or uuid.uuid4().hex
        )
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["x-request-id"] = request.state.request_id
        logger.info(
            "%s %s %d %.1fms",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
            extra={"request_id": request.state.request_id},
        )
        return response

    @app.get("/healthz", tags=["operations"], summary="The process is alive.")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="The database is reachable and migrated.",
        responses={503: {"description": "A store is not ready."}},
    )
    def readyz(request: Request) -> Response:
        engine = request.app.state.engine
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            migrated = schema.is_up_to_date(engine)
        except SQLAlchemyError:
            return problem(request, 503, "upstream_unavailable", "database unreachable")
        if not migrated:
            return problem(
                request, 503, "upstream_unavailable", "database needs `csm db upgrade`"
            )
        return Response('{"status":"ready"}', media_type="application/json")

    return app
