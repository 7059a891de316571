"""Team members as plain records: who is asking, and with which role."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from knowledge.models import Account, TeamMember


@dataclass(frozen=True)
class TeamMemberRecord:
    """A person inside the vendor and their role."""

    email: str
    name: str
    role: str
    slack_user_id: str | None


def _record(row: TeamMember) -> TeamMemberRecord:
    return TeamMemberRecord(
        email=row.email, name=row.name, role=row.role, slack_user_id=row.slack_user_id
    )


def get_team_member(engine: Engine, email: str) -> TeamMemberRecord | None:
    """The team member with this email (case-insensitive), or None."""
    wanted = email.strip().lower()
    query = select(TeamMember).where(func.lower(TeamMember.email) == wanted)
    with Session(engine) as session:
        row = session.scalars(query).first()
        return _record(row) if row is not None else None


def team_member_by_slack_id(
    engine: Engine, slack_user_id: str
) -> TeamMemberRecord | None:
    """The team member with this Slack user id, or None."""
    query = select(TeamMember).where(TeamMember.slack_user_id == slack_user_id)
    with Session(engine) as session:
        row = session.scalars(query).first()
        return _record(row) if row is not None else None


def owned_account_ids(engine: Engine, email: str) -> tuple[set[str], set[str]]:
    """Accounts where ``email`` is the CSM, and where it is the account manager."""
    query = select(
        Account.account_id, Account.csm_email, Account.account_manager_email
    ).where((Account.csm_email == email) | (Account.account_manager_email == email))
    as_csm: set[str] = set()
    as_manager: set[str] = set()
    with Session(engine) as session:
        for account_id, csm, manager in session.execute(query):
            if csm == email:
                as_csm.add(account_id)
            if manager == email:
                as_manager.add(account_id)
    return as_csm, as_manager
