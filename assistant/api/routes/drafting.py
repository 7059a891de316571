"""Meeting briefs and drafts: one account, one audience, every figure cited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal, ParamSpec, TypeVar

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from assistant.answers import Answer
from assistant.api.answering import within_timeout
from assistant.api.auth import Caller, DraftCaller
from assistant.api.deps import ServicesDep
from assistant.api.problems import COMMON_ERRORS, problem_responses
from assistant.briefs import BriefDocument, build_brief
from assistant.drafting.api import draft
from knowledge.errors import ForbiddenError, NotFoundError

router = APIRouter(prefix="/v1", tags=["drafting"], responses=COMMON_ERRORS)

P = ParamSpec("P")
T = TypeVar("T")
AccountField = Annotated[
    str,
    Field(min_length=1, max_length=200, description="Account id or name."),
]
_RESPONSES = problem_responses(404, 503)


class BriefRequest(BaseModel):
    """What to prepare: the account, who attends, and the format."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "account": "A-1001",
                    "audience": "VP of Finance",
                    "format": "markdown",
                    "attendees": ["Sean Garcia"],
                }
            ]
        },
    )

    account: AccountField
    audience: Annotated[
        str | None,
        Field(
            max_length=120,
            description="department_head, end_user, technical or a job title; "
            "default: all three (or the attendees' personas).",
        ),
    ] = None
    format: Literal["markdown", "html", "slack"] = Field(
        default="markdown", description="slack = Block Kit JSON in `content`."
    )
    attendees: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=200)]],
        Field(max_length=20, description="Contact names or emails."),
    ] = Field(default_factory=list)
    as_of: date | None = None


class DraftRequest(BaseModel):
    """What to draft: outreach to the customer, or an escalation inside."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "outreach",
                    "account": "A-1001",
                    "audience": "end_user",
                    "channel": "email",
                    "purpose": "adoption",
                },
                {
                    "kind": "escalation",
                    "account": "A-1001",
                    "audience": "engineering",
                    "topic": "SSO outage",
                },
            ]
        },
    )

    kind: Literal["outreach", "escalation"]
    account: AccountField
    audience: Annotated[
        str | None,
        Field(
            max_length=120,
            description="Outreach: an audience or job title; escalation: support, "
            "engineering, product or leadership.",
        ),
    ] = None
    channel: Literal["email", "slack", "in_app"] = "email"
    purpose: (
        Literal["adoption", "training", "review", "renewal", "expansion"] | None
    ) = None
    topic: Annotated[
        str | None,
        Field(max_length=500, description="What an escalation is about."),
    ] = None
    as_of: date | None = None


async def _for_caller(
    request: Request,
    caller: Caller,
    account: str,
    work: Callable[P, T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """``work(*args, **kwargs)`` within the answer timeout, on the caller's behalf.

    An account outside the member's book reads as not found, so that a member
    cannot tell it from an account that does not exist.
    """
    try:
        return await within_timeout(request, work, *args, **kwargs)
    except ForbiddenError as exc:
        if caller.member is None:
            raise
        raise NotFoundError(f"no account '{account}'") from exc


@router.post(
    "/briefs",
    summary="A meeting-prep brief as Markdown, HTML or Slack blocks.",
    responses=_RESPONSES,
)
async def brief(
    body: BriefRequest, caller: DraftCaller, services: ServicesDep, request: Request
) -> BriefDocument:
    """Health and trend, risks, expansion, notes, talking points, agenda, questions."""
    return await _for_caller(
        request,
        caller,
        body.account,
        build_brief,
        services,
        body.account,
        body.audience,
        body.format,
        caller.asker,
        attendees=body.attendees,
        as_of=body.as_of,
    )


@router.post(
    "/drafts",
    summary="An outreach or escalation draft to review; nothing is sent.",
    responses=_RESPONSES,
)
async def drafts(
    body: DraftRequest, caller: DraftCaller, services: ServicesDep, request: Request
) -> Answer:
    """The draft as an Answer: text, evidence and figures, like ``/v1/ask``."""
    return await _for_caller(
        request,
        caller,
        body.account,
        draft,
        services,
        body.kind,
        body.account,
        body.audience,
        body.channel,
        caller.asker,
        purpose=body.purpose,
        topic=body.topic,
        as_of=body.as_of,
    )
