"""Feature lift compares renewal rates with and without each feature, leak-free."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge.models import Account, Feature, Subscription, UsageFeatureDaily
from tools.lift import feature_lift

USED = {"B-1": ["k1"], "B-2": ["k1", "k2"], "B-3": ["k2"], "B-4": []}
OUTCOMES = {"B-1": "renewed", "B-2": "expanded", "B-3": "churned", "B-4": "churned"}


def _use(account: str, key: str, day: date) -> UsageFeatureDaily:
    return UsageFeatureDaily(
        account_id=account,
        day=day,
        event="feature_used",
        feature_key=key,
        events=1,
        quantity=1,
        users=1,
    )


def test_lift_counts_terms_with_and_without_each_feature(engine: Engine) -> None:
    with Session(engine) as session:
        session.add_all(
            Feature(feature_key=k, name=k, is_key=True) for k in ("k1", "k2", "k3")
        )
        session.add_all(
            Account(account_id=a, name=a, segment="smb", arr=1000) for a in USED
        )
        session.flush()
        for account, outcome in OUTCOMES.items():
            session.add(
                Subscription(
                    account_id=account,
                    start_date=date(2025, 4, 1),
                    end_date=date(2026, 3, 31),
                    arr=1000,
                    outcome=outcome,
                )
            )
            session.add_all(_use(account, k, date(2025, 10, 1)) for k in USED[account])
        # Used 16 days before the end: after the as-of date, so it must not count.
        session.add(_use("B-4", "k3", date(2026, 3, 15)))
        session.commit()

    report = feature_lift(engine, lead_days=30)
    rows = {r.feature_key: r for r in report.features}
    assert (report.outcomes, report.retained) == (4, 2)
    assert (rows["k1"].terms_with, rows["k1"].retained_with) == (2, 2)
    assert (rows["k1"].renewal_rate_with, rows["k1"].renewal_rate_without) == (1.0, 0.0)
    assert rows["k1"].lift == 1.0
    assert rows["k2"].lift == 0.0
    assert rows["k3"].terms_with == 0
    assert rows["k3"].lift is None
    assert [r.feature_key for r in report.features] == ["k1", "k2", "k3"]
