"""Posting an answer: in a thread, privately, split across messages or as a file."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from assistant.answers import Answer
from bots.slack.blocks import RenderedAnswer, render_answer, text_blocks
from bots.slack.limits import MAX_MESSAGE_TEXT, Block, clip
from bots.slack.runtime import SlackRuntime
from knowledge.queries.slack import ReplyRecord, join_thread, save_reply

logger = logging.getLogger(__name__)

Respond = Callable[..., Any]


@dataclass(frozen=True)
class Destination:
    """Where a reply goes.

    Attributes:
        channel_id: The conversation.
        user_id: The asker (receives ephemeral replies).
        thread_ts: The thread to answer in; None posts at the top level.
        private: Only the asker sees the reply (``chat.postEphemeral``).
        respond: A slash command's ``response_url`` sender; when given, every
            message goes through it (ephemeral), which works in any channel.
    """

    channel_id: str
    user_id: str
    thread_ts: str | None = None
    private: bool = False
    respond: Respond | None = None


def post(
    client: WebClient,
    dest: Destination,
    text: str,
    blocks: list[Block] | None = None,
    *,
    thread_ts: str | None = None,
) -> str | None:
    """Send one message; returns its ``ts`` when it is a normal (public) message."""
    text = clip(text, MAX_MESSAGE_TEXT)
    thread = thread_ts or dest.thread_ts
    if dest.respond is not None:
        dest.respond(
            text=text,
            blocks=blocks,
            response_type="ephemeral",
            replace_original=False,
        )
        return None
    if dest.private:
        client.chat_postEphemeral(
            channel=dest.channel_id,
            user=dest.user_id,
            text=text,
            blocks=blocks,
            thread_ts=thread,
        )
        return None
    response = client.chat_postMessage(
        channel=dest.channel_id,
        text=text,
        blocks=blocks,
        thread_ts=thread,
        unfurl_links=False,
        unfurl_media=False,
    )
    ts = response.get("ts")
    return str(ts) if ts else None


def post_notice(client: WebClient, dest: Destination, text: str) -> None:
    """A short message without buttons (help, refusals, errors)."""
    post(client, dest, text, text_blocks(text))


def dm_channel(client: WebClient, user_id: str) -> str:
    """The id of the bot's direct-message conversation with a user."""
    response = client.conversations_open(users=user_id)
    return str(response["channel"]["id"])


def upload_markdown(
    client: WebClient,
    dest: Destination,
    content: str,
    filename: str,
    title: str,
    comment: str,
) -> None:
    """Upload Markdown as a file (files.upload v2); private ones go to a DM."""
    channel = dest.channel_id
    thread = dest.thread_ts
    if dest.private or dest.respond is not None:
        channel, thread = dm_channel(client, dest.user_id), None
    client.files_upload_v2(
        channel=channel,
        thread_ts=thread,
        content=content,
        filename=filename,
        title=title,
        initial_comment=comment,
    )


def deliver_answer(
    client: WebClient,
    runtime: SlackRuntime,
    dest: Destination,
    answer: Answer,
    *,
    asker_email: str,
    notes: list[str] | None = None,
) -> str:
    """Store and post an answer; returns its reply id (the buttons carry it).

    The reply row (and the thread membership) is written before posting, so
    that a quick click on a button or a quick follow-up always finds it.
    """
    reply_id = uuid.uuid4().hex
    rendered = render_answer(answer, reply_id, runtime.today(), notes=notes)
    save_reply(
        runtime.db,
        ReplyRecord(
            reply_id=reply_id,
            channel_id=dest.channel_id,
            thread_ts=dest.thread_ts,
            slack_user_id=dest.user_id,
            asker_email=asker_email,
            question=answer.question,
            intent=answer.intent,
            status=answer.status,
            account_ids=[a.account_id for a in answer.accounts],
            audience=answer.audience,
            passage_ids=[e.chunk_id for e in answer.evidence if e.kind == "passage"],
        ),
    )
    in_public_thread = not dest.private and dest.respond is None
    if in_public_thread and dest.thread_ts:
        # Joined before posting: a follow-up typed the moment the reply shows
        # must find the bot already in the thread.
        join_thread(runtime.db, dest.channel_id, dest.thread_ts)
    ts = post(client, dest, rendered.text, rendered.blocks)
    _post_rest(client, dest, rendered, answer, thread_ts=dest.thread_ts or ts)
    if in_public_thread and not dest.thread_ts and ts:
        join_thread(runtime.db, dest.channel_id, str(ts))
    logger.info(
        "slack reply %s posted: intent=%s status=%s private=%s parts=%d",
        reply_id,
        answer.intent,
        answer.status,
        dest.private or dest.respond is not None,
        1 + len(rendered.continuation),
    )
    return reply_id


def _post_rest(
    client: WebClient,
    dest: Destination,
    rendered: RenderedAnswer,
    answer: Answer,
    *,
    thread_ts: str | None,
) -> None:
    for piece in rendered.continuation:
        post(client, dest, piece, text_blocks(piece), thread_ts=thread_ts)
    if rendered.file_text is not None:
        name = answer.accounts[0].name if answer.accounts else "answer"
        slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
        upload_markdown(
            client,
            Destination(
                channel_id=dest.channel_id,
                user_id=dest.user_id,
                thread_ts=thread_ts,
                private=dest.private,
                respond=dest.respond,
            ),
            rendered.file_text,
            filename=f"{slug or 'answer'}-{answer.intent}.md",
            title=f"{name}: {answer.intent.replace('_', ' ')}",
            comment="The full answer, as Markdown.",
        )
