"""``POST /v1/feedback``: a helpful / not-helpful vote on a cited passage."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.auth import AskCaller
from assistant.api.deps import KnowledgeBaseDep
from assistant.api.problems import COMMON_ERRORS

router = APIRouter(prefix="/v1", tags=["ask"], responses=COMMON_ERRORS)


class FeedbackIn(BaseModel):
    """A vote on one passage an answer cited."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "chunk_id": "playbook:renewal-risk#3",
                    "helpful": True,
                    "question": "How do I save a red renewal?",
                }
            ]
        },
    )

    chunk_id: Annotated[
        str,
        Field(
            min_length=3,
            max_length=300,
            description="The passage's chunk_id from the answer's evidence.",
        ),
    ]
    helpful: bool
    question: Annotated[str | None, Field(max_length=4000)] = None


class FeedbackOut(BaseModel):
    """The vote was stored; it nudges that passage's rank, boundedly."""

    recorded: bool
    chunk_id: str


@router.post(
    "/feedback",
    status_code=status.HTTP_201_CREATED,
    summary="Vote on a passage an answer cited.",
)
def feedback(body: FeedbackIn, caller: AskCaller, kb: KnowledgeBaseDep) -> FeedbackOut:
    """Record the vote with who gave it."""
    kb.feedback(body.chunk_id, body.helpful, caller.actor, body.question)
    return FeedbackOut(recorded=True, chunk_id=body.chunk_id)
