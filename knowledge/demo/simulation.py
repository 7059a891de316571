"""One account's life: terms in sequence, each term's usage, tickets and outcome."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from knowledge.demo.calendar import ActivityCalendar
from knowledge.demo.catalog import FEATURE_BY_KEY, available
from knowledge.demo.outcomes import (
    draw_outcome,
    draw_prior_outcome,
    measure,
    next_commercials,
)
from knowledge.demo.records import AccountHistory, AccountSpec, Term, Window
from knowledge.demo.seeding import stream
from knowledge.demo.tickets import term_tickets
from knowledge.demo.usage import RowSink, simulate_term_usage, user_propensities


def add_year(day: date) -> date:
    """Same calendar day next year (28 February for a leap day)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _adoption(
    spec: AccountSpec,
    start: date,
    engagement: float,
    previous: dict[str, date] | None,
    rng: random.Random,
) -> dict[str, date]:
    """Which features the account uses this term, and from which day."""
    offered = list(available(spec.plan))
    adoption: dict[str, date] = {}
    if previous:
        keep = 1.0 / (1.0 + math.exp(-(1.2 + 1.6 * engagement)))
        for key in previous:
            if rng.random() < keep:
                adoption[key] = start + timedelta(days=rng.randint(0, 6))
    for key in spec.forced_features:
        adoption.setdefault(key, start + timedelta(days=rng.randint(0, 10)))

    share = 1.0 / (1.0 + math.exp(-(0.1 + 1.3 * engagement)))
    early = round(len(offered) * share + rng.gauss(0.0, 1.0))
    ranked = sorted(offered, key=lambda f: -f.popularity * rng.random() ** 0.6)
    for feature in ranked:
        if len(adoption) >= early:
            break
        adoption.setdefault(feature.key, start + timedelta(days=rng.randint(2, 50)))
    for feature in ranked:
        if feature.key not in adoption and rng.random() < 0.25 * share:
            adoption[feature.key] = start + timedelta(days=rng.randint(70, 330))
    return adoption


def _slope(
    spec: AccountSpec, engagement: float, is_open: bool, rng: random.Random
) -> float:
    if spec.declining_now and is_open:
        return -0.7
    return max(-0.8, min(0.6, 0.4 * engagement + rng.gauss(0.0, 0.28)))


def simulate_account(
    spec: AccountSpec,
    window: Window,
    calendar: ActivityCalendar,
    seed: int,
    sink: RowSink,
    first_ticket: int,
) -> AccountHistory:
    """Simulate every term from landing until churn or the open term.

    Args:
        spec: The account.
        window: Usage is written only for days inside it.
        calendar: Weekend and holiday rhythm.
        seed: The run's seed.
        sink: Receives usage rows as they are drawn.
        first_ticket: Number of the first ticket this account may use.

    Returns:
        The account's history: terms with outcomes, tickets and usage totals.
    """
    history = AccountHistory(spec)
    terms_rng = stream(seed, "terms", spec.account_id)
    usage_rng = stream(seed, "usage", spec.account_id)
    tickets_rng = stream(seed, "tickets", spec.account_id)
    propensities = user_propensities(usage_rng, spec.initial_seats * 3 + 10)
    arr, seats = spec.initial_arr, spec.initial_seats
    engagement = spec.affinity
    previous: dict[str, date] | None = None
    start = spec.landed
    while True:
        end = add_year(start) - timedelta(days=1)
        is_open = end >= window.as_of
        engagement = 0.5 * engagement + 0.5 * spec.affinity + terms_rng.gauss(0.0, 0.55)
        term = Term(
            start=start,
            end=end,
            arr=arr,
            seats=seats,
            engagement=engagement,
            slope=_slope(spec, engagement, is_open, terms_rng),
            adoption=_adoption(spec, start, engagement, previous, terms_rng),
        )
        history.terms.append(term)

        if end < window.start:
            term.outcome = draw_prior_outcome(terms_rng)
        else:
            first = max(start, window.start)
            last = min(end, window.as_of)
            usage = None
            if not spec.no_usage:
                usage = simulate_term_usage(
                    history,
                    term,
                    (first, last),
                    last,
                    propensities,
                    calendar,
                    usage_rng,
                    sink,
                )
            history.tickets.extend(
                term_tickets(
                    spec,
                    term,
                    (first, last),
                    window.as_of,
                    tickets_rng,
                    first_ticket + len(history.tickets),
                )
            )
            if is_open:
                return history
            term.indicators = measure(
                history, term, usage.first_use if usage else {}, first
            )
            term.outcome = draw_outcome(term.indicators, terms_rng, spec.keep_active)
            if term.outcome == "churned":
                return history

        arr, seats = next_commercials(term, term.outcome, terms_rng)
        previous = term.adoption
        start = end + timedelta(days=1)


def feature_name(key: str) -> str:
    """Display name of a feature key."""
    return FEATURE_BY_KEY[key].name
