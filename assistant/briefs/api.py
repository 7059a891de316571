"""``build_brief``: the plain function behind ``csm brief`` and ``POST /v1/briefs``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from assistant.answers import LOCAL_OPERATOR
from assistant.briefs.build import build
from assistant.briefs.html import render_html
from assistant.briefs.markdown import render_markdown
from assistant.briefs.model import FORMATS, Brief, BriefDocument, BriefFormat
from assistant.briefs.slack import render_slack
from assistant.container import Services
from assistant.drafting.recipients import parse_audience
from assistant.drafting.session import open_session
from assistant.engine.evidence import Ledger
from assistant.engine.faithfulness import check_text
from knowledge.errors import InvalidInputError

logger = logging.getLogger(__name__)

_MEDIA_TYPES: dict[BriefFormat, str] = {
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "slack": "application/json",
}


def build_brief(
    services: Services,
    account: str,
    audience: str | None = None,
    fmt: str = "markdown",
    asker: str = LOCAL_OPERATOR,
    *,
    attendees: Sequence[str] = (),
    as_of: date | None = None,
) -> BriefDocument:
    """A meeting-prep brief for one account, rendered in one format.

    Args:
        services: The process's services.
        account: Account id or name.
        audience: ``department_head``, ``end_user``, ``technical`` or a job title;
            None = all three (or the attendees' personas).
        fmt: ``markdown``, ``html`` or ``slack`` (Block Kit JSON).
        asker: Email of the team member asking (their rights apply).
        attendees: Contact names or emails of the people in the meeting.
        as_of: Last day whose data counts (default today, UTC).

    Raises:
        InvalidInputError: unknown format or audience, or an ambiguous account name.
        NotFoundError: no such account.
        ForbiddenError: the asker may not see the account, or is no team member.
    """
    if fmt not in FORMATS:
        raise InvalidInputError(
            f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}"
        )
    wanted = parse_audience(audience)
    session = open_session(services, account, asker, as_of)

    def fresh() -> Brief:
        brief = build(
            session.tools,
            session.account,
            session.out,
            audience=wanted,
            attendees=attendees,
        )
        _check(services, brief, session.ledger)
        return brief

    # The same brief is often asked for in several formats in a row (the API's
    # Markdown then HTML, a Slack post then its file): build once per asker and
    # account for the services' cache lifetime, after the permission check above.
    key = (
        "brief",
        session.principal.email,
        session.account.account_id,
        wanted,
        tuple(attendees),
        session.as_of,
    )
    brief = services.cached(key, fresh)
    return render(brief, fmt)


def render(brief: Brief, fmt: BriefFormat) -> BriefDocument:
    """The brief in one format."""
    if fmt == "html":
        content = render_html(brief)
    elif fmt == "slack":
        content = render_slack(brief)
    else:
        content = render_markdown(brief)
    return BriefDocument(
        format=fmt, media_type=_MEDIA_TYPES[fmt], content=content, brief=brief
    )


def _check(services: Services, brief: Brief, ledger: Ledger) -> None:
    """Check the Markdown against the evidence (every format shows the same lines)."""
    violations = check_text(
        render_markdown(brief),
        ledger,
        known_accounts=[n for _, n in services.account_names()],
        allowed_accounts=[brief.account_name],
    )
    if violations:
        logger.error(
            "brief unfaithful account=%s violations=%s",
            brief.account_id,
            "; ".join(str(v) for v in violations),
        )
        brief.notes.append(f"faithfulness: {len(violations)} violations")
