"""The ``/csm`` slash command: acked at once, answered through ``response_url``."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.answers import Answer, AskContext
from bots.slack.command_parser import (
    USAGE,
    CsmCommand,
    UsageError,
    parse_command,
    question_for,
)
from bots.slack.errors import UNKNOWN_USER, message_for
from bots.slack.identity import IdentityResolver
from bots.slack.replies import (
    Destination,
    deliver_answer,
    post_notice,
    upload_markdown,
)
from bots.slack.runtime import SlackRuntime
from knowledge.errors import CsmError

logger = logging.getLogger(__name__)

WORKING = ":eyes: Working on it…"
COMMAND = "/csm"


class Commands:
    """Serves ``/csm``: help and usage in the ack, the rest after it."""

    def __init__(self, runtime: SlackRuntime, identity: IdentityResolver) -> None:
        self.runtime = runtime
        self.identity = identity

    def register(self, app: App) -> None:
        """Attach the command listener (ack, then a lazy worker)."""
        app.command(COMMAND)(ack=self.on_ack, lazy=[self.on_command])

    def on_ack(self, ack: Ack, command: dict[str, Any]) -> None:
        """Reply with help or usage right away; otherwise say the work started."""
        parsed = parse_command(str(command.get("text") or ""))
        if isinstance(parsed, UsageError):
            ack(text=parsed.message, response_type="ephemeral")
        elif parsed.name == "help":
            ack(text=USAGE, response_type="ephemeral")
        else:
            ack(text=WORKING, response_type="ephemeral")

    def on_command(
        self, command: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        """Run the command with the caller's rights and answer them privately."""
        parsed = parse_command(str(command.get("text") or ""))
        if isinstance(parsed, UsageError) or parsed.name == "help":
            return
        dest = Destination(
            channel_id=str(command.get("channel_id") or ""),
            user_id=str(command.get("user_id") or ""),
            respond=respond,
        )
        try:
            self._run(client, parsed, dest)
        except SlackApiError as exc:
            logger.warning("slack api error in /csm: %s", exc.response.get("error"))

    def _run(self, client: WebClient, parsed: CsmCommand, dest: Destination) -> None:
        member = self.identity.member(client, dest.user_id)
        if member is None:
            post_notice(client, dest, UNKNOWN_USER)
            return
        context = AskContext(
            asker=member.email,
            thread_id=f"slack:{dest.channel_id}:cmd:{dest.user_id}",
            account=parsed.account,
            audience=parsed.audience,
        )
        try:
            answer = self.runtime.answer(question_for(parsed), context)
        except CsmError as exc:
            post_notice(client, dest, message_for(exc))
            return
        except Exception as exc:
            logger.exception("the engine failed on /csm %s", parsed.name)
            post_notice(client, dest, message_for(exc))
            return
        if parsed.name == "brief" and answer.status == "answered":
            self._send_brief(client, dest, answer)
            return
        deliver_answer(client, self.runtime, dest, answer, asker_email=member.email)

    def _send_brief(self, client: WebClient, dest: Destination, answer: Answer) -> None:
        name = answer.accounts[0].name if answer.accounts else "account"
        slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
        upload_markdown(
            client,
            dest,
            answer.text,
            filename=f"brief-{slug or 'account'}.md",
            title=f"Meeting brief: {name}",
            comment=f"Your meeting brief for {name}.",
        )
        post_notice(
            client, dest, f":page_facing_up: I sent the brief for {name} to our DM."
        )
