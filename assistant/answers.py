"""What the assistant answers: text, evidence, figures, follow-ups and a status.

These models are the contract shared by the CLI (``csm ask --json``), the HTTP API
(``POST /v1/ask``) and the Slack bot. Every figure in ``text`` points at the
evidence item it came from; evidence names the tool call or passage that produced it.
"""

from __future__ import annotations

import datetime
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Audience = Literal["department_head", "end_user", "technical"]
Channel = Literal["email", "slack", "in_app"]
Status = Literal["answered", "needs_clarification", "no_data", "refused"]
EngineName = Literal["deterministic", "llm"]

# The asker the CLI uses without ``--as``: the person at the keyboard, with full
# rights. It contains no "@", so no team member's email can ever equal it.
LOCAL_OPERATOR = "local-operator"

AUDIENCE_LABELS: dict[str, str] = {
    "department_head": "department head",
    "end_user": "end users",
    "technical": "technical team",
}


class AskContext(BaseModel):
    """Who asks, in which conversation, with optional hints.

    Attributes:
        asker: Email of the asking team member; ``LOCAL_OPERATOR`` for the CLI run
            without ``--as``. An email that is no team member is refused.
        thread_id: Conversation id (Slack thread ts, API conversation id); turns of
            one thread resolve follow-ups against each other. None = no memory.
        account: Hint naming an account (id or name) when the question does not.
        audience: Hint for the audience of talking points and drafts.
        channel: Hint for the channel of a draft.
        as_of: Day whose data counts; default: today (UTC).
    """

    model_config = ConfigDict(frozen=True)

    asker: str = LOCAL_OPERATOR
    thread_id: str | None = None
    account: str | None = None
    audience: Audience | None = None
    channel: Channel | None = None
    as_of: date | None = None


class AccountRef(BaseModel):
    """An account an answer is about (or a candidate the asker may mean)."""

    account_id: str
    name: str


class ToolEvidence(BaseModel):
    """One tool call: its name, arguments, a summary of the result and its as-of."""

    kind: Literal["tool"] = "tool"
    id: str = Field(description="Evidence id that figures point at, e.g. 'T1'.")
    name: str
    arguments: dict[str, Any]
    summary: str
    as_of: date | None = None
    data: dict[str, Any] = Field(
        default_factory=dict,
        description="The typed facts taken from the result (what figures cite).",
    )


class PassageEvidence(BaseModel):
    """One passage of a playbook or note that the answer used."""

    kind: Literal["passage"] = "passage"
    id: str = Field(description="Evidence id that citations point at, e.g. 'P1'.")
    document_id: str
    chunk_id: str
    version: int
    title: str
    heading: str
    snippet: str
    account_id: str | None = None
    date: datetime.date | None = None


Evidence = Annotated[ToolEvidence | PassageEvidence, Field(discriminator="kind")]


class Figure(BaseModel):
    """A number shown in the text and the evidence item it came from."""

    label: str
    value: float
    text: str = Field(description="The number exactly as written in the text.")
    evidence_id: str


class Answer(BaseModel):
    """The assistant's answer to one question.

    ``status`` says how to read it: ``answered``; ``needs_clarification`` (ask back
    ``clarification``, e.g. which of ``candidates``); ``no_data`` (``missing`` says
    what is missing); ``refused`` (the asker may not see this, or is unknown).
    """

    question: str
    status: Status
    intent: str
    text: str = Field(description="Markdown.")
    accounts: list[AccountRef] = Field(default_factory=list)
    audience: Audience | None = None
    channel: Channel | None = None
    window_days: int | None = None
    as_of: date | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    follow_ups: list[str] = Field(default_factory=list)
    clarification: str | None = None
    candidates: list[AccountRef] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    engine: EngineName = "deterministic"
    notes: list[str] = Field(
        default_factory=list,
        description="How the answer was made, e.g. 'LLM timed out; deterministic'.",
    )
    thread_id: str | None = None
    asker: str | None = None
