"""Support tickets: background noise plus the sev1s that put renewals at risk."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta

from knowledge.demo.records import AccountSpec, Term, Ticket

_MONTHLY_RATE = {"enterprise": 1.4, "mid_market": 0.55, "smb": 0.18}
_SEVERITY = (("sev1", 0.02), ("sev2", 0.13), ("sev3", 0.45), ("sev4", 0.40))
_DAYS_TO_CLOSE = {"sev1": (1, 9), "sev2": (2, 14), "sev3": (3, 30), "sev4": (2, 45)}

SUBJECTS: dict[str, tuple[str, ...]] = {
    "Security": (
        "SSO login loop after IdP certificate rotation",
        "SAML assertion rejected for users in new OU",
        "SCIM deprovisioning did not remove departed users",
        "Audit log export missing last week's entries",
        "Custom role cannot see shared dashboards",
    ),
    "Insights": (
        "Scheduled report arrived empty on Monday",
        "Dashboard tiles time out for large date ranges",
        "Forecast numbers differ from the report builder",
        "Report builder drops filter when duplicating",
        "Custom metric shows wrong currency symbol",
    ),
    "Workflows": (
        "Automation rule fired twice on the same record",
        "Approval chain stuck on a deactivated approver",
        "Task assignments not visible to new team members",
        "Template library search returns no results",
    ),
    "Collaboration": (
        "Team inbox not receiving forwarded mail",
        "Mobile app crashes on launch after update",
        "Calendar sync duplicating recurring events",
        "Broadcast sent to the wrong distribution list",
    ),
    "Platform": (
        "API returns 429 during nightly sync",
        "Webhook deliveries delayed by several hours",
        "CRM integration stopped syncing opportunities",
        "HRIS sync failing with authentication error",
        "Bulk import rejects file with accented names",
        "Data export job to SFTP failing",
    ),
    "Billing": (
        "Invoice shows more seats than contracted",
        "Need a W-9 and updated billing contact",
        "Question about true-up on renewal",
    ),
}
AREAS: tuple[str, ...] = tuple(SUBJECTS)

_CRITICAL = {
    "Security": "SSO outage: no one can sign in since this morning",
    "Platform": "Integration down: records not syncing to CRM for two days",
    "Insights": "Dashboards unavailable for the whole organisation",
    "Collaboration": "Team inbox lost messages during outage",
    "Workflows": "Automation rules stopped running across all workspaces",
    "Billing": "Account locked out after payment failure",
}


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw for small means (Knuth's method)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _at(day: date, rng: random.Random) -> datetime:
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return moment + timedelta(minutes=rng.randint(7 * 60, 20 * 60))


def _sev(rng: random.Random) -> str:
    roll = rng.random()
    for severity, weight in _SEVERITY:
        roll -= weight
        if roll <= 0:
            return severity
    return "sev4"


def _ticket(
    spec: AccountSpec,
    number: int,
    severity: str,
    area: str,
    subject: str,
    opened: datetime,
    closed: datetime | None,
    as_of: date,
    rng: random.Random,
) -> Ticket:
    end_of_as_of = datetime(as_of.year, as_of.month, as_of.day, 23, 59, tzinfo=UTC)
    if closed is not None and closed > end_of_as_of:
        closed = None
    status = "closed" if closed else ("pending" if rng.random() < 0.35 else "open")
    return Ticket(
        f"T-{number}", spec.account_id, subject, severity, status, opened, closed, area
    )


def term_tickets(
    spec: AccountSpec,
    term: Term,
    span: tuple[date, date],
    as_of: date,
    rng: random.Random,
    next_number: int,
) -> list[Ticket]:
    """Tickets opened during ``span`` of a term.

    Low-engagement terms get more tickets and, with a probability that falls with
    engagement, a sev1 opened shortly before the term's end that is still unresolved
    in its last 30 days: one of the leading indicators renewal outcomes depend on.

    Args:
        spec: The account.
        term: The term.
        span: Days of the term inside the usage window.
        as_of: Tickets closing after this day are still open or pending.
        rng: The account's ticket stream.
        next_number: First ticket number to use.

    Returns:
        The tickets, numbered consecutively.
    """
    if spec.no_tickets:
        return []
    tickets: list[Ticket] = []
    days = (span[1] - span[0]).days + 1
    rate = _MONTHLY_RATE[spec.segment] * (1.0 + 0.35 * max(0.0, -term.engagement))
    for _ in range(poisson(rng, rate * days / 30.0)):
        severity = _sev(rng)
        area = rng.choice(AREAS)
        opened = _at(span[0] + timedelta(days=rng.randrange(days)), rng)
        low, high = _DAYS_TO_CLOSE[severity]
        closed = opened + timedelta(
            days=rng.randint(low, high), minutes=rng.randint(5, 600)
        )
        subject = rng.choice(SUBJECTS[area])
        tickets.append(
            _ticket(
                spec,
                next_number + len(tickets),
                severity,
                area,
                subject,
                opened,
                closed,
                as_of,
                rng,
            )
        )

    anchor = min(term.end, as_of)
    forced = spec.open_sev1_area is not None and term.end >= as_of
    chance = 1.0 / (1.0 + math.exp(2.3 + 1.4 * term.engagement))
    if forced or rng.random() < chance:
        area = spec.open_sev1_area or rng.choice(("Security", "Platform", "Insights"))
        back = (
            rng.randint(8, 40) if forced or term.end >= as_of else rng.randint(20, 75)
        )
        opened_day = max(span[0], anchor - timedelta(days=back))
        opened = _at(opened_day, rng)
        closed = opened + timedelta(days=rng.randint(25, 70))
        tickets.append(
            _ticket(
                spec,
                next_number + len(tickets),
                "sev1",
                area,
                _CRITICAL[area],
                opened,
                closed,
                as_of,
                rng,
            )
        )
    tickets.sort(key=lambda t: t.opened_at)
    return [
        Ticket(
            f"T-{next_number + i}",
            t.account_id,
            t.subject,
            t.severity,
            t.status,
            t.opened_at,
            t.closed_at,
            t.product_area,
        )
        for i, t in enumerate(tickets)
    ]
