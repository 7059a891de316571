"""Who is asking: a Slack user mapped to a team member, whose rights then apply."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from knowledge.queries.team import (
    TeamMemberRecord,
    get_team_member,
    team_member_by_slack_id,
)

logger = logging.getLogger(__name__)

# users.info is rate limited (tier 4); an email rarely changes, so a short cache
# keeps busy threads from calling it once per message.
_EMAIL_TTL_SECONDS = 600.0


class IdentityResolver:
    """Maps Slack user ids to team members.

    The team list's ``slack_user_id`` wins; otherwise the email Slack holds
    for the user (``users.info``, scope ``users:read.email``) is looked up.
    """

    def __init__(self, db: Engine) -> None:
        self._db = db
        self._emails: dict[str, tuple[float, str | None]] = {}
        self._lock = threading.Lock()

    def member(self, client: WebClient, user_id: str) -> TeamMemberRecord | None:
        """The team member behind ``user_id``, or None for a stranger."""
        if not user_id:
            return None
        member = team_member_by_slack_id(self._db, user_id)
        if member is not None:
            return member
        email = self._email(client, user_id)
        return get_team_member(self._db, email) if email else None

    def _email(self, client: WebClient, user_id: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            cached = self._emails.get(user_id)
        if cached is not None and now - cached[0] < _EMAIL_TTL_SECONDS:
            return cached[1]
        email = _lookup_email(client, user_id)
        with self._lock:
            self._emails[user_id] = (now, email)
        return email


def _lookup_email(client: WebClient, user_id: str) -> str | None:
    try:
        response = client.users_info(user=user_id)
    except SlackApiError as exc:
        logger.warning(
            "users.info failed for %s: %s", user_id, exc.response.get("error")
        )
        return None
    user = response.get("user") or {}
    if user.get("is_bot") or user.get("deleted"):
        return None
    email = (user.get("profile") or {}).get("email")
    return str(email) if email else None
