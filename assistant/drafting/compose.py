"""Talking points, outreach and escalations written into a writer from one dossier.

Both ways in share these functions: the intents behind ``csm ask`` (a question)
and the plain functions behind ``csm draft`` and the HTTP API (explicit arguments).
"""

from __future__ import annotations

from assistant.answers import AUDIENCE_LABELS, Audience, Channel
from assistant.drafting.dossier import gather
from assistant.drafting.escalation_text import EscalationRequest, write_escalation
from assistant.drafting.outreach_text import (
    DEFAULT_AUDIENCE,
    Purpose,
    Sender,
    purpose_of,
    write_outreach,
)
from assistant.drafting.points import points_for
from assistant.drafting.recipients import choose
from assistant.engine.toolbox import Toolbox
from assistant.engine.writer import Writer
from knowledge.queries.accounts import AccountRecord


def compose_talking_points(
    tools: Toolbox,
    account: AccountRecord,
    out: Writer,
    audience: Audience | None,
    question: str = "",
) -> Audience:
    """Points for one audience, addressed to a contact; returns the audience used."""
    dossier = gather(tools, account, tools.services.health_model)
    recipient = choose(
        dossier.contacts,
        audience or "department_head",
        question=question,
        account_name=account.name,
    )
    # A contact named in the request decides the audience: "Sunridge's IT director"
    # reads as a director (department head) by wording but is the technical lead.
    named = recipient.reason == "named in the request"
    used = recipient.audience if named or audience is None else audience
    label = AUDIENCE_LABELS[used]
    out.add(f"**Talking points for {account.name}'s {label}: {recipient.label}**")
    if audience is None and recipient.reason != "named in the request":
        out.add(
            "_No audience recognised in the request; these are for the department "
            "head. Ask for end users or the technical team for theirs._"
        )
    if recipient.contact is None or "no contact titled" in recipient.reason:
        out.add(f"_Note: {recipient.reason}. [{dossier.contacts_id}]_")
    if not dossier.has_usage:
        out.notes.append(f"no usage recorded for {account.name}")
    for point in points_for(used, dossier, out):
        out.add(f"- {point.cited()}")
    return used


def compose_outreach(
    tools: Toolbox,
    account: AccountRecord,
    out: Writer,
    *,
    sender: Sender,
    audience: Audience | None = None,
    purpose: Purpose | None = None,
    channel: Channel = "email",
    question: str = "",
) -> Audience:
    """A customer-facing draft; returns the audience it is addressed to."""
    model = tools.services.health_model
    dossier = gather(tools, account, model, lift=False)
    chosen = purpose or purpose_of(question, dossier)
    wanted = audience or DEFAULT_AUDIENCE[chosen]
    recipient = choose(
        dossier.contacts, wanted, question=question, account_name=account.name
    )
    expansion = tools.expansion(account) if chosen == "expansion" else None
    if chosen in ("adoption", "training") and not dossier.has_usage:
        out.notes.append(f"no usage recorded for {account.name}: drafted as onboarding")
    write_outreach(out, dossier, recipient, chosen, channel, sender, expansion)
    if chosen == "expansion" and expansion is not None and not expansion[0].signals:
        out.notes.append("no expansion signal in the data; the draft sticks to value")
    _sources(out, tools)
    return recipient.audience


def compose_escalation(
    tools: Toolbox, account: AccountRecord, out: Writer, request: EscalationRequest
) -> None:
    """An internal escalation with every fact cited and missing facts asked for."""
    dossier = gather(
        tools, account, tools.services.health_model, lift=False, with_notes=True
    )
    write_escalation(out, tools, dossier, request)


def _sources(out: Writer, tools: Toolbox) -> None:
    used = sorted({f.evidence_id for f in out.figures}, key=lambda e: int(e[1:]))
    if not used:
        return
    names = {t.id: t.name for t in tools.ledger.tools}
    listed = "; ".join(f"{e} {names.get(e, '')}".strip() for e in used)
    out.add("")
    out.add(f"_For the reviewer — figures come from: {listed}._")
