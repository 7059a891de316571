"""Portfolio views: revenue at risk, upcoming renewals, coverage and the CSM pool."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from knowledge.errors import InvalidInputError
from knowledge.queries.accounts import AccountRecord, list_accounts
from tools.health import score_accounts
from tools.health_model import HealthModel
from tools.results import BandOrNone

Tier = Literal["high_touch", "low_touch", "tech_touch"]


class PortfolioRow(BaseModel):
    """One account in a ranking."""

    account_id: str
    account_name: str
    segment: str
    csm_email: str | None
    arr: float
    coverage: Tier
    score: float | None
    band: BandOrNone
    change: float | None
    risk: float | None = Field(description="(100 - score) / 100; None without data.")
    revenue_at_risk: float | None = Field(description="risk × ARR.")
    renewal_date: date | None
    days_to_renewal: int | None
    flags: list[str]


class Portfolio(BaseModel):
    """Accounts ranked by revenue at risk, with the as-of date and the filters."""

    as_of: date
    scope: str
    rows: list[PortfolioRow]


def coverage_tier(
    account: AccountRecord, high_touch_min_arr: float, tech_touch_max_arr: float
) -> Tier:
    """High touch from ``high_touch_min_arr`` or for enterprise; tech touch below
    ``tech_touch_max_arr`` (never for enterprise); low touch in between."""
    if account.arr >= high_touch_min_arr or account.segment == "enterprise":
        return "high_touch"
    if account.arr < tech_touch_max_arr:
        return "tech_touch"
    return "low_touch"


def portfolio_risk(
    engine: Engine,
    model: HealthModel,
    as_of: date,
    *,
    high_touch_min_arr: float,
    tech_touch_max_arr: float,
    csm_email: str | None = None,
    segment: str | None = None,
) -> Portfolio:
    """Every active account in scope ranked by risk × ARR, the largest first.

    Accounts without usage cannot be ranked by risk and come last.
    """
    accounts = list_accounts(engine, csm_email=csm_email, segment=segment)
    reports = score_accounts(engine, model, accounts, as_of, explain=False)
    rows: list[PortfolioRow] = []
    for account, report in zip(accounts, reports, strict=True):
        risk = (100.0 - report.score) / 100.0 if report.score is not None else None
        to_renewal = (
            (account.renewal_date - as_of).days if account.renewal_date else None
        )
        rows.append(
            PortfolioRow(
                account_id=account.account_id,
                account_name=account.name,
                segment=account.segment,
                csm_email=account.csm_email,
                arr=account.arr,
                coverage=coverage_tier(account, high_touch_min_arr, tech_touch_max_arr),
                score=report.score,
                band=report.band,
                change=report.change,
                risk=round(risk, 4) if risk is not None else None,
                revenue_at_risk=round(risk * account.arr, 2)
                if risk is not None
                else None,
                renewal_date=account.renewal_date,
                days_to_renewal=to_renewal,
                flags=[flag.rule for flag in report.flags],
            )
        )
    rows.sort(
        key=lambda r: (
            r.revenue_at_risk is None,
            -(r.revenue_at_risk or 0.0),
            r.account_id,
        )
    )
    scope = " and ".join(
        part
        for part in (
            f"csm={csm_email}" if csm_email else "",
            f"segment={segment}" if segment else "",
        )
        if part
    )
    return Portfolio(as_of=as_of, scope=scope or "all accounts", rows=rows)


def upcoming_renewals(portfolio: Portfolio, days: int) -> Portfolio:
    """Accounts renewing within ``days`` of the as-of date, soonest first."""
    if days < 0:
        raise InvalidInputError(f"days must not be negative, not {days}")
    last = portfolio.as_of + timedelta(days=days)
    rows = [
        r
        for r in portfolio.rows
        if r.renewal_date is not None and portfolio.as_of <= r.renewal_date <= last
    ]
    rows.sort(key=lambda r: (r.renewal_date or last, r.account_id))
    return Portfolio(
        as_of=portfolio.as_of,
        scope=f"{portfolio.scope}, renewing within {days} days",
        rows=rows,
    )


def csm_pool_queue(portfolio: Portfolio, limit: int = 20) -> Portfolio:
    """Low- and tech-touch accounts in red or yellow with a flag, by revenue at risk:
    the accounts the shared CSM pool should call first."""
    rows = [
        r
        for r in portfolio.rows
        if r.coverage != "high_touch"
        and r.revenue_at_risk is not None
        and (r.band == "red" or (r.band == "yellow" and r.flags))
    ]
    return Portfolio(
        as_of=portfolio.as_of, scope=f"{portfolio.scope}, CSM pool", rows=rows[:limit]
    )
