"""Daily product usage of one account during one term, written as it is drawn."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from knowledge.demo.calendar import ActivityCalendar
from knowledge.demo.catalog import FEATURE_BY_KEY
from knowledge.demo.records import AccountHistory, Term

UsageRow = tuple[str, str, str, str, int, str]
RowSink = Callable[[list[UsageRow]], None]

# Rows per user-day grow with the user pool; this keeps the default book near a
# million rows while keeping relative patterns intact.
_ACTIVITY_SCALE = 0.36
_RAMP_DAYS = 70
_TREND_DAYS = 120


@dataclass
class TermUsage:
    """What the rows of one term add up to, for measuring indicators."""

    first_use: dict[str, date] = field(default_factory=dict)
    rows: int = 0


def user_propensities(rng: random.Random, count: int) -> list[float]:
    """Chance each user is active on a normal weekday: a few power users, a tail."""
    return [min(0.95, 0.05 + 0.8 * rng.betavariate(1.3, 2.6)) for _ in range(count)]


def pool_size(term: Term) -> int:
    """Users who are active at all during a term: a share of the seats."""
    share = min(0.95, max(0.25, 0.6 + 0.15 * term.engagement))
    return max(1, round(term.seats * share))


def _trend(day: date, anchor: date, slope: float) -> float:
    before = (anchor - day).days
    if before >= _TREND_DAYS or before < 0:
        return 1.0
    return 1.0 + slope * (1.0 - before / _TREND_DAYS)


def simulate_term_usage(
    history: AccountHistory,
    term: Term,
    span: tuple[date, date],
    anchor: date,
    propensities: list[float],
    calendar: ActivityCalendar,
    rng: random.Random,
    sink: RowSink,
) -> TermUsage:
    """Draw and write every usage row of one term between ``span`` days inclusive.

    Args:
        history: The account's history; daily logins and feature counts are added.
        term: The term, with its engagement, trend slope and adoption dates.
        span: First and last day to simulate (inside the term and the window).
        anchor: Day the term's trend converges on (its end, or as-of if open).
        propensities: Per-user base activity, longest pool first.
        calendar: Weekend and holiday rhythm.
        rng: The account's usage stream.
        sink: Receives each day's rows, in order.

    Returns:
        First-use day per feature and the number of rows written.
    """
    spec = history.spec
    result = TermUsage()
    users = propensities[: pool_size(term)]
    level = min(1.2, max(0.3, 0.8 + 0.2 * term.engagement)) * _ACTIVITY_SCALE
    adopted = sorted(term.adoption.items(), key=lambda item: item[1])
    prefix = spec.account_id.lower().replace("-", "")
    day = span[0]
    while day <= span[1]:
        since_landing = (day - spec.landed).days
        ramp = min(1.0, 0.15 + 0.85 * since_landing / _RAMP_DAYS)
        intensity = calendar.factor(day) * ramp * _trend(day, anchor, term.slope)
        intensity *= level
        in_use = [FEATURE_BY_KEY[key] for key, start in adopted if start <= day]
        stamp = day.isoformat()
        rows: list[UsageRow] = []
        logins = 0
        for number, base in enumerate(users):
            if rng.random() >= base * intensity:
                continue
            user = f"{prefix}-u{number + 1:04d}"
            hour, minute = rng.randint(6, 17), rng.randint(0, 59)
            seconds = hour * 3600 + minute * 60 + rng.randint(0, 59)
            sessions = 2 if rng.random() < 0.25 else 1
            rows.append(
                (spec.account_id, user, "login", "", sessions, _ts(stamp, seconds))
            )
            logins += sessions
            for feature in in_use:
                if rng.random() < feature.daily_use * 2.2:
                    seconds += rng.randint(30, 1500)
                    uses = 1 + int(rng.expovariate(0.45))
                    rows.append(
                        (
                            spec.account_id,
                            user,
                            "feature_used",
                            feature.key,
                            uses,
                            _ts(stamp, seconds),
                        )
                    )
                    history.feature_uses[feature.key] += uses
                    result.first_use.setdefault(feature.key, day)
            if rng.random() < 0.35:
                seconds += rng.randint(60, 3600)
                sent = 1 + int(rng.expovariate(0.12))
                rows.append(
                    (
                        spec.account_id,
                        user,
                        "message_sent",
                        "",
                        sent,
                        _ts(stamp, seconds),
                    )
                )
        if rows:
            sink(rows)
            result.rows += len(rows)
        if logins:
            history.daily_logins[day] = logins
        day += timedelta(days=1)
    history.usage_rows += result.rows
    return result


def _ts(stamp: str, seconds: int) -> str:
    seconds = min(seconds, 86_399)
    hours, rest = divmod(seconds, 3600)
    return f"{stamp}T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}Z"
