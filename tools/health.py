"""Explainable health for one account or many, computed set-based."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import Engine

from knowledge.queries.accounts import AccountRecord
from knowledge.queries.catalog import list_features
from knowledge.queries.indicators import (
    RawIndicators,
    Target,
    compute_raw_indicators,
    describe_query,
)
from tools.health_model import HealthModel
from tools.indicators import TermContext, indicator_values
from tools.resolve import require_account
from tools.results import HealthReport, Provenance, Window
from tools.risk import evaluate_rules
from tools.scoring import band_of, cohort_for, path_to_green, score_values, stage_of

logger = logging.getLogger(__name__)


def windows(as_of: date, days: int) -> tuple[Window, Window]:
    """The current window ending on ``as_of`` and the one before it."""
    current = Window(start=as_of - timedelta(days=days - 1), end=as_of, days=days)
    previous = Window(
        start=as_of - timedelta(days=2 * days - 1),
        end=as_of - timedelta(days=days),
        days=days,
    )
    return current, previous


def score_account(
    engine: Engine, model: HealthModel, account: str, as_of: date
) -> HealthReport:
    """Score one account, named by id or name, with its full explanation.

    Raises:
        NotFoundError: no account matches ``account``.
        InvalidInputError: several accounts match; the message lists them.
    """
    record = require_account(engine, account)
    return score_accounts(engine, model, [record], as_of)[0]


def score_accounts(
    engine: Engine,
    model: HealthModel,
    accounts: Sequence[AccountRecord],
    as_of: date,
    *,
    explain: bool = True,
) -> list[HealthReport]:
    """Score many accounts at once: one set of GROUP BY queries for all of them.

    Args:
        engine: the database.
        model: the health model.
        accounts: the accounts to score.
        as_of: the last day whose data counts.
        explain: False skips "what would bring it to green" (for rankings).

    Returns:
        One report per account, in the order given.
    """
    keys = [f.feature_key for f in list_features(engine) if f.is_key]
    back = as_of - timedelta(days=model.window_days)
    targets: list[Target] = []
    # Figures that read a whole term, or its first 90 days, are skipped when the
    # model never reads them; 30 days ago only weighted figures matter (no rules).
    total = model.uses("messages_total")
    early = model.uses("messages_first_90d") or model.uses("key_features_first_60d")
    early_then = any(
        name in c.weights
        for c in model.cohorts
        for name in ("messages_first_90d", "key_features_first_60d")
    )
    for account in accounts:
        account_id, start = account.account_id, account.contract_start
        targets.append(
            Target(f"{account_id}|now", account_id, as_of, start, total, early)
        )
        targets.append(
            Target(f"{account_id}|then", account_id, back, start, total, early_then)
        )
    raw = compute_raw_indicators(
        engine, targets, window_days=model.window_days, key_features=keys
    )
    current, previous = windows(as_of, model.window_days)
    provenance = Provenance(
        as_of=as_of,
        window=current,
        previous_window=previous,
        query=describe_query(model.window_days),
    )
    reports = [
        _report(
            model,
            account,
            raw[f"{account.account_id}|now"],
            raw[f"{account.account_id}|then"],
            len(keys),
            provenance,
            explain,
        )
        for account in accounts
    ]
    logger.debug("scored %d accounts as of %s", len(reports), as_of)
    return reports


def _report(
    model: HealthModel,
    account: AccountRecord,
    now: RawIndicators,
    then: RawIndicators,
    key_count: int,
    provenance: Provenance,
    explain: bool,
) -> HealthReport:
    term = TermContext(account.seats, account.contract_start, account.renewal_date)
    values = indicator_values(now, term, key_count)
    stage = stage_of(model, values)
    cohort = cohort_for(model, account.segment, stage)
    gaps = _gaps(account, now, provenance)

    score, rows = score_values(model, cohort, values)
    if not now.has_usage:
        score = None
    band = band_of(model, score) if score is not None else "no_data"

    previous_score: float | None = None
    if then.has_usage:
        before = indicator_values(then, term, key_count)
        cohort_then = cohort_for(model, account.segment, stage_of(model, before))
        previous_score, _ = score_values(model, cohort_then, before)
    previous_band = (
        band_of(model, previous_score) if previous_score is not None else "no_data"
    )
    change = (
        round(score - previous_score, 2)
        if score is not None and previous_score is not None
        else None
    )

    to_green = None
    if explain and score is not None:
        to_green = path_to_green(model, cohort, score, rows)
    return HealthReport(
        account_id=account.account_id,
        account_name=account.name,
        segment=account.segment,
        arr=account.arr,
        cohort=cohort.name,
        stage=stage,
        score=score,
        band=band,
        previous_score=previous_score,
        previous_band=previous_band,
        change=change,
        indicators=rows,
        flags=evaluate_rules(model, cohort, values, band),
        to_green=to_green,
        gaps=gaps,
        provenance=provenance,
    )


def _gaps(
    account: AccountRecord, raw: RawIndicators, provenance: Provenance
) -> list[str]:
    gaps: list[str] = []
    if not raw.has_usage:
        gaps.append(
            f"no usage recorded for {account.name} up to {raw.as_of}: "
            "health is not scored until usage arrives"
        )
    elif raw.last_activity is not None and raw.last_activity < provenance.window.start:
        gaps.append(
            f"no usage in the current window ({provenance.window.start} to "
            f"{provenance.window.end}); last activity {raw.last_activity}"
        )
    if not account.seats:
        gaps.append("seats unknown: seat utilization cannot be computed")
    if account.renewal_date is None:
        gaps.append("renewal date unknown")
    if raw.value_attainment_pct is None:
        gaps.append("no value metric with a target up to the as-of date")
    return gaps
