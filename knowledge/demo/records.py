"""Plain records the generator passes between its steps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Window:
    """The span of usage written: ``days`` days ending on ``as_of`` inclusive."""

    start: date
    as_of: date


@dataclass(frozen=True)
class TeamMember:
    """A row of team.csv."""

    email: str
    name: str
    role: str
    slack_user_id: str


@dataclass(frozen=True)
class Contact:
    """A row of contacts.csv."""

    contact_id: str
    account_id: str
    name: str
    email: str
    title: str
    persona: str


@dataclass
class AccountSpec:
    """What is decided about an account before its history is simulated."""

    account_id: str
    name: str
    segment: str
    industry: str
    plan: str
    domain: str
    landed: date
    initial_arr: float
    initial_seats: int
    affinity: float  # mean engagement; terms vary around it
    csm_email: str | None
    am_email: str | None
    contacts: list[Contact] = field(default_factory=list)
    no_usage: bool = False
    no_tickets: bool = False
    no_notes: bool = False
    keep_active: bool = False
    injection_note: bool = False
    forced_features: tuple[str, ...] = ()
    declining_now: bool = False
    open_sev1_area: str | None = None


@dataclass(frozen=True)
class Indicators:
    """Leading indicators of one ended term, measured from the written rows."""

    breadth: int  # key features used in the first 60 days of the term
    breadth_share: float  # ... as a share of the key features the plan includes
    login_trend: float  # log((last 30 days + 1) / (mean of prior two 30-day spans + 1))
    open_sev1: bool  # a sev1 was unresolved at some point in the last 30 days
    churn_probability: float


@dataclass
class Term:
    """One annual subscription term."""

    start: date
    end: date  # last day, inclusive
    arr: float
    seats: int
    engagement: float
    slope: float  # relative change of activity over the 120 days before its anchor
    adoption: dict[str, date]  # feature key -> day the account starts using it
    outcome: str = "open"
    indicators: Indicators | None = None


@dataclass(frozen=True)
class Ticket:
    """A row of tickets.csv."""

    ticket_id: str
    account_id: str
    subject: str
    severity: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    product_area: str


@dataclass
class AccountHistory:
    """Everything simulated for one account."""

    spec: AccountSpec
    terms: list[Term] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    daily_logins: dict[date, int] = field(default_factory=dict)
    feature_uses: Counter[str] = field(default_factory=Counter)
    usage_rows: int = 0

    @property
    def churned(self) -> bool:
        """True when the last term ended in churn."""
        return bool(self.terms) and self.terms[-1].outcome == "churned"

    @property
    def current(self) -> Term:
        """The last term: open for active accounts, churned otherwise."""
        return self.terms[-1]

    def term_at(self, day: date) -> Term | None:
        """The term running on ``day``, if any."""
        for term in self.terms:
            if term.start <= day <= term.end:
                return term
        return None
