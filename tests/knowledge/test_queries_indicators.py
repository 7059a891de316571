"""Raw indicators for many targets in one call, checked against hand counts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from knowledge.queries.indicators import Target, compute_raw_indicators
from tests.tools.book import build_book


def test_targets_of_one_account_at_two_dates_are_independent(engine: Engine) -> None:
    build_book(engine)
    start = date(2026, 1, 1)
    raw = compute_raw_indicators(
        engine,
        [
            Target("now", "A-1", date(2026, 6, 30), start),
            Target("then", "A-1", date(2026, 5, 31), start),
            Target("none", "A-2", date(2026, 6, 30), None),
            Target("mid", "A-1", date(2026, 6, 24), start),
        ],
        window_days=30,
        key_features=["k1", "k2", "k3", "k4"],
    )
    now, then, none = raw["now"], raw["then"], raw["none"]
    assert (now.logins, now.logins_prev, now.active_users) == (40, 80, 5)
    assert (then.logins, then.active_users, then.active_users_prev) == (80, 8, 0)
    assert (now.key_features_used, then.key_features_used) == (2, 1)
    assert (now.messages, now.messages_total, now.messages_first_90d) == (300, 400, 100)
    assert now.key_features_first_60d == 1
    assert now.last_activity == date(2026, 6, 20)
    # Sev2 closed before the cutoff and sev3 opened after it are not open.
    assert now.open_tickets == {"sev1": 1}
    assert then.open_tickets == {}
    assert raw["mid"].open_tickets == {"sev1": 1, "sev2": 1}
    assert now.value_attainment_pct == 80.0
    assert then.value_attainment_pct is None
    assert not none.has_usage
    assert none.logins == 0


def test_no_targets_means_no_queries(engine: Engine) -> None:
    assert compute_raw_indicators(engine, [], window_days=30, key_features=[]) == {}
