"""Buttons under an answer: re-tailor, draft, and helpful / not helpful votes."""

from __future__ import annotations

import logging
import re
from typing import Any, get_args

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from assistant.answers import AskContext, Audience
from bots.slack.blocks import (
    AUDIENCE_ACTION_PREFIX,
    DRAFT_ESCALATION,
    DRAFT_OUTREACH,
    HELPFUL,
    NOT_HELPFUL,
)
from bots.slack.channels import ChannelTypes
from bots.slack.conversations import conversation_id
from bots.slack.errors import UNKNOWN_USER, message_for
from bots.slack.identity import IdentityResolver
from bots.slack.privacy import must_reply_privately
from bots.slack.replies import Destination, deliver_answer, post_notice
from bots.slack.runtime import SlackRuntime
from knowledge import curation
from knowledge.errors import CsmError
from knowledge.queries.slack import ReplyRecord, get_reply, save_feedback

logger = logging.getLogger(__name__)

_AUDIENCE_ACTION = re.compile(
    "^" + AUDIENCE_ACTION_PREFIX + "(" + "|".join(get_args(Audience)) + ")$"
)
GONE = "I no longer have that answer; please ask the question again."


def _ack(ack: Ack) -> None:
    ack()


class Actions:
    """Handles the buttons; each click acts with the clicker's own rights."""

    def __init__(
        self,
        runtime: SlackRuntime,
        identity: IdentityResolver,
        channels: ChannelTypes,
    ) -> None:
        self.runtime = runtime
        self.identity = identity
        self.channels = channels

    def register(self, app: App) -> None:
        """Attach one listener per button kind."""
        app.action(_AUDIENCE_ACTION)(ack=_ack, lazy=[self.on_audience])
        app.action(DRAFT_OUTREACH)(ack=_ack, lazy=[self.on_draft])
        app.action(DRAFT_ESCALATION)(ack=_ack, lazy=[self.on_draft])
        app.action(HELPFUL)(ack=_ack, lazy=[self.on_feedback])
        app.action(NOT_HELPFUL)(ack=_ack, lazy=[self.on_feedback])

    def on_audience(
        self, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        """Answer the same question again for another audience."""
        audience = str(action.get("action_id", ""))[len(AUDIENCE_ACTION_PREFIX) :]
        self._rerun(client, body, action, audience=audience)

    def on_draft(
        self, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        """Draft an outreach or an escalation for the answer's account."""
        kind = (
            "escalation" if action.get("action_id") == DRAFT_ESCALATION else "outreach"
        )
        self._rerun(client, body, action, draft=kind)

    def on_feedback(
        self, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        """Store a vote on the answer and on the passages it cited."""
        helpful = action.get("action_id") == HELPFUL
        dest = self._destination(body, private=True)
        try:
            reply = get_reply(self.runtime.db, str(action.get("value") or ""))
            if reply is None:
                post_notice(client, dest, GONE)
                return
            member = self.identity.member(client, dest.user_id)
            if member is None:
                post_notice(client, dest, UNKNOWN_USER)
                return
            save_feedback(
                self.runtime.db, reply.reply_id, dest.user_id, member.email, helpful
            )
            self._vote_passages(reply, member.email, helpful)
            post_notice(
                client,
                dest,
                "Thanks, noted as helpful."
                if helpful
                else "Thanks, noted as not helpful; CS ops review these.",
            )
        except SlackApiError as exc:
            logger.warning("slack api error on feedback: %s", exc.response.get("error"))

    def _vote_passages(self, reply: ReplyRecord, actor: str, helpful: bool) -> None:
        # Passage votes feed search ranking through the curation service.
        if not reply.passage_ids:
            return
        with Session(self.runtime.db) as session:
            for chunk_id in reply.passage_ids:
                try:
                    curation.record_feedback(
                        session, chunk_id, helpful, actor, reply.question
                    )
                except CsmError as exc:
                    logger.warning("passage vote skipped: %s", exc.message)
            session.commit()

    def _destination(self, body: dict[str, Any], *, private: bool) -> Destination:
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
        message = body.get("message") or {}
        thread = message.get("thread_ts") or container.get("thread_ts")
        return Destination(
            channel_id=str(channel or ""),
            user_id=str((body.get("user") or {}).get("id") or ""),
            thread_ts=str(thread or container.get("message_ts") or "") or None,
            private=private or bool(container.get("is_ephemeral")),
        )

    def _rerun(
        self,
        client: WebClient,
        body: dict[str, Any],
        action: dict[str, Any],
        *,
        audience: str | None = None,
        draft: str | None = None,
    ) -> None:
        dest = self._destination(body, private=False)
        try:
            self._rerun_reply(client, dest, action, audience=audience, draft=draft)
        except SlackApiError as exc:
            logger.warning("slack api error on a button: %s", exc.response.get("error"))

    def _rerun_reply(
        self,
        client: WebClient,
        dest: Destination,
        action: dict[str, Any],
        *,
        audience: str | None,
        draft: str | None,
    ) -> None:
        private_dest = Destination(
            channel_id=dest.channel_id,
            user_id=dest.user_id,
            thread_ts=dest.thread_ts,
            private=True,
        )
        reply = get_reply(self.runtime.db, str(action.get("value") or ""))
        if reply is None:
            post_notice(client, private_dest, GONE)
            return
        member = self.identity.member(client, dest.user_id)
        if member is None:
            post_notice(client, private_dest, UNKNOWN_USER)
            return
        account = reply.account_ids[0] if reply.account_ids else None
        if draft is not None:
            question = (
                f"Draft an escalation for {account}"
                if draft == "escalation"
                else f"Draft outreach to {account}"
            )
        else:
            question = reply.question
        context = AskContext.model_validate(
            {
                "asker": member.email,
                "thread_id": conversation_id(reply.channel_id, reply.thread_ts),
                "account": account,
                "audience": audience,
            }
        )
        try:
            answer = self.runtime.answer(question, context)
        except CsmError as exc:
            post_notice(client, private_dest, message_for(exc))
            return
        except Exception as exc:
            logger.exception("the engine failed on a button")
            post_notice(client, private_dest, message_for(exc))
            return
        channel_type = self.channels.type_of(client, dest.channel_id)
        if dest.private or must_reply_privately(
            self.runtime.config, dest.channel_id, channel_type, answer
        ):
            dest = private_dest
        deliver_answer(client, self.runtime, dest, answer, asker_email=member.email)
