"""The Web API client: every call retries on rate limits and dropped connections."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

# Slack asks clients to wait Retry-After and try again; giving up after a few
# attempts would drop an answer, so rate limits get more patience than errors.
RATE_LIMIT_RETRIES = 6
CONNECTION_RETRIES = 3
SERVER_ERROR_RETRIES = 2


def build_web_client(token: str, base_url: str, timeout: int = 30) -> WebClient:
    """A WebClient for ``base_url`` with retry handlers for 429, 5xx and I/O errors."""
    return WebClient(
        token=token,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        ],
    )
