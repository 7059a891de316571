"""Build a meeting brief from one dossier: snapshot, health and trend, risks, signals,
notes and tickets, points per attendee, agenda and questions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from assistant.answers import AUDIENCE_LABELS, Audience
from assistant.briefs.agenda import agenda_lines, question_lines
from assistant.briefs.model import Brief, BriefSection, TrendPoint
from assistant.drafting.dossier import Dossier, first_sentence, gather
from assistant.drafting.points import points_for
from assistant.drafting.recipients import (
    AUDIENCES,
    Recipient,
    audience_of_contact,
    choose,
)
from assistant.engine.injection import looks_like_injection
from assistant.engine.toolbox import Toolbox
from assistant.engine.writer import Writer
from assistant.intents.common import health_headline, indicator_text, weakest
from knowledge.queries.account_activity import TicketRecord
from knowledge.queries.accounts import AccountRecord
from tools.expansion import ExpansionReport

TREND_POINTS = 6
TREND_STEP_DAYS = 30


def build(
    tools: Toolbox,
    account: AccountRecord,
    out: Writer,
    *,
    audience: Audience | None = None,
    attendees: Sequence[str] = (),
) -> Brief:
    """The brief; figures go through ``out`` so each one cites its evidence."""
    d = gather(tools, account, tools.services.health_model, with_notes=True)
    trend = _trend(tools, account, d)
    expansion = tools.expansion(account)
    people = _attendees(d, audience, attendees, out)
    sections = [
        BriefSection(title="Snapshot", lines=_snapshot(out, d)),
        BriefSection(title="Health and trend", lines=_health(out, d, trend)),
        BriefSection(title="Risks", lines=_risks(out, d)),
        BriefSection(title="Expansion signals", lines=_signals(out, expansion)),
        BriefSection(title="Recent notes", lines=_notes(d)),
        BriefSection(title="Tickets", lines=_tickets(out, d)),
    ]
    for recipient in people:
        label = AUDIENCE_LABELS[recipient.audience]
        lines = [f"_{recipient.reason}_"] if recipient.contact is None else []
        lines += [p.cited() for p in points_for(recipient.audience, d, out)]
        sections.append(
            BriefSection(
                title=f"Talking points: {recipient.label}, {label}", lines=lines
            )
        )
    sections.append(
        BriefSection(title="Suggested agenda", lines=agenda_lines(d, expansion[0]))
    )
    sections.append(
        BriefSection(title="Questions to ask", lines=question_lines(d, expansion[0]))
    )
    bands = tools.services.health_model.bands
    return Brief(
        account_id=account.account_id,
        account_name=account.name,
        as_of=d.as_of,
        title=f"Meeting brief: {account.name} ({account.account_id})",
        attendees=[r.label for r in people],
        sections=sections,
        trend=trend,
        green_from=bands.green,
        yellow_from=bands.yellow,
        evidence=tools.ledger.evidence(),
        figures=out.figures,
        notes=out.notes,
    )


def _attendees(
    d: Dossier, audience: Audience | None, names: Sequence[str], out: Writer
) -> list[Recipient]:
    found: list[Recipient] = []
    for name in names:
        key = name.strip().casefold()
        contact = next(
            (
                c
                for c in d.contacts
                if key in (c.name.casefold(), (c.email or "").casefold())
            ),
            None,
        )
        if contact is None:
            out.notes.append(f"attendee '{name}' is no contact of {d.account.name}")
            continue
        found.append(Recipient(audience_of_contact(contact), contact, "attendee"))
    if found:
        return found
    wanted = [audience] if audience else list(AUDIENCES)
    return [choose(d.contacts, a, account_name=d.account.name) for a in wanted]


def _trend(tools: Toolbox, account: AccountRecord, d: Dossier) -> list[TrendPoint]:
    """The score as of several past days, oldest first (the last one is today's)."""
    # TODO: score the trend's dates in one set-based pass; tools.health takes one
    # as-of date per call, so the trend costs five scorings (most of a brief's time).
    points: list[TrendPoint] = []
    for step in range(TREND_POINTS - 1, 0, -1):
        day = d.as_of - timedelta(days=step * TREND_STEP_DAYS)
        report, eid = tools.health(account, as_of=day)
        points.append(
            TrendPoint(day=day, score=report.score, band=report.band, evidence_id=eid)
        )
    points.append(
        TrendPoint(
            day=d.as_of,
            score=d.health.score,
            band=d.health.band,
            evidence_id=d.health_id,
        )
    )
    return points


def _snapshot(out: Writer, d: Dossier) -> list[str]:
    a = d.account
    arr = out.fig(d.profile_id, "ARR", a.arr, "money")
    lines = [
        f"ARR {arr} ({a.currency}), {a.segment.replace('_', '-')} segment "
        f"[{d.profile_id}]"
    ]
    plan = a.plan or "not on record"
    if a.seats:
        plan += f", {out.fig(d.profile_id, 'seats', a.seats, 'int')} seats"
    lines.append(f"Plan: {plan} [{d.profile_id}]")
    if a.renewal_date:
        days = out.fig(
            d.profile_id, "days to renewal", (a.renewal_date - d.as_of).days, "days"
        )
        lines.append(
            f"Renewal: {a.renewal_date.isoformat()}, in {days} days [{d.profile_id}]"
        )
    else:
        lines.append("Renewal: date not on record")
    csm = f"{d.csm_name} ({a.csm_email})" if d.csm_name else "no CSM on record"
    lines.append(
        f"CSM: {csm}; account manager: {a.account_manager_email or 'none'} "
        f"[{d.contacts_id}]"
    )
    return lines


def _health(out: Writer, d: Dossier, trend: list[TrendPoint]) -> list[str]:
    if d.health.score is None:
        return [
            f"Not scored: {'; '.join(d.health.gaps) or 'no usage recorded'} "
            f"[{d.health_id}]"
        ]
    headline = health_headline(out, d.health_id, d.health)
    lines = [f"{headline[:1].upper()}{headline[1:]} [{d.health_id}]"]
    for row in weakest(d.health):
        adds = out.fig(d.health_id, f"{row.label} points", row.contribution, "points")
        weight = out.fig(
            d.health_id, f"{row.label} weight", row.effective_weight, "points"
        )
        lines.append(
            f"Weakest: {indicator_text(out, d.health_id, row)} "
            f"(adds {adds} of its {weight} points) [{d.health_id}]"
        )
    moves = d.health.to_green.single_moves if d.health.to_green else []
    if moves:
        move = moves[0]
        target = out.fig(d.health_id, f"{move.label} target", move.target, "float")
        lines.append(
            f"Back to green: bring {move.label.lower()} to {target} [{d.health_id}]"
        )
    scored = [p for p in trend if p.score is not None]
    if scored:
        parts = [
            f"{p.day.isoformat()} "
            + out.fig(p.evidence_id, "health score", p.score or 0.0, "score")
            for p in scored
        ]
        cites = "".join(f"[{p.evidence_id}]" for p in scored)
        lines.append(f"Trend: {' → '.join(parts)} {cites}")
    return lines


def _risks(out: Writer, d: Dossier) -> list[str]:
    lines = [f"{f.description} ({f.severity}) [{d.health_id}]" for f in d.health.flags]
    return lines or [f"No risk rule fires. [{d.health_id}]"]


def _signals(out: Writer, expansion: tuple[ExpansionReport, str]) -> list[str]:
    report, eid = expansion
    return [f"{s.description} [{eid}]" for s in report.signals] or [
        f"None right now. [{eid}]"
    ]


def _notes(d: Dossier) -> list[str]:
    if not d.notes:
        return [f"No notes on record. [{d.notes_id}]"]
    lines = []
    for note in d.notes:
        first = first_sentence(note.body)
        if looks_like_injection(note.body):
            first = "(text withheld: it addresses an assistant, check the note itself)"
        lines.append(
            f"{note.note_date.isoformat()} {note.kind}: **{note.title}**: {first} "
            f"[{d.notes_id}]"
        )
    return lines


def _tickets(out: Writer, d: Dossier) -> list[str]:
    lines = [
        f"Open: {t.ticket_id} {t.severity} “{t.subject}”, open "
        f"{_days(_age(out, d, t))} "
        f"[{d.tickets_id}]"
        for t in d.open_tickets[:5]
    ]
    closed = [t for t in d.tickets if t.closed_at is not None]
    if closed:
        count = out.fig(d.tickets_id, "tickets closed recently", len(closed), "int")
        lines.append(f"{count} closed in the last 90 days [{d.tickets_id}]")
    return lines or [f"No tickets in the last 90 days. [{d.tickets_id}]"]


def _age(out: Writer, d: Dossier, ticket: TicketRecord) -> str:
    return out.fig(
        d.tickets_id, f"{ticket.ticket_id} age days", d.age_days(ticket), "days"
    )


def _days(shown: str) -> str:
    return f"{shown} day" if shown == "1" else f"{shown} days"
