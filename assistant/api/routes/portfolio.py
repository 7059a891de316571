"""Portfolio views: accounts ranked by revenue at risk, and upcoming renewals."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import Field

from assistant.api.auth import Caller, ReadCaller
from assistant.api.deps import AsOfQuery, ResultsDep, ServicesDep
from assistant.api.limits import MAX_PAGE
from assistant.api.problems import COMMON_ERRORS
from assistant.cache import ResultCache
from assistant.container import Services
from tools.portfolio import Portfolio, portfolio_risk, upcoming_renewals

router = APIRouter(prefix="/v1/portfolio", tags=["portfolio"], responses=COMMON_ERRORS)

SegmentQuery = Annotated[
    Literal["enterprise", "mid_market", "smb"] | None, Query(description="Segment.")
]
CsmQuery = Annotated[
    str | None,
    Query(max_length=320, description="Only this CSM's accounts.", examples=[None]),
]
LimitQuery = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows returned.")]


class PortfolioPage(Portfolio):
    """The first ``limit`` rows of a ranking and how many rows it has in all."""

    total: int = Field(description="Rows in the whole ranking.")


def _ranked(
    services: Services,
    results: ResultCache,
    caller: Caller,
    as_of: AsOfQuery,
    csm_email: str | None,
    segment: str | None,
) -> Portfolio:
    settings = services.settings
    day = as_of or services.today()
    ranked = results.get(
        ("portfolio", day, csm_email, segment),
        lambda: portfolio_risk(
            services.engine,
            services.health_model,
            day,
            high_touch_min_arr=settings.high_touch_min_arr,
            tech_touch_max_arr=settings.tech_touch_max_arr,
            csm_email=csm_email,
            segment=segment,
        ),
    )
    visible = caller.visible()
    if visible is None:
        return ranked
    # A copy: the cached ranking is shared by every caller.
    return Portfolio(
        as_of=ranked.as_of,
        scope=f"{ranked.scope}, book of {caller.asker}",
        rows=[r for r in ranked.rows if r.account_id in visible],
    )


def _page(portfolio: Portfolio, limit: int) -> PortfolioPage:
    return PortfolioPage(
        as_of=portfolio.as_of,
        scope=portfolio.scope,
        rows=portfolio.rows[:limit],
        total=len(portfolio.rows),
    )


@router.get("/risk", summary="Active accounts ranked by revenue at risk.")
def risk(
    caller: ReadCaller,
    services: ServicesDep,
    results: ResultsDep,
    as_of: AsOfQuery = None,
    csm_email: CsmQuery = None,
    segment: SegmentQuery = None,
    limit: LimitQuery = 50,
) -> PortfolioPage:
    """Risk is (100 − health) / 100; revenue at risk is risk × ARR."""
    return _page(_ranked(services, results, caller, as_of, csm_email, segment), limit)


@router.get("/renewals", summary="Accounts renewing soon, soonest first.")
def renewals(
    caller: ReadCaller,
    services: ServicesDep,
    results: ResultsDep,
    as_of: AsOfQuery = None,
    days: Annotated[int, Query(ge=0, le=730, description="Renewing within.")] = 90,
    csm_email: CsmQuery = None,
    segment: SegmentQuery = None,
    limit: LimitQuery = 50,
) -> PortfolioPage:
    """Accounts whose renewal date falls within ``days`` of the as-of date."""
    ranked = _ranked(services, results, caller, as_of, csm_email, segment)
    return _page(upcoming_renewals(ranked, days), limit)
