"""A small hand-built book of business whose figures are computed by hand in tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge.models import (
    Account,
    Feature,
    Ticket,
    UsageFeatureDaily,
    UsageUserDaily,
    ValueMetric,
)
from tools.health_model import HealthModel
from tools.model_file import parse_model

AS_OF = date(2026, 6, 30)

TEST_MODEL = """
bands: {green: 60, yellow: 40}
indicators:
  logins_per_active_user:
    curve: [{value: 0, score: 0}, {value: 10, score: 100}]
  key_feature_breadth_pct:
    curve: [{value: 0, score: 0}, {value: 100, score: 100}]
  seat_utilization_pct:
    curve: [{value: 0, score: 0}, {value: 100, score: 100}]
  open_sev1:
    thresholds: [{below: 1, score: 100}, {score: 0}]
cohorts:
  - name: smb
    when: {segment: [smb]}
    weights: {logins_per_active_user: 100}
  - name: default
    weights:
      logins_per_active_user: 30
      key_feature_breadth_pct: 30
      open_sev1: 20
      seat_utilization_pct: 20
rules:
  - {id: logins_falling, description: Logins down >30 %, severity: high,
     indicator: login_change_pct, op: "<", value: -30}
  - {id: stale_sev1, description: Sev1 open > 7 days, severity: high,
     indicator: oldest_open_sev1_days, op: ">", value: 7}
  - id: low_early_breadth
    description: Fewer than 5 key features in the first 60 days
    indicator: key_features_first_60d
    op: "<"
    value: 5
    only_if: [{indicator: tenure_days, op: ">=", value: 60}]
  - id: renewal_soon_and_red
    description: Renewal within 90 days and red
    indicator: days_to_renewal
    op: "<="
    value: 90
    only_if: [{band: red}]
"""


def small_model() -> HealthModel:
    """The small model the expectations in these tests are computed with."""
    return parse_model(TEST_MODEL, "test-model")


def _login(account: str, day: date, user: str, logins: int) -> list[object]:
    return [
        UsageFeatureDaily(
            account_id=account,
            day=day,
            event="login",
            feature_key="",
            events=logins,
            quantity=logins,
            users=1,
        ),
        UsageUserDaily(
            account_id=account,
            day=day,
            user_id=user,
            logins=logins,
            feature_events=0,
            messages=0,
        ),
    ]


def _event(account: str, day: date, event: str, key: str, n: int, qty: float) -> object:
    return UsageFeatureDaily(
        account_id=account,
        day=day,
        event=event,
        feature_key=key,
        events=n,
        quantity=qty,
        users=1,
    )


def build_book(engine: Engine) -> None:
    """Acme (busy, falling), Globex (no usage), Initech (quiet lately), Umbrella."""
    rows: list[object] = [
        Feature(feature_key=f"k{i}", name=f"Key {i}", is_key=True) for i in range(1, 5)
    ]
    rows.append(Feature(feature_key="n1", name="Not key", is_key=False))
    rows += [
        Account(
            account_id="A-1",
            name="Acme Corp.",
            segment="mid_market",
            arr=120_000,
            seats=10,
            csm_email="dana@vendor.example",
            contract_start=date(2026, 1, 1),
            renewal_date=date(2026, 12, 31),
        ),
        Account(
            account_id="A-2",
            name="Globex",
            segment="mid_market",
            arr=50_000,
            seats=20,
            contract_start=date(2026, 6, 1),
            renewal_date=date(2027, 6, 1),
        ),
        Account(
            account_id="A-3",
            name="Initech",
            segment="smb",
            arr=15_000,
            seats=5,
            contract_start=date(2025, 9, 1),
            renewal_date=date(2026, 8, 31),
        ),
        Account(
            account_id="A-4",
            name="Umbrella Group",
            segment="enterprise",
            arr=400_000,
            seats=100,
            csm_email="lee@vendor.example",
            contract_start=date(2025, 7, 1),
            renewal_date=date(2026, 7, 1),
        ),
    ]
    with Session(engine) as session:
        session.add_all(rows)
        session.flush()
        session.add_all(_acme_usage() + _initech_usage())
        session.add_all(_tickets_and_values())
        session.commit()


def _acme_usage() -> list[object]:
    rows: list[object] = []
    for i in range(20):
        # June: 2 logins a day by 5 distinct users; May: 4 a day by 8 users.
        rows += _login("A-1", date(2026, 6, 1 + i), f"u{i % 5 + 1}", 2)
        rows += _login("A-1", date(2026, 5, 2 + i), f"u{i % 8 + 1}", 4)
    rows += _login("A-1", date(2026, 1, 10), "u1", 1)
    rows.append(_event("A-1", date(2026, 1, 10), "feature_used", "k1", 1, 1))
    rows.append(_event("A-1", date(2026, 5, 10), "feature_used", "k1", 3, 3))
    rows.append(_event("A-1", date(2026, 6, 5), "feature_used", "k1", 4, 4))
    rows.append(_event("A-1", date(2026, 6, 6), "feature_used", "k2", 2, 2))
    rows.append(_event("A-1", date(2026, 6, 7), "feature_used", "n1", 7, 7))
    rows.append(_event("A-1", date(2026, 6, 10), "message_sent", "", 3, 300))
    rows.append(_event("A-1", date(2026, 1, 15), "message_sent", "", 1, 100))
    # After the as-of date: must never count.
    rows += _login("A-1", date(2026, 7, 2), "u9", 50)
    return rows


def _initech_usage() -> list[object]:
    rows: list[object] = []
    for i in range(10):
        rows += _login("A-3", date(2026, 3, 1 + i), "x1", 3)
    return rows


def _tickets_and_values() -> list[object]:
    def ts(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)

    return [
        Ticket(
            ticket_id="T-1",
            account_id="A-1",
            subject="SSO down",
            severity="sev1",
            status="open",
            opened_at=ts(date(2026, 6, 20)),
        ),
        Ticket(
            ticket_id="T-2",
            account_id="A-1",
            subject="Slow export",
            severity="sev2",
            status="closed",
            opened_at=ts(date(2026, 6, 1)),
            closed_at=ts(date(2026, 6, 25)),
        ),
        Ticket(
            ticket_id="T-3",
            account_id="A-1",
            subject="Later",
            severity="sev3",
            status="open",
            opened_at=ts(date(2026, 7, 5)),
        ),
        ValueMetric(
            account_id="A-1",
            metric="cost_savings",
            period_start=date(2026, 4, 1),
            period_end=date(2026, 6, 15),
            value=80,
            target=100,
        ),
        ValueMetric(
            account_id="A-1",
            metric="cost_savings",
            period_start=date(2026, 6, 16),
            period_end=date(2026, 7, 15),
            value=200,
            target=100,
        ),
    ]
