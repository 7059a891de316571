"""Run a drafting handler outside ``csm ask``: same permissions, ledger and checks.

The HTTP API (``POST /v1/drafts``, ``POST /v1/briefs``) and the CLI commands call
plain functions with explicit arguments instead of a question. They open a
:class:`DraftSession` (asker's rights, one account, one ledger), run the same
writer code the intents use, and close it into an :class:`Answer` that went through
the engine's faithfulness check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from assistant.answers import LOCAL_OPERATOR, AccountRef, Answer, Audience, Channel
from assistant.container import Services
from assistant.engine.evidence import Ledger
from assistant.engine.faithfulness import check_text
from assistant.engine.toolbox import Toolbox
from assistant.engine.writer import Writer
from assistant.permissions import Principal, require_view, resolve_principal
from knowledge.queries.accounts import AccountRecord
from knowledge.queries.team import get_team_member
from tools.resolve import require_account

logger = logging.getLogger(__name__)


@dataclass
class DraftSession:
    """One asker, one account, one ledger and one writer."""

    services: Services
    principal: Principal
    account: AccountRecord
    tools: Toolbox
    ledger: Ledger
    out: Writer
    as_of: date


def open_session(
    services: Services,
    account: str,
    asker: str = LOCAL_OPERATOR,
    as_of: date | None = None,
) -> DraftSession:
    """Resolve the asker and the account and check the asker may see it.

    Raises:
        ForbiddenError: the asker is unknown or may not see the account.
        NotFoundError: no account matches ``account``.
        InvalidInputError: ``account`` matches several accounts.
    """
    principal = resolve_principal(services.engine, asker)
    record = require_account(services.engine, account)
    require_view(principal, record.account_id, record.name)
    day = as_of or services.today()
    ledger = Ledger()
    return DraftSession(
        services=services,
        principal=principal,
        account=record,
        tools=Toolbox(services, principal, ledger, day),
        ledger=ledger,
        out=Writer(ledger),
        as_of=day,
    )


def sender_for(
    services: Services, principal: Principal, account: AccountRecord
) -> tuple[str, str]:
    """(name, title) signing a customer-facing draft.

    The asker signs when they are a team member; the local operator drafts on
    behalf of the account's CSM, or leaves a placeholder when there is none.
    """
    if principal.email != LOCAL_OPERATOR:
        title = (
            "Account Manager"
            if principal.role == "account_manager"
            else ("Customer Success Manager")
        )
        return principal.name, title
    csm = (
        get_team_member(services.engine, account.csm_email)
        if account.csm_email
        else None
    )
    if csm is not None:
        return csm.name, "Customer Success Manager"
    return "[your name]", "Customer Success"


def close_session(
    session: DraftSession,
    *,
    intent: str,
    question: str,
    audience: Audience | None = None,
    channel: Channel | None = None,
) -> Answer:
    """The answer of the session, checked number by number against its evidence."""
    out = session.out
    names = session.services.account_names()
    answer = Answer(
        question=question,
        status=out.status,
        intent=intent,
        text=out.text(),
        accounts=[
            AccountRef(account_id=session.account.account_id, name=session.account.name)
        ],
        audience=audience,
        channel=channel,
        as_of=session.as_of,
        evidence=session.ledger.evidence(),
        figures=out.figures,
        follow_ups=out.follow_ups,
        missing=list(dict.fromkeys(out.missing)),
        notes=out.notes,
        asker=session.principal.email,
    )
    violations = check_text(
        answer.text,
        session.ledger,
        known_accounts=[n for _, n in names],
        allowed_accounts=[session.account.name],
    )
    if violations:
        logger.error(
            "draft unfaithful intent=%s violations=%s",
            intent,
            "; ".join(str(v) for v in violations),
        )
        answer.notes.append(f"faithfulness: {len(violations)} violations")
    return answer
