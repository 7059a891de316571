"""Pydantic records of the data contract: what a row of each file must hold.

The importer validates CSV rows with these models and the HTTP API accepts them as
JSON, so both speak the same contract. Usage events are validated by a hand-written
fast path in the importer because they arrive by the million.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Segment = Literal["enterprise", "mid_market", "smb"]
Role = Literal["csm", "account_manager", "cs_ops", "admin"]
Persona = Literal[
    "department_head", "end_user", "technical", "executive_sponsor", "admin"
]
UsageEventKind = Literal["login", "feature_used", "message_sent"]
Outcome = Literal["open", "renewed", "expanded", "contracted", "churned"]
Severity = Literal["sev1", "sev2", "sev3", "sev4"]
TicketStatus = Literal["open", "pending", "closed"]
AccountStatus = Literal["active", "churned"]
NoteKind = Literal["call", "qbr", "email", "internal"]
Stage = Literal["land", "adopt", "renew", "expand", "any"]
Audience = Literal["department_head", "end_user", "technical", "csm"]
DocumentStatus = Literal["published", "draft", "retired"]

NonEmpty = Field(min_length=1)


def as_utc(value: datetime) -> datetime:
    """A timestamp without an offset is UTC, as the contract says."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)


class TeamMemberRecord(_Record):
    """A row of team.csv."""

    email: str = Field(min_length=3, pattern=r"^[^@\s]+@[^@\s]+$")
    name: str = NonEmpty
    role: Role
    slack_user_id: str | None = Field(default=None, pattern=r"^[UW][A-Z0-9]+$")


class AccountRecord(_Record):
    """A row of accounts.csv."""

    account_id: str = NonEmpty
    name: str = NonEmpty
    segment: Segment
    arr: float = Field(ge=0)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    industry: str | None = None
    plan: str | None = None
    seats: int | None = Field(default=None, ge=0)
    csm_email: str | None = None
    account_manager_email: str | None = None
    contract_start: date | None = None
    renewal_date: date | None = None
    status: AccountStatus = "active"


class ContactRecord(_Record):
    """A row of contacts.csv."""

    contact_id: str = NonEmpty
    account_id: str = NonEmpty
    name: str = NonEmpty
    email: str | None = None
    title: str | None = None
    persona: Persona | None = None


class FeatureRecord(_Record):
    """A row of features.csv."""

    feature_key: str = NonEmpty
    name: str = NonEmpty
    product: str | None = None
    is_key: bool = False
    description: str | None = None


class ValueMetricRecord(_Record):
    """A row of value_metrics.csv."""

    account_id: str = NonEmpty
    metric: str = NonEmpty
    value: float
    period_start: date
    period_end: date
    target: float | None = None
    higher_is_better: bool = True


class SubscriptionRecord(_Record):
    """A row of subscriptions.csv."""

    account_id: str = NonEmpty
    start_date: date
    end_date: date
    arr: float = Field(ge=0)
    seats: int | None = Field(default=None, ge=0)
    outcome: Outcome


class TicketRecord(_Record):
    """A row of tickets.csv."""

    ticket_id: str = NonEmpty
    account_id: str = NonEmpty
    subject: str = NonEmpty
    severity: Severity
    status: TicketStatus
    opened_at: datetime
    closed_at: datetime | None = None
    product_area: str | None = None

    @field_validator("opened_at", "closed_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else as_utc(value)


class UsageEventRecord(_Record):
    """A row of usage_events.csv, as the HTTP API accepts it."""

    account_id: str = NonEmpty
    user_id: str = NonEmpty
    event: UsageEventKind
    feature_key: str | None = None
    quantity: float = Field(default=1, ge=0)
    occurred_at: datetime


class NoteRecord(_Record):
    """An account note: front matter plus Markdown body."""

    note_id: str | None = None
    account_id: str = NonEmpty
    title: str = NonEmpty
    author: str | None = None
    date: date
    kind: NoteKind = "call"
    body: str


def _default_audience() -> list[Audience]:
    return ["csm"]


def _any_segment() -> list[Segment | Literal["any"]]:
    return ["any"]


class PlaybookRecord(_Record):
    """A playbook: front matter plus Markdown body."""

    slug: str = Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str = NonEmpty
    stage: Stage = "any"
    audience: list[Audience] = Field(default_factory=_default_audience)
    segment: list[Segment | Literal["any"]] = Field(default_factory=_any_segment)
    tags: list[str] = Field(default_factory=list)
    owner: str | None = None
    status: DocumentStatus = "published"
    body: str

    @field_validator("segment", "audience", "tags", mode="before")
    @classmethod
    def _listify(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


def utc_from_iso(text: str) -> datetime:
    """Parse an ISO 8601 timestamp (``Z`` allowed), defaulting to UTC."""
    return as_utc(datetime.fromisoformat(text))
