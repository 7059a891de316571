"""Permissions follow the asker: who may see which account, in full or by name.

- a CSM sees the accounts where they are the CSM in full;
- an account manager sees the accounts they manage in full;
- CS ops, admins and the local operator (the CLI without ``--as``) see everything;
- anyone else's account is visible by name only; an unknown asker sees nothing.

Call :func:`resolve_principal` once per request, then :func:`can_view` or
:func:`require_view` before showing an account's figures or notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from assistant.answers import LOCAL_OPERATOR
from knowledge.errors import ForbiddenError
from knowledge.queries.team import get_team_member, owned_account_ids

FULL_ACCESS_ROLES = frozenset({"cs_ops", "admin"})


@dataclass(frozen=True)
class Principal:
    """The asker and the accounts they may see in full."""

    email: str
    name: str
    role: str
    full_access: bool
    csm_accounts: frozenset[str] = field(default_factory=frozenset)
    managed_accounts: frozenset[str] = field(default_factory=frozenset)

    @property
    def own_accounts(self) -> frozenset[str]:
        """Accounts this person looks after (as CSM or account manager)."""
        return self.csm_accounts | self.managed_accounts


def resolve_principal(engine: Engine, asker: str) -> Principal:
    """Who is asking, with their rights.

    Raises:
        ForbiddenError: the asker is no team member (or the email is empty).
    """
    if asker == LOCAL_OPERATOR:
        return Principal(
            email=LOCAL_OPERATOR, name="local operator", role="admin", full_access=True
        )
    email = asker.strip()
    member = get_team_member(engine, email) if email else None
    if member is None:
        raise ForbiddenError(
            f"'{asker}' is not a known team member; ask CS ops to add you to the team"
        )
    as_csm, as_manager = owned_account_ids(engine, member.email)
    return Principal(
        email=member.email,
        name=member.name,
        role=member.role,
        full_access=member.role in FULL_ACCESS_ROLES,
        csm_accounts=frozenset(as_csm) if member.role == "csm" else frozenset(),
        managed_accounts=(
            frozenset(as_manager) if member.role == "account_manager" else frozenset()
        ),
    )


def can_view(principal: Principal, account_id: str) -> bool:
    """True when the principal may see this account's figures and notes."""
    return principal.full_access or account_id in principal.own_accounts


def require_view(principal: Principal, account_id: str, account_name: str) -> None:
    """Raise unless the principal may see the account in full.

    Raises:
        ForbiddenError: the account belongs to someone else's book.
    """
    if not can_view(principal, account_id):
        raise ForbiddenError(
            f"{account_name} is not in your book of business; you can see it by "
            "name only. Ask its CSM or CS ops."
        )


def visible_scope(principal: Principal) -> frozenset[str] | None:
    """The account ids the principal sees in full; None means every account."""
    return None if principal.full_access else principal.own_accounts
