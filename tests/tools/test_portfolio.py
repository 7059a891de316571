"""Portfolio ranking, renewals, coverage tiers, the CSM pool and expansion signals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge.models import Account, UsageFeatureDaily, UsageUserDaily
from tests.tools.book import AS_OF, build_book, small_model
from tools.expansion import expansion_signals
from tools.model_file import load_model
from tools.portfolio import csm_pool_queue, portfolio_risk, upcoming_renewals


def test_accounts_rank_by_risk_times_arr(engine: Engine) -> None:
    build_book(engine)
    portfolio = portfolio_risk(
        engine,
        small_model(),
        AS_OF,
        high_touch_min_arr=100_000,
        tech_touch_max_arr=20_000,
    )
    ranked = [(r.account_id, r.revenue_at_risk, r.coverage) for r in portfolio.rows]
    # Acme: risk 0.51 × 120,000; Initech: risk 1.0 × 15,000; no usage ranks last.
    assert ranked[:2] == [
        ("A-1", 61_200.0, "high_touch"),
        ("A-3", 15_000.0, "tech_touch"),
    ]
    assert {r[0] for r in ranked[2:]} == {"A-2", "A-4"}
    assert all(r[1] is None for r in ranked[2:])


def test_portfolio_filters_by_csm(engine: Engine) -> None:
    build_book(engine)
    portfolio = portfolio_risk(
        engine,
        small_model(),
        AS_OF,
        high_touch_min_arr=100_000,
        tech_touch_max_arr=20_000,
        csm_email="lee@vendor.example",
    )
    assert [r.account_id for r in portfolio.rows] == ["A-4"]
    assert portfolio.scope == "csm=lee@vendor.example"


def test_renewals_within_days_soonest_first_with_band(engine: Engine) -> None:
    build_book(engine)
    portfolio = portfolio_risk(
        engine,
        small_model(),
        AS_OF,
        high_touch_min_arr=100_000,
        tech_touch_max_arr=20_000,
    )
    renewals = upcoming_renewals(portfolio, 90)
    assert [(r.account_id, r.band) for r in renewals.rows] == [
        ("A-4", "no_data"),
        ("A-3", "red"),
    ]


def test_csm_pool_takes_only_risky_low_touch_accounts(engine: Engine) -> None:
    build_book(engine)
    portfolio = portfolio_risk(
        engine,
        small_model(),
        AS_OF,
        high_touch_min_arr=100_000,
        tech_touch_max_arr=20_000,
    )
    assert [r.account_id for r in csm_pool_queue(portfolio).rows] == ["A-3"]


def test_expansion_signals_name_figure_and_threshold(engine: Engine) -> None:
    build_book(engine)
    with Session(engine) as session:
        account = session.get(Account, "A-2")
        assert account is not None
        account.plan = "Starter"
        account.seats = 2
        for user in ("g1", "g2"):
            session.add(
                UsageUserDaily(
                    account_id="A-2",
                    day=date(2026, 6, 20),
                    user_id=user,
                    logins=1,
                    feature_events=1,
                    messages=0,
                )
            )
        session.add(
            UsageFeatureDaily(
                account_id="A-2",
                day=date(2026, 6, 20),
                event="feature_used",
                feature_key="sso",
                events=3,
                quantity=3,
                users=2,
            )
        )
        session.commit()
    model = small_model().model_copy(update={"expansion": load_model().expansion})
    report = expansion_signals(engine, model, "Globex", AS_OF)
    signals = {s.signal: s for s in report.signals}
    assert signals["seats_nearly_full"].observed == 100.0
    assert signals["higher_plan_feature_in_demand"].description == (
        "sso belongs to the Enterprise plan"
    )
