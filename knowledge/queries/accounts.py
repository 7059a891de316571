"""Accounts as plain records: one account, a filtered list, or every name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from knowledge.models import Account


@dataclass(frozen=True)
class AccountRecord:
    """What the tools need to know about one account."""

    account_id: str
    name: str
    segment: str
    arr: float
    currency: str
    plan: str | None
    seats: int | None
    csm_email: str | None
    account_manager_email: str | None
    contract_start: date | None
    renewal_date: date | None
    status: str


def _record(row: Account) -> AccountRecord:
    return AccountRecord(
        account_id=row.account_id,
        name=row.name,
        segment=row.segment,
        arr=float(row.arr),
        currency=row.currency,
        plan=row.plan,
        seats=row.seats,
        csm_email=row.csm_email,
        account_manager_email=row.account_manager_email,
        contract_start=row.contract_start,
        renewal_date=row.renewal_date,
        status=row.status,
    )


def get_account(engine: Engine, account_id: str) -> AccountRecord | None:
    """The account with this exact id, or None."""
    with Session(engine) as session:
        row = session.get(Account, account_id)
        return _record(row) if row is not None else None


def list_accounts(
    engine: Engine,
    *,
    csm_email: str | None = None,
    segment: str | None = None,
    account_ids: list[str] | None = None,
    include_churned: bool = False,
) -> list[AccountRecord]:
    """Accounts matching every filter given, ordered by id."""
    query = select(Account).order_by(Account.account_id)
    if csm_email is not None:
        query = query.where(Account.csm_email == csm_email)
    if segment is not None:
        query = query.where(Account.segment == segment)
    if account_ids is not None:
        query = query.where(Account.account_id.in_(account_ids))
    if not include_churned:
        query = query.where(Account.status != "churned")
    with Session(engine) as session:
        return [_record(row) for row in session.scalars(query)]


def account_names(engine: Engine) -> list[tuple[str, str]]:
    """Every (account_id, name) pair, for name resolution."""
    query = select(Account.account_id, Account.name).order_by(Account.account_id)
    with Session(engine) as session:
        return [(row[0], row[1]) for row in session.execute(query)]
