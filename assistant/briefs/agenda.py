"""A suggested agenda and questions to ask, each earned by a fact of the dossier."""

from __future__ import annotations

from assistant.drafting.dossier import Dossier
from tools.expansion import ExpansionReport

_RENEWAL_TALK_DAYS = 120


def agenda_lines(d: Dossier, expansion: ExpansionReport) -> list[str]:
    """Agenda items in meeting order; the facts decide which items appear."""
    items = ["Their goals for the next quarter and what changed on their side"]
    if d.values:
        names = ", ".join(v.label.lower() for v in d.values[:2])
        items.append(f"Outcomes against target: {names} [{d.values_id}]")
    else:
        items.append(
            f"Agree a business outcome to measure, with a target [{d.values_id}]"
        )
    if d.unused:
        names = ", ".join(f.name for f in d.unused[:3])
        items.append(
            f"Adoption: {names}, in the plan and not used yet [{d.catalog_id}]"
        )
    if d.open_tickets:
        ids = ", ".join(t.ticket_id for t in d.open_tickets[:3])
        items.append(f"Open issues and owners: {ids} [{d.tickets_id}]")
    if d.health.flags:
        items.append(
            f"Risk to address: {d.health.flags[0].description} [{d.health_id}]"
        )
    if expansion.signals:
        items.append("Growth: " + expansion.signals[0].description)
    renewal = d.account.renewal_date
    if renewal is not None and 0 <= (renewal - d.as_of).days <= _RENEWAL_TALK_DAYS:
        items.append(
            f"Renewal on {renewal.isoformat()}: what the next term should "
            f"deliver [{d.profile_id}]"
        )
    items.append("Next steps, owners and dates")
    return items


def question_lines(d: Dossier, expansion: ExpansionReport) -> list[str]:
    """Open questions that fill the gaps the data leaves."""
    asks: list[str] = []
    if not d.values or all(v.target is None for v in d.values):
        asks.append(
            "Which business outcome should we measure, and what target counts "
            "as success?"
        )
    if any(f.rule == "logins_falling" for f in d.health.flags):
        asks.append("Logins fell month over month: what changed in the team's work?")
    if d.unused:
        asks.append(f"What keeps the team from using {d.unused[0].name}?")
    if d.open_tickets:
        first = d.open_tickets[0]
        asks.append(f"Is {first.ticket_id} (“{first.subject}”) still blocking anyone?")
    if not any(c.persona == "technical" for c in d.contacts):
        asks.append("Who is your technical lead for integrations and sign-on?")
    if not d.has_usage:
        asks.append("Who should be the first users, and when do they start?")
    if expansion.signals:
        asks.append("Are more teams or people planning to use the product this year?")
    asks.append("Who else takes part in the renewal decision?")
    return asks
