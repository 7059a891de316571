"""Expansion signals: full seats, fast growth, higher-plan demand, strong value."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import Engine

from knowledge.queries.catalog import list_features
from knowledge.queries.indicators import Target, compute_raw_indicators, describe_query
from knowledge.queries.usage import feature_depth
from tools.health import windows
from tools.health_model import HealthModel
from tools.indicators import TermContext, indicator_values
from tools.resolve import require_account
from tools.results import Provenance


class ExpansionSignal(BaseModel):
    """One reason to talk about expansion, with the figure and threshold behind it."""

    signal: str
    description: str
    observed: float | str
    threshold: float | str


class ExpansionReport(BaseModel):
    """Expansion signals of one account."""

    account_id: str
    account_name: str
    plan: str | None
    signals: list[ExpansionSignal]
    provenance: Provenance


def expansion_signals(
    engine: Engine, model: HealthModel, account: str, as_of: date
) -> ExpansionReport:
    """Signals that an account may buy more seats, a higher plan or a longer term.

    Raises:
        NotFoundError: no account matches ``account``.
    """
    record = require_account(engine, account)
    config = model.expansion
    keys = [f.feature_key for f in list_features(engine) if f.is_key]
    raw = compute_raw_indicators(
        engine,
        [Target("now", record.account_id, as_of, record.contract_start)],
        window_days=model.window_days,
        key_features=keys,
    )["now"]
    term = TermContext(record.seats, record.contract_start, record.renewal_date)
    values = indicator_values(raw, term, len(keys))
    current, previous = windows(as_of, model.window_days)
    signals: list[ExpansionSignal] = []

    seats = values["seat_utilization_pct"]
    if seats is not None and seats >= config.seats_full_pct:
        signals.append(
            ExpansionSignal(
                signal="seats_nearly_full",
                description=f"{raw.active_users} active users on {record.seats} seats",
                observed=round(seats, 1),
                threshold=config.seats_full_pct,
            )
        )
    growth = values["login_change_pct"]
    if growth is not None and growth >= config.growth_pct:
        signals.append(
            ExpansionSignal(
                signal="usage_growing_fast",
                description="logins this window vs the previous one, in percent",
                observed=round(growth, 1),
                threshold=config.growth_pct,
            )
        )
    signals += _higher_plan_demand(
        engine, model, record.account_id, record.plan, current.start, as_of
    )
    value = values["value_attainment_pct"]
    to_renewal = values["days_to_renewal"]
    if (
        value is not None
        and value >= config.strong_value_pct
        and to_renewal is not None
        and 0 <= to_renewal <= config.renewal_window_days
    ):
        signals.append(
            ExpansionSignal(
                signal="strong_value_before_renewal",
                description=f"value at target, {to_renewal:g} days to renewal",
                observed=round(value, 1),
                threshold=config.strong_value_pct,
            )
        )
    return ExpansionReport(
        account_id=record.account_id,
        account_name=record.name,
        plan=record.plan,
        signals=signals,
        provenance=Provenance(
            as_of=as_of,
            window=current,
            previous_window=previous,
            query=describe_query(model.window_days),
        ),
    )


def _higher_plan_demand(
    engine: Engine,
    model: HealthModel,
    account_id: str,
    plan: str | None,
    first_day: date,
    last_day: date,
) -> list[ExpansionSignal]:
    """Features of a plan above the account's that its users already reach for."""
    ladder = [p.name.casefold() for p in model.expansion.plans]
    if plan is None or plan.casefold() not in ladder:
        return []
    rank = ladder.index(plan.casefold())
    higher = {
        feature: p.name
        for p in model.expansion.plans[rank + 1 :]
        for feature in p.features
    }
    used = [
        d
        for d in feature_depth(engine, account_id, first_day, last_day)
        if d.feature_key in higher
    ]
    return [
        ExpansionSignal(
            signal="higher_plan_feature_in_demand",
            description=f"{d.feature_key} belongs to the {higher[d.feature_key]} plan",
            observed=f"{d.events} uses on {d.active_days} days",
            threshold=f"any use on {plan}",
        )
        for d in used
    ]
