"""Internal escalations: impact, ARR at stake, renewal, severity, timeline, ask, owner.

An escalation goes to support, engineering, product or account leadership. Its facts
come from the dossier (tickets, usage, health, notes); when the facts an escalation
needs are missing (no ticket on record, nothing about what was tried) the draft says
what to fill in instead of inventing it, and the answer lists them as missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.drafting.dossier import Dossier
from assistant.engine.toolbox import Toolbox
from assistant.engine.writer import Writer
from knowledge.errors import InvalidInputError
from knowledge.queries.account_activity import TicketRecord

Team = Literal["support", "engineering", "product", "leadership"]
TEAMS: tuple[Team, ...] = ("support", "engineering", "product", "leadership")
_TEAM_WORDS: list[tuple[Team, re.Pattern[str]]] = [
    (
        "engineering",
        re.compile(r"\bengineer|\beng\b|\bdev(elop)?|\bbug\b|\boutage", re.I),
    ),
    ("product", re.compile(r"\bproduct (team|management)|\bpm\b|roadmap", re.I)),
    (
        "leadership",
        re.compile(r"leadership|\bexec|management|\bvp\b|account lead", re.I),
    ),
    ("support", re.compile(r"\bsupport|help ?desk", re.I)),
]
_ASKS: dict[Team, str] = {
    "support": "raise the priority of {tickets}, assign a named engineer and give the "
    "customer a status update today",
    "engineering": "confirm the root cause of {tickets}, give an ETA for a fix or a "
    "workaround, and join a call with the customer's technical lead",
    "product": "say whether the gap behind {tickets} is on the roadmap and when, so we "
    "can give the customer a straight answer",
    "leadership": "join an executive call with the customer's sponsor this week and "
    "back a recovery plan for {tickets}",
}
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "about",
        "for",
        "with",
        "on",
        "in",
        "at",
        "and",
        "or",
        "is",
        "are",
        "was",
        "issue",
        "issues",
        "problem",
        "problems",
        "their",
        "its",
        "escalation",
        "escalate",
        "draft",
        "engineering",
        "support",
        "product",
        "leadership",
        "team",
    ]
)


@dataclass(frozen=True)
class EscalationRequest:
    """What the escalation is about and for whom."""

    team: Team
    topic: str | None


def parse_team(word: str | None) -> Team | None:
    """The team a caller named, None for no word.

    Raises:
        InvalidInputError: the word names no team escalations go to.
    """
    if word is None or not word.strip():
        return None
    key = word.strip().casefold()
    if key in TEAMS:
        return key
    for team, pattern in _TEAM_WORDS:
        if pattern.search(key):
            return team
    raise InvalidInputError(
        f"unknown team '{word}'; escalations go to one of {', '.join(TEAMS)}"
    )


def read_request(question: str) -> EscalationRequest:
    """Team and topic from a request such as 'escalate to engineering about SSO'."""
    team: Team = "support"
    for candidate, pattern in _TEAM_WORDS:
        if pattern.search(question):
            team = candidate
            break
    match = re.search(r"\b(?:about|re|regarding|on|for)\s+(.+?)[?.!]*$", question, re.I)
    return EscalationRequest(team, match.group(1) if match else None)


def topic_words(topic: str | None, account_name: str) -> set[str]:
    """Words of the topic that can match a ticket (account name words dropped)."""
    if not topic:
        return set()
    skip = {w.casefold() for w in re.findall(r"\w+", account_name)}
    words = {w.casefold().removesuffix("'s") for w in re.findall(r"[\w']+", topic)}
    return {w for w in words if len(w) > 1 and w not in _STOP and w not in skip}


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}


def matching_tickets(d: Dossier, words: set[str]) -> list[TicketRecord]:
    """Open tickets about the topic (all open ones when no topic), worst first."""
    rows = d.open_tickets
    if not words:
        return rows
    return [
        t
        for t in rows
        if words
        & {
            w.casefold()
            for w in re.findall(r"\w+", f"{t.subject} {t.product_area or ''}")
        }
    ]


def write_escalation(
    out: Writer, tools: Toolbox, d: Dossier, request: EscalationRequest
) -> None:
    """The escalation, every figure cited; missing facts are asked for, not invented."""
    account = d.account
    words = topic_words(request.topic, account.name)
    tickets = matching_tickets(d, words)
    about = f" about {request.topic}" if request.topic else ""
    out.add(
        f"**Escalation to {request.team}: {account.name} "
        f"({account.account_id}){about}** (draft; not sent)"
    )
    severity = tickets[0].severity if tickets else None
    out.add(f"- Severity: {severity or 'to confirm (no matching open ticket)'}.")
    out.add(f"- Impact: {_impact(out, d, tickets)}")
    arr = out.fig(d.profile_id, "ARR", account.arr, "money")
    if account.renewal_date is not None:
        days = out.fig(
            d.profile_id,
            "days to renewal",
            (account.renewal_date - d.as_of).days,
            "days",
        )
        out.add(
            f"- ARR at stake: {arr}; renewal on {account.renewal_date.isoformat()}, "
            f"in {days} days. [{d.profile_id}]"
        )
    else:
        out.add(f"- ARR at stake: {arr}; renewal date not on record. [{d.profile_id}]")
    out.add("- Timeline:")
    for line in _timeline(out, d, tickets, words):
        out.add(f"  - {line}")
    _tried(out, tools, d, words, tickets)
    listed = ", ".join(t.ticket_id for t in tickets) or "the issue"
    out.add(f"- The ask: {_ASKS[request.team].format(tickets=listed)}.")
    owner = d.csm_name or account.csm_email or "no CSM on record: name an owner"
    if request.team == "leadership" and account.account_manager_email:
        owner += f", with {account.account_manager_email} for the commercial side"
    out.add(f"- Owner of the follow-up: {owner}. [{d.contacts_id}]")
    if not tickets:
        out.add("")
        out.add("**Missing before this can be sent** (nothing was invented):")
        for item in (
            "the ticket number, or open one",
            "when the problem started and who is affected",
            "what has been tried so far",
        ):
            out.add(f"- {item}")
            out.missing.append(item)


def _impact(out: Writer, d: Dossier, tickets: list[TicketRecord]) -> str:
    parts: list[str] = []
    for t in tickets[:2]:
        age = out.fig(d.tickets_id, f"{t.ticket_id} age days", d.age_days(t), "days")
        area = f" in {t.product_area}" if t.product_area else ""
        parts.append(f"{t.ticket_id} “{t.subject}”{area}, open {age} {_unit(age)}")
    users = next((m.value for m in d.usage.metrics if m.name == "active_users"), None)
    cites = [d.tickets_id]
    if users:
        shown = out.fig(d.usage_id, "active users", users, "int")
        window = out.fig(d.usage_id, "window days", d.usage.window.days, "int")
        parts.append(f"{shown} active users in the last {window} days")
        cites.append(d.usage_id)
    if d.health.score is not None:
        score = out.fig(d.health_id, "health score", d.health.score, "score")
        parts.append(f"health {score} ({d.health.band})")
        cites.append(d.health_id)
    text = "; ".join(parts) if parts else "not measurable: no usage or ticket on record"
    return text + ". " + "".join(f"[{c}]" for c in cites)


def _unit(shown: str) -> str:
    return "day" if shown == "1" else "days"


def _timeline(
    out: Writer, d: Dossier, tickets: list[TicketRecord], words: set[str]
) -> list[str]:
    events: list[tuple[str, str]] = []
    for t in tickets[:3]:
        events.append(
            (
                t.opened_at.date().isoformat(),
                f"{t.ticket_id} opened ({t.severity}). [{d.tickets_id}]",
            )
        )
    for t in [t for t in d.tickets if t.closed_at is not None][:2]:
        closed = t.closed_at.date().isoformat() if t.closed_at else ""
        events.append((closed, f"{t.ticket_id} “{t.subject}” closed. [{d.tickets_id}]"))
    for note in d.notes:
        text = f"{note.title} {note.body}".casefold()
        if words and any(w in text for w in words):
            events.append(
                (
                    note.note_date.isoformat(),
                    f"{note.kind} note “{note.title}”. [{d.notes_id}]",
                )
            )
    if d.health.change is not None and d.health.previous_score is not None:
        before = out.fig(
            d.health_id, "previous health score", d.health.previous_score, "score"
        )
        now = out.fig(d.health_id, "health score", d.health.score or 0.0, "score")
        events.append(
            (
                d.as_of.isoformat(),
                f"health {before} → {now} over the last two windows. [{d.health_id}]",
            )
        )
    events.sort()
    return [f"{day}: {text}" for day, text in events] or ["no dated events on record"]


def _tried(
    out: Writer,
    tools: Toolbox,
    d: Dossier,
    words: set[str],
    tickets: list[TicketRecord],
) -> None:
    # TODO: notes do not link to tickets, so what was tried is found by searching
    # the account's notes; a ticket-id field on notes would make this exact.
    query = " ".join(sorted(words)) or "issue workaround tried"
    query = f"{query} workaround tried fix {' '.join(t.subject for t in tickets[:1])}"
    found = tools.search(query, account_id=d.account.account_id, kind="note", k=2)
    if not found:
        out.add("- What was tried: no account note records it; add it before sending.")
        out.missing.append("what has been tried so far")
        return
    out.add("- What was tried (from the account notes; check before sending):")
    for passage, pid in found:
        snippet = " ".join(passage.snippet.split())
        out.add(f"  - {passage.title}: “{snippet}” [{pid}]")
