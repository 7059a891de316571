"""One place that turns errors into ``application/problem+json`` responses.

Domain errors (``knowledge.errors``) map to 404, 422, 403, 409 and 503; the API's
own boundary errors add 401 (no or bad key) and 429 (rate limit). Starlette's HTTP
errors (unknown route, wrong method, body too large) keep their status and get the
same body, so a client parses one error shape.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

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
PROBLEM_BASE = "https://csm-assistant.dev/problems/"


class UnauthenticatedError(CsmError):
    """No API key, or one that is unknown or revoked."""

    code = "unauthenticated"


class RateLimitedError(CsmError):
    """The key spent its request budget; retry after ``retry_after`` seconds."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class FieldProblem(BaseModel):
    """One invalid field of a request: where, and what is wrong."""

    field: str = Field(examples=["body.question"])
    message: str = Field(examples=["Field required"])


class Problem(BaseModel):
    """The body of every error response (RFC 9457 problem details)."""

    type: str = Field(examples=["https://csm-assistant.dev/problems/not_found"])
    title: str = Field(examples=["not found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no account 'A-9999'"])
    request_id: str | None = Field(default=None, examples=["5f0c…"])
    problems: list[str] | None = Field(
        default=None, description="Every located problem of a refused file."
    )
    fields: list[FieldProblem] | None = Field(
        default=None, description="Every invalid field of the request."
    )
    checks: dict[str, str] | None = Field(
        default=None,
        description="Readiness only: each dependency, `ok` or why it is down.",
        examples=[{"database": "ok", "vector_store": "unreachable"}],
    )


_DESCRIPTIONS = {
    400: "The body could not be read (e.g. not UTF-8).",
    401: "No API key, or an unknown or revoked one.",
    403: "The key lacks the scope, or the member may not do this.",
    404: "Not found (or not in the member's book).",
    409: "Clashes with what is stored.",
    413: "The body is over the size limit.",
    415: "Unsupported media type.",
    422: "Invalid input; `fields` or `problems` say where.",
    429: "Rate limit; retry after `Retry-After` seconds.",
    503: "A store or the answer engine is unavailable or too slow.",
}
_HEADERS = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}}},
    429: {"Retry-After": {"schema": {"type": "integer"}}},
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error statuses, all with the problem+json body."""
    return {
        status: {
            "model": Problem,
            "description": _DESCRIPTIONS[status],
            "content": {
                PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
            **({"headers": _HEADERS[status]} if status in _HEADERS else {}),
        }
        for status in statuses
    }


COMMON_ERRORS = problem_responses(400, 401, 403, 413, 422, 429)
"""What any authenticated route may answer."""

_STATUS: list[tuple[type[CsmError], int]] = [
    (NotFoundError, 404),
    (InvalidInputError, 422),
    (ForbiddenError, 403),
    (ConflictError, 409),
    (UpstreamUnavailableError, 503),
    (UnauthenticatedError, 401),
    (RateLimitedError, 429),
]
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def problem(
    request: Request,
    status: int,
    code: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: object,
) -> JSONResponse:
    """A problem+json response carrying the request id."""
    body: dict[str, object] = {
        "type": f"{PROBLEM_BASE}{code}",
        "title": code.replace("_", " "),
        "status": status,
        "detail": detail,
        "request_id": getattr(request.state, "request_id", None),
        **extra,
    }
    return JSONResponse(
        body, status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CsmError)  # noqa: S101  # registered for CsmError only
    status = next((s for t, s in _STATUS if isinstance(exc, t)), 500)
    extra: dict[str, object] = {}
    headers: dict[str, str] = {}
    if isinstance(exc, InvalidInputError):
        extra["problems"] = exc.problems
    if isinstance(exc, UnauthenticatedError):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(exc.retry_after)
    if status >= 500:
        logger.warning("request failed: %s", exc.code)
    return problem(request, status, exc.code, exc.message, headers or None, **extra)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101  # registered for it
    fields = [
        {"field": ".".join(str(p) for p in err["loc"]), "message": err["msg"]}
        for err in exc.errors()
    ]
    detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
    return problem(request, 422, "invalid_input", detail, fields=fields)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)  # noqa: S101  # registered for it
    code = _HTTP_CODES.get(exc.status_code, "error")
    headers = dict(exc.headers) if exc.headers else None
    return problem(request, exc.status_code, code, str(exc.detail), headers)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, ExceptionGroup):
        # A middleware's task group wraps an HTTP error raised while the body
        # streams in (e.g. over the size cap); answer it as itself.
        matched, rest = exc.split(HTTPException)
        if matched is not None and rest is None:
            leaf: BaseException = matched
            while isinstance(leaf, BaseExceptionGroup):
                leaf = leaf.exceptions[0]
            assert isinstance(leaf, HTTPException)  # noqa: S101  # split guarantees
            return await _http_error(request, leaf)
    # The traceback goes to the log, never to the client.
    logger.exception("unhandled error", exc_info=exc)
    return problem(request, 500, "internal_error", "an unexpected error occurred")


def install_problem_handlers(app: FastAPI) -> None:
    """Register the handlers on an app."""
    app.add_exception_handler(CsmError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
