"""LangChain tools over the plain services; each docstring is the model's prompt.

The tools answer for the accounts in ``visible_accounts`` only: any other account
reads as unknown, is never suggested, and is left out of every ranking. This layer
knows no askers; the caller computes the set, e.g. in the assistant layer
``build_tools(..., visible_accounts=visible_scope(principal))`` with
``assistant.permissions`` (None for full access means every account). The
assistant's own agent does not use these tools: it has its own, bound to a
``Toolbox`` that applies the same rights.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from knowledge.errors import CsmError
from tools.expansion import expansion_signals
from tools.health import score_account
from tools.health_model import HealthModel
from tools.portfolio import (
    Portfolio,
    csm_pool_queue,
    portfolio_risk,
    upcoming_renewals,
)
from tools.resolve import require_account, resolve_account
from tools.usage import usage_report


class AccountArgs(BaseModel):
    """Arguments naming one account."""

    account: str = Field(description="Account id or name as the user wrote it.")


class UsageArgs(AccountArgs):
    """Arguments of the usage tool."""

    days: int = Field(default=30, ge=1, le=365, description="Window length in days.")


class PortfolioArgs(BaseModel):
    """Arguments of the portfolio tools."""

    csm_email: str | None = Field(default=None, description="Only this CSM's accounts.")
    segment: str | None = Field(
        default=None, description="Only this segment: enterprise, mid_market or smb."
    )


class RenewalArgs(PortfolioArgs):
    """Arguments of the renewals tool."""

    days: int = Field(default=90, ge=0, le=730, description="Renewing within N days.")


def _reported(func: Callable[..., Any]) -> Callable[..., Any]:
    """Domain errors go back to the model as the tool's answer instead of crashing."""

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CsmError as exc:
            raise ToolException(exc.message) from exc

    return call


def build_tools(
    engine: Engine,
    model: HealthModel,
    as_of: date,
    *,
    high_touch_min_arr: float,
    tech_touch_max_arr: float,
    visible_accounts: frozenset[str] | None = None,
) -> list[BaseTool]:
    """The tools an agent may call, bound to one database, model and as-of date.

    Args:
        engine: The database.
        model: The health model.
        as_of: The day every figure is computed for.
        high_touch_min_arr: ARR from which an account is high touch.
        tech_touch_max_arr: ARR below which an account is tech touch.
        visible_accounts: The account ids the asker may see; the tools treat every
            other account as unknown. None means every account.
    """

    def visible(account: str) -> str:
        # Another account must read exactly like an unknown one, so the name is
        # resolved among the visible ids only and the services get the id.
        if visible_accounts is None:
            return account
        return require_account(engine, account, among=visible_accounts).account_id

    def find_account(account: str) -> dict[str, Any]:
        """Find which account the user means by a name, id or near spelling. Returns
        status "match" with the account, or "ambiguous" with candidates: then ask the
        user which one; never pick one yourself."""
        found = resolve_account(engine, account, among=visible_accounts)
        return found.model_dump(mode="json")

    def account_health(account: str) -> dict[str, Any]:
        """Health of one account: score 0-100, band (green/yellow/red, no_data when
        there is no usage), change over the last 30 days, each indicator's value,
        sub-score, weight and contribution in points, risk flags with observed value
        and threshold, and the smallest moves that would bring it to green. Quote
        figures exactly as returned, with their as-of date."""
        report = score_account(engine, model, visible(account), as_of)
        return report.model_dump(mode="json")

    def account_usage(account: str, days: int = 30) -> dict[str, Any]:
        """Usage of one account over the last `days` days vs the days before: logins,
        active users, seat use, key features used and unused, feature depth, messages,
        value metrics against target, open tickets by severity, days to renewal.
        Every figure carries its window, as-of date and source query."""
        report = usage_report(engine, visible(account), as_of, days)
        return report.model_dump(mode="json")

    def _portfolio(csm_email: str | None, segment: str | None) -> Portfolio:
        ranked = portfolio_risk(
            engine,
            model,
            as_of,
            high_touch_min_arr=high_touch_min_arr,
            tech_touch_max_arr=tech_touch_max_arr,
            csm_email=csm_email,
            segment=segment,
        )
        if visible_accounts is None:
            return ranked
        rows = [r for r in ranked.rows if r.account_id in visible_accounts]
        scope = "" if ranked.scope == "all accounts" else f"{ranked.scope}, "
        return ranked.model_copy(
            update={"rows": rows, "scope": f"{scope}visible accounts"}
        )

    def portfolio_at_risk(
        csm_email: str | None = None, segment: str | None = None
    ) -> dict[str, Any]:
        """Accounts ranked by revenue at risk ((100 - score) / 100 × ARR), largest
        first, optionally for one CSM or segment, with band, coverage tier
        (high_touch, low_touch, tech_touch), renewal date and risk flags."""
        return dict(_portfolio(csm_email, segment).model_dump(mode="json"))

    def renewals_due(
        days: int = 90, csm_email: str | None = None, segment: str | None = None
    ) -> dict[str, Any]:
        """Accounts renewing within `days` days, soonest first, each with its health
        band and revenue at risk."""
        portfolio = _portfolio(csm_email, segment)
        return upcoming_renewals(portfolio, days).model_dump(mode="json")

    def csm_pool(
        csm_email: str | None = None, segment: str | None = None
    ) -> dict[str, Any]:
        """The CSM-pool queue: low- and tech-touch accounts in red (or yellow with a
        risk flag), highest revenue at risk first: who a person should call now."""
        return csm_pool_queue(_portfolio(csm_email, segment)).model_dump(mode="json")

    def account_expansion(account: str) -> dict[str, Any]:
        """Expansion signals of one account: seats nearly full, usage growing fast,
        features of a higher plan in use, strong value before renewal; each with the
        observed figure and the threshold."""
        report = expansion_signals(engine, model, visible(account), as_of)
        return report.model_dump(mode="json")

    specs: list[tuple[Any, type[BaseModel]]] = [
        (find_account, AccountArgs),
        (account_health, AccountArgs),
        (account_usage, UsageArgs),
        (portfolio_at_risk, PortfolioArgs),
        (renewals_due, RenewalArgs),
        (csm_pool, PortfolioArgs),
        (account_expansion, AccountArgs),
    ]
    return [
        StructuredTool.from_function(
            func=_reported(func),
            name=func.__name__,
            description=" ".join((func.__doc__ or "").split()),
            args_schema=schema,
            handle_tool_error=True,
        )
        for func, schema in specs
    ]
