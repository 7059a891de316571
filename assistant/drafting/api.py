"""``draft`` and ``talking_points``: plain functions behind ``csm draft`` and
``POST /v1/drafts``. Nothing here sends anything."""

from __future__ import annotations

from datetime import date
from typing import Literal

from assistant.answers import LOCAL_OPERATOR, Answer, Audience, Channel
from assistant.container import Services
from assistant.drafting.compose import (
    compose_escalation,
    compose_outreach,
    compose_talking_points,
)
from assistant.drafting.escalation_text import EscalationRequest, parse_team
from assistant.drafting.outreach_text import PURPOSES, Purpose, Sender
from assistant.drafting.recipients import named_contact, parse_audience
from assistant.drafting.session import close_session, open_session, sender_for
from knowledge.errors import InvalidInputError
from knowledge.queries.account_activity import contacts_of

DraftKind = Literal["outreach", "escalation"]
CHANNELS: tuple[Channel, ...] = ("email", "slack", "in_app")


def draft(
    services: Services,
    kind: str,
    account: str,
    to: str | None = None,
    channel: str = "email",
    asker: str = LOCAL_OPERATOR,
    *,
    purpose: str | None = None,
    topic: str | None = None,
    as_of: date | None = None,
) -> Answer:
    """A draft for the CSM to review; never sent.

    Args:
        services: The process's services.
        kind: ``outreach`` (to the customer) or ``escalation`` (to an internal team).
        account: Account id or name.
        to: Outreach: an audience or job title (``end_user``, ``technical``, "VP of
            Finance"); escalation: ``support``, ``engineering``, ``product`` or
            ``leadership``. None = the purpose's usual audience / support.
        channel: ``email``, ``slack`` or ``in_app`` (outreach only).
        asker: Email of the team member asking (their rights apply; they sign).
        purpose: Outreach purpose: adoption, training, review, renewal, expansion.
        topic: What an escalation is about ("SSO outage"); matched to tickets.
        as_of: Last day whose data counts (default today, UTC).

    Raises:
        InvalidInputError: unknown kind, channel, purpose, audience or team.
        NotFoundError: no such account.
        ForbiddenError: the asker may not see the account, or is no team member.
    """
    if kind not in ("outreach", "escalation"):
        raise InvalidInputError(
            f"unknown draft kind '{kind}'; use outreach or escalation"
        )
    if kind == "escalation":
        team = parse_team(to) or "support"
        session = open_session(services, account, asker, as_of)
        compose_escalation(
            session.tools, session.account, session.out, EscalationRequest(team, topic)
        )
        question = f"escalation to {team}" + (f" about {topic}" if topic else "")
        return close_session(session, intent="draft_escalation", question=question)
    if channel not in CHANNELS:
        raise InvalidInputError(
            f"unknown channel '{channel}'; use one of {', '.join(CHANNELS)}"
        )
    if purpose is not None and purpose not in PURPOSES:
        raise InvalidInputError(
            f"unknown purpose '{purpose}'; use one of {', '.join(PURPOSES)}"
        )
    session = open_session(services, account, asker, as_of)
    audience = _audience(services, session.account.account_id, to)
    name, title = sender_for(services, session.principal, session.account)
    used = compose_outreach(
        session.tools,
        session.account,
        session.out,
        sender=Sender(name, title),
        audience=audience,
        purpose=purpose,
        channel=channel,
        question=to or "",
    )
    return close_session(
        session,
        intent="draft_outreach",
        question=f"{purpose or 'outreach'} {channel} to {to or used}",
        audience=used,
        channel=channel,
    )


def talking_points(
    services: Services,
    account: str,
    audience: str | None = None,
    asker: str = LOCAL_OPERATOR,
    *,
    as_of: date | None = None,
) -> Answer:
    """Talking points for one audience (or job title), each point citing evidence.

    Raises:
        InvalidInputError: unknown audience word.
        NotFoundError: no such account.
        ForbiddenError: the asker may not see the account, or is no team member.
    """
    session = open_session(services, account, asker, as_of)
    wanted = _audience(services, session.account.account_id, audience)
    used = compose_talking_points(
        session.tools, session.account, session.out, wanted, audience or ""
    )
    return close_session(
        session,
        intent="talking_points",
        question=f"talking points for {audience or used}",
        audience=used,
    )


def _audience(services: Services, account_id: str, word: str | None) -> Audience | None:
    """An audience word, or None when the word is a contact's name or title."""
    try:
        return parse_audience(word)
    except InvalidInputError:
        contacts = contacts_of(services.engine, [account_id]).get(account_id, [])
        if word and named_contact(word, contacts) is not None:
            return None
        raise


__all__ = ["CHANNELS", "DraftKind", "Purpose", "draft", "talking_points"]
