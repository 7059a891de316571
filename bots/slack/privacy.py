"""Which answers a channel may see: account figures follow a per-channel list."""

from __future__ import annotations

from assistant.answers import Answer
from bots.slack.config import SlackConfig

PUBLIC_CHANNEL = "channel"


def shows_account_data(answer: Answer) -> bool:
    """True when the answer carries figures or tool results about an account."""
    has_facts = bool(answer.figures) or any(e.kind == "tool" for e in answer.evidence)
    return bool(answer.accounts) and has_facts


def must_reply_privately(
    config: SlackConfig, channel_id: str, channel_type: str | None, answer: Answer
) -> bool:
    """True when the answer must go to the asker alone (an ephemeral reply).

    Only public channels are restricted: DMs and private channels already limit
    who reads them. A public channel shows an account's figures only when its
    entry in ``slack_channel_accounts`` names the account or ``*``.
    """
    if channel_type != PUBLIC_CHANNEL or not shows_account_data(answer):
        return False
    allowed = config.channel_accounts.get(channel_id, frozenset())
    if "*" in allowed:
        return False
    return any(account.account_id not in allowed for account in answer.accounts)
