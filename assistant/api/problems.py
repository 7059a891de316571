"""One place that turns domain errors into ``application/problem+json`` responses."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from knowledge.errors import (
    ConflictError,
    CsmError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    UpstreamUnavailableError,
)

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
_STATUS: list[tuple[type[CsmError], int]] = [
    (NotFoundError, 404),
    (InvalidInputError, 422),
    (ForbiddenError, 403),
    (ConflictError, 409),
    (UpstreamUnavailableError, 503),
]


def problem(
    request: Request, status: int, code: str, detail: str, **extra: object
) -> JSONResponse:
    """A problem+json response carrying the request id."""
    body: dict[str, object] = {
        "type": f"https://csm-assistant.dev/problems/{code}",
        "title": code.replace("_", " "),
        "status": status,
        "detail": detail,
        "request_id": getattr(request.state, "request_id", None),
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CsmError)  # noqa: S101  # registered for CsmError only
    status = next((s for t, s in _STATUS if isinstance(exc, t)), 500)
    extra: dict[str, object] = {}
    if isinstance(exc, InvalidInputError):
        extra["problems"] = exc.problems
    if status >= 500:
        logger.warning("request failed: %s", exc.code)
    return problem(request, status, exc.code, exc.message, **extra)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101  # registered for it
    fields = [
        {"field": ".".join(str(p) for p in err["loc"]), "message": err["msg"]}
        for err in exc.errors()
    ]
    detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
    return problem(request, 422, "invalid_input", detail, fields=fields)


def install_problem_handlers(app: FastAPI) -> None:
    """Register the handlers on an app."""
    app.add_exception_handler(CsmError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
