"""Mentions, direct messages and thread follow-ups, answered after the ack."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.answers import AskContext
from bots.slack.errors import UNKNOWN_USER, message_for
from bots.slack.guards import finishing
from bots.slack.identity import IdentityResolver
from bots.slack.privacy import must_reply_privately
from bots.slack.replies import Destination, deliver_answer, post_notice
from bots.slack.runtime import SlackRuntime
from knowledge.errors import CsmError
from knowledge.queries.slack import in_thread, join_thread

logger = logging.getLogger(__name__)

# Subtypes that are a person writing; every other subtype (edits, deletions,
# joins, bot posts, topic changes) is an update about a message, not a question.
_ANSWERED_SUBTYPES = frozenset({"file_share", "thread_broadcast"})
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
HELP_HINT = (
    "Ask me about an account, e.g. _How is Acme doing?_, _Why did Globex's health "
    "drop?_ or _Which of my accounts renew in the next 60 days and are at risk?_ "
    "Type `/csm help` for commands."
)
FILES_NOT_READ = "I can't read attached files or images; I answered the text only."
FILES_ONLY = (
    "I can't read files or images yet. Please ask your question in words, "
    "e.g. _How is Acme doing?_"
)


@dataclass(frozen=True)
class Incoming:
    """A message the bot should answer, taken from an event."""

    channel_id: str
    channel_type: str | None
    user_id: str
    text: str
    ts: str
    thread_ts: str | None
    has_files: bool


def conversation_id(channel_id: str, thread_ts: str | None) -> str:
    """The engine's conversation id: the thread, or a whole DM without threads."""
    if thread_ts:
        return f"slack:{channel_id}:{thread_ts}"
    return f"slack:{channel_id}"


def read_event(event: dict[str, Any]) -> Incoming | None:
    """The message in ``event``, or None when it is not a person's message."""
    subtype = event.get("subtype")
    if subtype is not None and subtype not in _ANSWERED_SUBTYPES:
        return None
    if event.get("bot_id") or event.get("bot_profile"):
        return None
    user = event.get("user")
    channel = event.get("channel")
    ts = event.get("ts")
    if not isinstance(user, str) or not isinstance(channel, str) or not ts:
        return None
    text = event.get("text")
    return Incoming(
        channel_id=channel,
        channel_type=event.get("channel_type"),
        user_id=user,
        text=text if isinstance(text, str) else "",
        ts=str(ts),
        thread_ts=str(event["thread_ts"]) if event.get("thread_ts") else None,
        has_files=bool(event.get("files")),
    )


def question_of(text: str) -> str:
    """The message without @-mentions and surrounding space."""
    return _MENTION.sub(" ", text).strip()


class Conversations:
    """Answers mentions, DMs and follow-ups in threads the bot is in."""

    def __init__(self, runtime: SlackRuntime, identity: IdentityResolver) -> None:
        self.runtime = runtime
        self.identity = identity

    def register(self, app: App) -> None:
        """Attach the listeners: each acks at once and works in a lazy listener.

        An event is marked done when its lazy listener returns, so a retry of it
        is never answered again.
        """
        db = self.runtime.db
        app.event("app_mention")(ack=_ack, lazy=[finishing(db, self.on_mention)])
        app.event("message")(ack=_ack, lazy=[finishing(db, self.on_message)])

    def on_mention(
        self, event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """An @-mention in a channel: answer in its thread."""
        incoming = read_event(event)
        if incoming is None:
            logger.debug("ignored app_mention without a person's message")
            return
        thread = incoming.thread_ts or incoming.ts
        self.answer(client, incoming, thread_ts=thread)

    def on_message(
        self, event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """A DM, or a message in a thread the bot already answered in."""
        incoming = read_event(event)
        if incoming is None:
            logger.debug("ignored message subtype %s", event.get("subtype"))
            return
        if incoming.channel_type == "im":
            self.answer(client, incoming, thread_ts=incoming.thread_ts)
            return
        bot = context.bot_user_id
        if bot and f"<@{bot}" in incoming.text:
            return  # the app_mention event for the same message answers it
        if incoming.thread_ts and in_thread(
            self.runtime.db, incoming.channel_id, incoming.thread_ts
        ):
            self.answer(client, incoming, thread_ts=incoming.thread_ts)

    def answer(
        self, client: WebClient, incoming: Incoming, *, thread_ts: str | None
    ) -> None:
        """Acknowledge with 👀, check the asker, ask the engine and reply."""
        started = time.perf_counter()
        dest = Destination(
            channel_id=incoming.channel_id,
            user_id=incoming.user_id,
            thread_ts=thread_ts,
        )
        try:
            self._answer(client, incoming, dest)
        except SlackApiError as exc:
            # Posting itself failed: saying so would fail the same way (and could
            # loop), so the error is logged and the event ends here.
            logger.warning(
                "slack api error while answering in %s: %s",
                incoming.channel_id,
                exc.response.get("error"),
            )
        logger.debug(
            "slack message in %s answered in %.0fms",
            incoming.channel_id,
            (time.perf_counter() - started) * 1000,
        )

    def _answer(self, client: WebClient, incoming: Incoming, dest: Destination) -> None:
        question = question_of(incoming.text)
        limit = self.runtime.config.max_question_chars
        if len(question) > limit:
            post_notice(
                client,
                dest,
                f"That message is {len(question):,} characters long; I answer "
                f"questions of up to {limit:,}. Please ask a shorter question.",
            )
            return
        if not question:
            post_notice(client, dest, FILES_ONLY if incoming.has_files else HELP_HINT)
            return

        _react(client, incoming)
        member = self.identity.member(client, incoming.user_id)
        if member is None:
            post_notice(client, dest, UNKNOWN_USER)
            return

        context = AskContext(
            asker=member.email,
            thread_id=conversation_id(incoming.channel_id, dest.thread_ts),
        )
        try:
            answer = self.runtime.answer(question, context)
        except CsmError as exc:
            post_notice(client, dest, message_for(exc))
            return
        except Exception as exc:
            logger.exception("the engine failed on a slack question")
            post_notice(client, dest, message_for(exc))
            return

        notes = [FILES_NOT_READ] if incoming.has_files else []
        private = must_reply_privately(
            self.runtime.config, incoming.channel_id, incoming.channel_type, answer
        )
        if private:
            post_notice(
                client,
                dest,
                f"<@{incoming.user_id}> I've sent you this answer privately: this "
                "channel is not cleared to show those accounts' figures.",
            )
            if dest.thread_ts:
                # The asker may follow up in the thread; the bot is part of it.
                join_thread(self.runtime.db, dest.channel_id, dest.thread_ts)
            dest = Destination(
                channel_id=dest.channel_id,
                user_id=dest.user_id,
                thread_ts=dest.thread_ts,
                private=True,
            )
        deliver_answer(
            client, self.runtime, dest, answer, asker_email=member.email, notes=notes
        )


def _ack() -> None:
    # Events need only a 200; the ack goes back before any work starts.
    return None


def _react(client: WebClient, incoming: Incoming) -> None:
    try:
        client.reactions_add(
            channel=incoming.channel_id, name="eyes", timestamp=incoming.ts
        )
    except SlackApiError as exc:
        # A missing reaction must not stop the answer (already_reacted, etc.).
        logger.debug("reactions.add failed: %s", exc.response.get("error"))
