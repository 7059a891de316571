"""A conversation's type (public channel, private channel, DM), cached."""

from __future__ import annotations

import logging
import threading

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)


class ChannelTypes:
    """Looks up ``conversations.info`` once per channel.

    Button clicks do not say which kind of conversation they came from, and the
    privacy rule depends on it. An unknown channel counts as public, the
    stricter reading.
    """

    def __init__(self) -> None:
        self._types: dict[str, str] = {}
        self._lock = threading.Lock()

    def type_of(self, client: WebClient, channel_id: str) -> str:
        """``channel``, ``group``, ``im`` or ``mpim`` (Events API names)."""
        with self._lock:
            known = self._types.get(channel_id)
        if known is not None:
            return known
        try:
            info = client.conversations_info(channel=channel_id).get("channel") or {}
        except SlackApiError as exc:
            logger.warning(
                "conversations.info failed for %s: %s",
                channel_id,
                exc.response.get("error"),
            )
            return "channel"
        if info.get("is_im"):
            kind = "im"
        elif info.get("is_mpim"):
            kind = "mpim"
        elif info.get("is_private"):
            kind = "group"
        else:
            kind = "channel"
        with self._lock:
            self._types[channel_id] = kind
        return kind
