"""What the Slack bot needs from the settings, as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.settings import Settings
from knowledge.errors import InvalidInputError

Mode = Literal["http", "socket", "client"]


@dataclass(frozen=True)
class SlackConfig:
    """The bot's configuration.

    Attributes:
        bot_token: The bot token (``xoxb-``).
        signing_secret: Verifies HTTP requests; None only in Socket Mode.
        app_token: The app-level token (``xapp-``) for Socket Mode.
        api_url: Base URL of the Web API (a mock in tests).
        team_id: Workspace served; None = the token's own workspace.
        app_id: App id; None = accept the app id Slack sends.
        channel_accounts: Per public channel, account ids whose figures may be
            shown there; ``*`` allows every account.
        max_question_chars: Longer messages are refused politely.
        digest_max_items: Items per digest before "and N more".
        digest_renewal_days: Renewals inside this many days go in the digest.
        digest_repeat_after_days: Days before an unchanged item is sent again.
        event_lease_seconds: How long a claimed event may stay unanswered before
            a retry of it takes it over.
    """

    bot_token: str
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = "https://slack.com/api/"
    team_id: str | None = None
    app_id: str | None = None
    channel_accounts: dict[str, frozenset[str]] = field(default_factory=dict)
    max_question_chars: int = 4000
    digest_max_items: int = 8
    digest_renewal_days: int = 30
    digest_repeat_after_days: int = 2
    event_lease_seconds: int = 120

    @classmethod
    def from_settings(cls, settings: Settings, *, mode: Mode = "http") -> SlackConfig:
        """The Slack part of the settings, for HTTP, Socket Mode or Web API use.

        Raises:
            InvalidInputError: the token, or the secret the mode needs, is not set.
        """
        token = settings.slack_bot_token
        secret = settings.slack_signing_secret
        app_token = settings.slack_app_token
        if token is None:
            raise InvalidInputError("CSM_SLACK_BOT_TOKEN is not set")
        if mode == "socket" and app_token is None:
            raise InvalidInputError("Socket Mode needs CSM_SLACK_APP_TOKEN (xapp-…)")
        if mode == "http" and secret is None:
            raise InvalidInputError("HTTP mode needs CSM_SLACK_SIGNING_SECRET")
        api_url = settings.slack_api_url
        return cls(
            bot_token=token.get_secret_value(),
            signing_secret=secret.get_secret_value() if secret else None,
            app_token=app_token.get_secret_value() if app_token else None,
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            team_id=settings.slack_team_id,
            app_id=settings.slack_app_id,
            channel_accounts={
                channel: frozenset(accounts)
                for channel, accounts in settings.slack_channel_accounts.items()
            },
            max_question_chars=settings.slack_max_question_chars,
            digest_max_items=settings.slack_digest_max_items,
            digest_renewal_days=settings.slack_digest_renewal_days,
            digest_repeat_after_days=settings.slack_digest_repeat_after_days,
            event_lease_seconds=settings.slack_event_lease_seconds,
        )
