"""Request limits of the API: body size, per-key rate and page sizes.

The rate limit is an in-process token bucket, so with ``CSM_WORKERS`` > 1 each
worker grants the full rate: a key may get up to workers × the rate in total.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import threading
import time
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.problems import RateLimitedError, problem
from knowledge.errors import InvalidInputError

MAX_PAGE = 200
"""Largest page any list endpoint returns."""


class BodyTooLargeError(HTTPException):
    """A request body over the cap (an HTTP error so body parsing lets it through)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the {limit:,}-byte limit")


class BodySizeLimit:
    """ASGI middleware: refuse bodies over the cap, declared or streamed.

    A declared ``Content-Length`` over the cap is answered at once. A streamed
    body is counted inside ``receive``, so the route's body parsing raises and the
    problem handlers answer 413; nothing over the cap is buffered.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, large_paths: dict[str, int]
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.large_paths = large_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.large_paths.get(scope["path"].rstrip("/"), self.max_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            # Refused before a byte is read; the client learns it at once.
            error = BodyTooLargeError(limit)
            response = problem(
                Request(scope), 413, "payload_too_large", str(error.detail)
            )
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLargeError(limit)
            return message

        await self.app(scope, limited, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per key: ``rate`` tokens a second, up to ``burst``."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        """Spend one token of ``key``'s bucket.

        Raises:
            RateLimitedError: the bucket is empty; carries the seconds to wait.
        """
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            bucket.tokens = min(
                float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate
            )
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return
            wait = (1.0 - bucket.tokens) / self.rate
        raise RateLimitedError(
            f"rate limit of {self.rate:g} requests/s (burst {self.burst}) exceeded",
            retry_after=max(1, math.ceil(wait)),
        )


def encode_cursor(after: str) -> str:
    """An opaque cursor pointing after the item with this key."""
    raw = json.dumps({"after": after}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The key a cursor points after.

    Raises:
        InvalidInputError: the cursor was not made by :func:`encode_cursor`.
    """
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        after = data["after"]
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error) as exc:
        raise InvalidInputError(
            "cursor: not a cursor this API returned; start again without it"
        ) from exc
    if not isinstance(after, str):
        raise InvalidInputError("cursor: not a cursor this API returned")
    return after
