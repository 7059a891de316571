"""What a CSM would know about an account on the day they write a note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from knowledge.demo.catalog import FEATURE_BY_KEY, available, locked
from knowledge.demo.records import AccountHistory, AccountSpec, Contact, Term, Ticket
from knowledge.demo.values import ValueRow


@dataclass(frozen=True)
class NoteFacts:
    """The account's situation on one day, in the terms a note talks about."""

    account: AccountSpec
    day: date
    term: Term
    contacts: list[Contact]
    in_use: list[str]
    unused: list[str]
    locked: list[str]
    open_tickets: list[Ticket]
    logins_recent: int
    logins_prior: int
    value: ValueRow | None
    churned: bool

    @property
    def days_to_renewal(self) -> int:
        """Days from the note to the end of the running term."""
        return (self.term.end - self.day).days

    @property
    def trend(self) -> float:
        """Logins in the last 30 days relative to the 30 before them."""
        return (self.logins_recent + 1) / (self.logins_prior + 1)

    def persona(self, *wanted: str) -> Contact | None:
        """First contact with one of the wanted personas, in order of preference."""
        for persona in wanted:
            for contact in self.contacts:
                if contact.persona == persona:
                    return contact
        return None


def _sum(history: AccountHistory, first: date, last: date) -> int:
    total, day = 0, first
    while day <= last:
        total += history.daily_logins.get(day, 0)
        day += timedelta(days=1)
    return total


def facts_on(history: AccountHistory, day: date, values: list[ValueRow]) -> NoteFacts:
    """Collect what is true of the account on ``day``.

    Args:
        history: The simulated account.
        day: The note's date.
        values: The account's value-metric rows.

    Returns:
        The facts a note may refer to.
    """
    term = history.term_at(day) or history.current
    used_by_now = {
        key
        for key, start in term.adoption.items()
        if start <= day and history.feature_uses[key] > 0
    }
    offered = available(history.spec.plan)
    moment = datetime(day.year, day.month, day.day, 23, 59, tzinfo=UTC)
    tickets = [
        t
        for t in history.tickets
        if t.opened_at <= moment and (t.closed_at is None or t.closed_at > moment)
    ]
    finished = [v for v in values if v.period_end <= day]
    return NoteFacts(
        account=history.spec,
        day=day,
        term=term,
        contacts=history.spec.contacts,
        in_use=[FEATURE_BY_KEY[k].name for k in sorted(used_by_now)],
        unused=[f.name for f in offered if f.is_key and f.key not in used_by_now],
        locked=[f.name for f in locked(history.spec.plan)],
        open_tickets=tickets,
        logins_recent=_sum(history, day - timedelta(days=29), day),
        logins_prior=_sum(history, day - timedelta(days=59), day - timedelta(days=30)),
        value=finished[-1] if finished else None,
        churned=history.churned and day > history.current.end,
    )
