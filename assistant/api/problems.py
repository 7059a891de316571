"""One place that turns errors into ``application/problem+json`` responses.

Domain errors (``knowledge.errors``) map to 404, 422, 403, 409 and 503; the API's
own boundary errors add 401 (no or bad key) and 429 (rate limit). Starlette's HTTP
errors (unknown route, wrong method, body too large) keep their status and get the
same body, so a client parses one error shape.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
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
