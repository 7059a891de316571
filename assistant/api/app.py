"""Build the FastAPI application: stores open once per worker, in the lifespan."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import KeyCache
from assistant.api.limits import BodySizeLimit, RateLimiter
from assistant.api.observability import install_observability
from assistant.api.problems import (
    install_problem_handlers,
    problem,
    problem_responses,
)
from assistant.api.readiness import Readiness, readiness
from assistant.api.routes import (
    accounts,
    ask,
    drafting,
    feedback,
    imports,
    knowledge,
    portfolio,
)
from assistant.container import Services
from assistant.logging_config import configure_logging
from assistant.settings import Settings, load_settings
from knowledge.db import create_db_engine
from knowledge.errors import CsmError

logger = logging.getLogger(__name__)

API_DESCRIPTION = """
Send an API key from `csm keys create` as `Authorization: Bearer KEY`.

* **Scopes**: `read` (accounts, health, usage, portfolio, knowledge listings),
  `ask` (ask, stream, feedback), `draft` (briefs, drafts), `kb:write` (playbooks,
  notes, reindex), `import`, and `admin` (all of them).
* **Acting for a person**: keys with `ask`, `draft` or `admin` may send
  `X-CSM-User: email`; answers, reads and edits then follow that team member's
  rights. An account outside their book answers 404, exactly like one that does
  not exist. Without the header a key reads every account.
* **Errors** are `application/problem+json` with a stable `type`, the `detail`,
  the `request_id`, and `fields` naming each invalid field. 401 (no or bad key)
  and 403 (scope) come before any lookup, so they never reveal whether an
  account exists.
* **Limits**: JSON bodies up to `CSM_API_MAX_BODY_BYTES` (imports up to
  `CSM_API_MAX_IMPORT_BYTES`), 413 beyond; a token bucket per key and per worker
  process (429 with `Retry-After`); pages of 1 to 200 with opaque cursors;
  answers give up after `CSM_API_ANSWER_TIMEOUT_SECONDS` (503).
"""


def create_app(
    settings: Settings | None = None, *, services: Services | None = None
) -> FastAPI:
    """The API for these settings (read from the environment when not given).

    Args:
        settings: The service settings, the API's limits (``CSM_API_*``) included.
        services: Services to share (tests); by default each worker builds its own
            in the lifespan and closes them at shutdown.
    """
    settings = settings or load_settings()
    configure_logging(settings.log_level, settings.log_format)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from assistant.engine.core import Assistant

        shared = services or Services(
            settings, engine=create_db_engine(settings.database_url)
        )
        app.state.engine = shared.engine
        app.state.services = shared
        app.state.assistant = Assistant(shared)
        if settings.api_warm_up:
            await run_in_threadpool(_warm_up, shared)
        yield
        if services is None:
            shared.close()

    app = FastAPI(
        title="csm-assistant",
        version="1",
        summary="Customer-success answers whose every figure is traceable.",
        description=API_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter(
        settings.api_rate_per_second, settings.api_rate_burst
    )
    app.state.key_cache = KeyCache(settings.api_key_cache_seconds)
    install_problem_handlers(app)
    # Added first, so innermost: the route reads the body straight through it and
    # an over-size body surfaces as a plain 413, not wrapped by other middleware.
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.api_max_body_bytes,
        large_paths={"/v1/import": settings.api_max_import_bytes},
    )
    for module in (ask, drafting, feedback, accounts, portfolio, knowledge, imports):
        app.include_router(module.router)

    install_observability(app)

    @app.get("/healthz", tags=["operations"], summary="The process is alive.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="The database and the vector store answer; the schema is current.",
        response_model=Readiness,
        responses={
            503: {
                **problem_responses(503)[503],
                "description": "A dependency is down: the problem's `checks` gives "
                "each one's verdict, `detail` names those that are down.",
            }
        },
    )
    def readyz(request: Request) -> Response:
        report = readiness(request.app.state.services)
        if report.status != "ready":
            return problem(
                request,
                503,
                "upstream_unavailable",
                report.detail,
                checks=report.checks,
            )
        return JSONResponse(report.model_dump())

    return app


def _warm_up(services: Services) -> None:
    """Load the health model, the embedding model and the vector store now.

    A store that is down is logged, not fatal: ``/readyz`` and the requests that
    need it report it, and the worker still serves health and usage.
    """
    started = time.perf_counter()
    _ = services.health_model
    try:
        services.knowledge_base.embedder.embed(["warm up"])
        services.knowledge_base.store.count()
        _ = services.intent_classifier
    except CsmError as exc:
        logger.warning("warm-up incomplete: %s", exc.message)
    logger.info("worker ready in %.1fs", time.perf_counter() - started)
