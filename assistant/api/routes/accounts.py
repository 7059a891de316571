"""Accounts: search and list with cursor pages, one account, its health and usage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal, TypeVar, cast

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import Caller, ReadCaller
from assistant.api.deps import AsOfQuery, EngineDep, ResultsDep, ServicesDep
from assistant.api.limits import MAX_PAGE, decode_cursor, encode_cursor
from assistant.api.problems import COMMON_ERRORS, problem_responses
from assistant.cache import ResultCache
from knowledge.errors import NotFoundError
from knowledge.queries.accounts import AccountRecord, get_account, list_accounts
from tools.health import score_accounts
from tools.results import HealthReport
from tools.usage import UsageReport, usage_report

router = APIRouter(prefix="/v1/accounts", tags=["accounts"], responses=COMMON_ERRORS)

AccountId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        description="The account's id as the CRM knows it.",
        examples=["A-1001"],
    ),
]
_NOT_FOUND = problem_responses(404)
R = TypeVar("R")


class AccountOut(BaseModel):
    """One account as the CRM knows it."""

    account_id: str = Field(examples=["A-1001"])
    name: str = Field(examples=["Acme Corp"])
    segment: str = Field(examples=["enterprise"])
    arr: float = Field(examples=[240000.0])
    currency: str = Field(examples=["USD"])
    plan: str | None = None
    seats: int | None = None
    csm_email: str | None = None
    account_manager_email: str | None = None
    contract_start: date | None = None
    renewal_date: date | None = None
    status: str = Field(examples=["active"])


class AccountPage(BaseModel):
    """A page of accounts; pass ``next_cursor`` back as ``cursor`` for the next."""

    items: list[AccountOut]
    next_cursor: str | None = Field(
        description="Opaque; absent on the last page.", examples=[None]
    )
    limit: int


def _out(record: AccountRecord) -> AccountOut:
    return AccountOut(
        account_id=record.account_id,
        name=record.name,
        segment=record.segment,
        arr=record.arr,
        currency=record.currency,
        plan=record.plan,
        seats=record.seats,
        csm_email=record.csm_email,
        account_manager_email=record.account_manager_email,
        contract_start=record.contract_start,
        renewal_date=record.renewal_date,
        status=record.status,
    )


def visible_account(
    engine: EngineDep, caller: Caller, account_id: str
) -> AccountRecord:
    """The account, if it exists and the caller may see it; else one 404 for both.

    Raises:
        NotFoundError: no such account, or it is outside the member's book.
    """
    record = get_account(engine, account_id)
    if record is None or not caller.can_view(record.account_id):
        raise NotFoundError(f"no account '{account_id}'")
    return record


@router.get("", summary="Search and list accounts, a page at a time.")
def accounts(
    caller: ReadCaller,
    engine: EngineDep,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Part of the name or id, any case.",
            examples=["acme"],
        ),
    ] = None,
    segment: Annotated[
        Literal["enterprise", "mid_market", "smb"] | None, Query()
    ] = None,
    csm_email: Annotated[
        str | None, Query(max_length=320, examples=["dana@vendor.example"])
    ] = None,
    include_churned: Annotated[bool, Query()] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    cursor: Annotated[
        str | None,
        Query(max_length=500, description="The next_cursor of the previous page."),
    ] = None,
) -> AccountPage:
    """Accounts matching every filter, ordered by id, that the caller may see."""
    after = decode_cursor(cursor) if cursor else None
    visible = caller.visible()
    rows = list_accounts(
        engine,
        csm_email=csm_email,
        segment=segment,
        account_ids=sorted(visible) if visible is not None else None,
        include_churned=include_churned,
    )
    needle = q.strip().casefold() if q else ""
    page: list[AccountRecord] = []
    more = False
    for row in rows:
        if after is not None and row.account_id <= after:
            continue
        if (
            needle
            and needle not in row.name.casefold()
            and needle not in (row.account_id.casefold())
        ):
            continue
        if len(page) == limit:
            more = True
            break
        page.append(row)
    return AccountPage(
        items=[_out(r) for r in page],
        next_cursor=encode_cursor(page[-1].account_id) if more and page else None,
        limit=limit,
    )


@router.get("/{account_id}", summary="One account.", responses=_NOT_FOUND)
def account(caller: ReadCaller, engine: EngineDep, account_id: AccountId) -> AccountOut:
    """The account with this exact id."""
    return _out(visible_account(engine, caller, account_id))


async def _account_report(
    results: ResultCache,
    engine: Engine,
    caller: Caller,
    account_id: str,
    key: tuple[object, ...],
    compute: Callable[[AccountRecord], R],
) -> R:
    """The cached report under ``key``, or ``compute(account)`` cached for next time.

    A report cached lately means the account exists, so after the caller's
    visibility check it is returned with no query and no hop to the thread pool.
    """
    if caller.can_view(account_id):
        cached = results.peek(key)
        if cached is not None:
            return cast(R, cached)  # only this function stores under these keys

    def look_up() -> R:
        record = visible_account(engine, caller, account_id)
        return results.get(key, lambda: compute(record))

    return await run_in_threadpool(look_up)


@router.get(
    "/{account_id}/health",
    summary="Health score with each indicator's contribution and the path to green.",
    responses=_NOT_FOUND,
)
async def health(
    caller: ReadCaller,
    services: ServicesDep,
    results: ResultsDep,
    account_id: AccountId,
    as_of: AsOfQuery = None,
) -> HealthReport:
    """Score, band, change since the last period, flags and what would fix it."""
    day = as_of or services.today()
    return await _account_report(
        results,
        services.engine,
        caller,
        account_id,
        ("health", account_id, day),
        lambda record: score_accounts(
            services.engine, services.health_model, [record], day
        )[0],
    )


@router.get(
    "/{account_id}/usage",
    summary="Usage metrics over a window, each with its provenance.",
    responses=_NOT_FOUND,
)
async def usage(
    caller: ReadCaller,
    services: ServicesDep,
    results: ResultsDep,
    account_id: AccountId,
    as_of: AsOfQuery = None,
    days: Annotated[int, Query(ge=1, le=365, description="Window length.")] = 30,
) -> UsageReport:
    """Logins, active users, seats, feature breadth, tickets and value metrics."""
    day = as_of or services.today()
    return await _account_report(
        results,
        services.engine,
        caller,
        account_id,
        ("usage", account_id, day, days),
        lambda record: usage_report(services.engine, record.account_id, day, days),
    )
