"""Renewal outcomes drawn from leading indicators measured on the generated rows.

The planted rule, for a term ending on day E (see the package docstring):

    breadth_share = key features used in the term's first 60 days of written usage
                    / key features the plan includes
    login_trend   = ln((logins in [E-29, E] + 1) / (mean logins per 30 days in
                    [E-89, E-30] + 1))
    open_sev1     = a sev1 ticket was unresolved on some day in [E-29, E]
    logit(P(churn)) = -1.45 - 3.4 * (breadth_share - 0.55) - 2.4 * login_trend
                      + 1.7 * open_sev1

Retained terms then expand, contract or renew by a second draw that also leans on
breadth and trend.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta

from knowledge.demo.catalog import FEATURE_BY_KEY, available
from knowledge.demo.records import AccountHistory, Indicators, Term, Ticket

BREADTH_DAYS = 60
INTERCEPT = -1.45
BREADTH_WEIGHT = -3.4
TREND_WEIGHT = -2.4
SEV1_WEIGHT = 1.7


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def _logins(history: AccountHistory, first: date, last: date) -> int:
    total, day = 0, first
    while day <= last:
        total += history.daily_logins.get(day, 0)
        day += timedelta(days=1)
    return total


def _sev1_open_near(tickets: list[Ticket], end: date) -> bool:
    start = datetime(end.year, end.month, end.day, tzinfo=UTC)
    start -= timedelta(days=29)
    stop = start + timedelta(days=30)
    return any(
        t.severity == "sev1"
        and t.opened_at < stop
        and (t.closed_at is None or t.closed_at >= start)
        for t in tickets
    )


def measure(
    history: AccountHistory, term: Term, first_use: dict[str, date], measured_from: date
) -> Indicators:
    """Leading indicators of an ended term, from what was actually written.

    Args:
        history: The account, with its daily logins and tickets so far.
        term: The ended term.
        first_use: First day each feature appeared in this term's rows.
        measured_from: First day of written usage in the term (the term start, or
            the window start for a term that began before the window).

    Returns:
        The indicators and the churn probability the rule gives them.
    """
    cutoff = measured_from + timedelta(days=BREADTH_DAYS)
    breadth = sum(
        1
        for key, day in first_use.items()
        if FEATURE_BY_KEY[key].is_key and day < cutoff
    )
    key_total = sum(1 for f in available(history.spec.plan) if f.is_key)
    share = breadth / key_total
    recent = _logins(history, term.end - timedelta(days=29), term.end)
    prior = _logins(
        history, term.end - timedelta(days=89), term.end - timedelta(days=30)
    )
    trend = math.log((recent + 1.0) / (prior / 2.0 + 1.0))
    sev1 = _sev1_open_near(history.tickets, term.end)
    logit = (
        INTERCEPT
        + BREADTH_WEIGHT * (share - 0.55)
        + TREND_WEIGHT * trend
        + SEV1_WEIGHT * float(sev1)
    )
    return Indicators(breadth, share, trend, sev1, _sigmoid(logit))


def draw_outcome(indicators: Indicators, rng: random.Random, keep_active: bool) -> str:
    """Churned, contracted, expanded or renewed, drawn from the indicators."""
    if rng.random() < indicators.churn_probability and not keep_active:
        return "churned"
    expand = _sigmoid(
        -1.7 + 3.0 * (indicators.breadth_share - 0.6) + 1.5 * indicators.login_trend
    )
    contract = _sigmoid(
        -2.2 - 2.0 * indicators.login_trend + 0.8 * indicators.open_sev1
    )
    roll = rng.random()
    if roll < expand:
        return "expanded"
    if roll < expand + contract * (1.0 - expand):
        return "contracted"
    return "renewed"


def draw_prior_outcome(rng: random.Random) -> str:
    """Outcome of a term that ended before the usage window (the customer stayed)."""
    roll = rng.random()
    return "expanded" if roll < 0.2 else "contracted" if roll < 0.3 else "renewed"


def next_commercials(term: Term, outcome: str, rng: random.Random) -> tuple[float, int]:
    """ARR and seats of the term that follows an outcome."""
    if outcome == "expanded":
        factor = rng.uniform(1.1, 1.35)
    elif outcome == "contracted":
        factor = rng.uniform(0.65, 0.9)
    else:
        factor = rng.uniform(1.0, 1.06)  # list-price uplift at renewal
    seats = max(2, round(term.seats * (factor if outcome != "renewed" else 1.0)))
    return float(round(term.arr * factor, -2)), seats
