"""Ask the assistant: one JSON answer, or the same answer as server-sent events."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, ConfigDict, Field

from assistant.answers import Answer, AskContext, Audience, Channel
from assistant.api.answering import answer_within
from assistant.api.auth import AskCaller, Caller
from assistant.api.problems import COMMON_ERRORS, problem_responses
from knowledge.errors import UpstreamUnavailableError

router = APIRouter(prefix="/v1", tags=["ask"], responses=COMMON_ERRORS)

_PARAGRAPH = re.compile(r"(?<=\n\n)")
ANSWER_EXAMPLE = {
    "question": "How is Acme doing?",
    "status": "answered",
    "intent": "status",
    "text": "**Acme Corp** (A-1001): health **53.9** (yellow) [T1].",
    "accounts": [{"account_id": "A-1001", "name": "Acme Corp"}],
    "as_of": "2026-11-30",
    "evidence": [
        {
            "kind": "tool",
            "id": "T1",
            "name": "health_score",
            "arguments": {"account": "A-1001", "as_of": "2026-11-30"},
            "summary": "health 53.9 (yellow)",
            "as_of": "2026-11-30",
            "data": {"score": 53.9, "band": "yellow"},
        }
    ],
    "figures": [
        {"label": "health", "value": 53.9, "text": "53.9", "evidence_id": "T1"}
    ],
    "follow_ups": ["Why did Acme's health change?"],
    "engine": "deterministic",
    "asker": "dana@vendor.example",
}


class AskRequest(BaseModel):
    """A question and optional hints; the asker comes from the key or X-CSM-User."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"question": "How is Acme doing?", "thread_id": "crm-4711"},
                {"question": "Which of my accounts renew in the next 60 days?"},
            ]
        },
    )

    question: Annotated[str, Field(min_length=1, max_length=4000)]
    thread_id: Annotated[
        str | None,
        Field(
            max_length=200,
            description="Conversation id; turns of one thread resolve follow-ups.",
        ),
    ] = None
    account: Annotated[
        str | None,
        Field(max_length=200, description="Account id or name, if not in the text."),
    ] = None
    audience: Audience | None = None
    channel: Channel | None = None
    as_of: date | None = Field(default=None, description="Day whose data counts.")

    def context(self, caller: Caller) -> AskContext:
        """The engine's context for this request, asked as the caller."""
        return AskContext(
            asker=caller.asker,
            thread_id=self.thread_id,
            account=self.account,
            audience=self.audience,
            channel=self.channel,
            as_of=self.as_of,
        )


@router.post(
    "/ask",
    summary="Answer a question with figures, evidence and sources.",
    responses={
        200: {"content": {"application/json": {"example": ANSWER_EXAMPLE}}},
        **problem_responses(503),
    },
)
async def ask(body: AskRequest, caller: AskCaller, request: Request) -> Answer:
    """The same Answer as ``csm ask --json``: every figure cites its evidence."""
    return await answer_within(request, body.question, body.context(caller))


@router.post(
    "/ask/stream",
    response_class=EventSourceResponse,
    summary="The answer as server-sent events: status, text, evidence, answer.",
    responses={
        200: {
            "description": "Events: `status` (working, then the answer's status), "
            "`text` (a Markdown paragraph at a time), `evidence` (tool calls and "
            "passages), and `answer` (the whole Answer, last).",
        }
    },
)
async def ask_stream(
    body: AskRequest, caller: AskCaller, request: Request
) -> AsyncIterator[ServerSentEvent]:
    """Stream an answer so a chat front-end can show progress."""
    yield ServerSentEvent(event="status", data={"status": "working"})
    try:
        answer = await answer_within(request, body.question, body.context(caller))
    except UpstreamUnavailableError as exc:
        # Headers are sent already: the failure travels as the last event.
        yield ServerSentEvent(
            event="error",
            data={"status": 503, "type": exc.code, "detail": exc.message},
        )
        return
    yield ServerSentEvent(
        event="status", data={"status": answer.status, "intent": answer.intent}
    )
    # TODO: the engine composes the whole text before returning, so the text
    # arrives paragraph by paragraph right after composing, not token by token.
    for part in _PARAGRAPH.split(answer.text):
        if part:
            yield ServerSentEvent(event="text", data={"text": part})
    yield ServerSentEvent(
        event="evidence",
        data={
            "evidence": [e.model_dump(mode="json") for e in answer.evidence],
            "figures": [f.model_dump(mode="json") for f in answer.figures],
        },
    )
    yield ServerSentEvent(event="answer", data=answer.model_dump(mode="json"))
