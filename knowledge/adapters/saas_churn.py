"""Map the public ``saas_churn.csv`` (PySurvival's churn data) into the data contract.

The file has one row per customer and neither dates nor logins, so this adapter had
to assume the following; each assumption is one line here and nowhere else:

- Every customer's term ends on ``end`` (default 2026-06-30); ``months_active`` is
  the tenure 30 days before that end, in 30-day months, so the term started
  ``months_active × 30`` days before the as-of date (``end`` − 30 days).
- ``churned`` = 1 is a ``churned`` outcome, 0 a ``renewed`` one; the account's
  status follows.
- Products are features: ``travel_expense``, ``payroll`` and ``accounting`` are key
  features; an ``Active`` product is one use of the feature, a ``Free-Trial`` one is
  one use of ``<product>.trial`` (not key), ``No`` is none.
- Engagement counts describe the last 30 days and all fall on the as-of day, used by a
  single end user: logins = 1 + ``articles_viewed``; ``marketing_emails_clicked``
  is the number of messages sent; ``smartphone_notifications_viewed`` is use of a
  non-key ``mobile.notifications`` feature.
- ``company_size`` gives the segment and the seats: self-employed and 1-10 are smb,
  10-50 and 50-100 mid_market, 100-250 enterprise; seats are the band's midpoint.
- ``csat_score`` (out of 10) is a value metric with target 10; storage in GB is a
  value metric without a target. ARR is not in the file: 1,000 per seat.
- ``social_media_ads_viewed``, ``minutes_customer_support`` and ``us_region`` have no
  place in the contract and are dropped.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from knowledge.errors import InvalidInputError, Location
from knowledge.models import (
    Account,
    Feature,
    Subscription,
    UsageFeatureDaily,
    UsageUserDaily,
    ValueMetric,
)

logger = logging.getLogger(__name__)

PRODUCTS = ("travel_expense", "payroll", "accounting")
_SIZES = {
    "self-employed": ("smb", 1),
    "1-10": ("smb", 5),
    "10-50": ("mid_market", 30),
    "50-100": ("mid_market", 75),
    "100-250": ("enterprise", 175),
}
_REQUIRED = (
    "product_data_storage",
    *(f"product_{p}" for p in PRODUCTS),
    "csat_score",
    "articles_viewed",
    "smartphone_notifications_viewed",
    "marketing_emails_clicked",
    "company_size",
    "months_active",
    "churned",
)


@dataclass(frozen=True)
class Customer:
    """One row of the file, in contract terms."""

    account_id: str
    segment: str
    seats: int
    start: date
    as_of: date
    end: date
    churned: bool
    products: dict[str, str]
    logins: int
    messages: float
    notifications: int
    csat: float
    storage_gb: float


def read_customers(path: Path, end: date = date(2026, 6, 30)) -> list[Customer]:
    """Parse the file; a bad value is refused with its line and column."""
    as_of = end - timedelta(days=30)
    customers: list[Customer] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInputError(
                f"missing columns {missing}", Location(str(path), 1)
            )
        for number, row in enumerate(reader, start=2):
            column = ""
            try:
                column = "company_size"
                segment, seats = _SIZES[row[column]]
                column = "months_active"
                months = int(float(row[column]))
                products = {}
                for product in PRODUCTS:
                    column = f"product_{product}"
                    if row[column] not in ("Active", "Free-Trial", "No"):
                        raise ValueError(row[column])
                    products[product] = row[column]
                column = "churned"
                churned = float(row[column]) == 1.0
                column = "articles_viewed"
                logins = 1 + int(float(row[column]))
                column = "marketing_emails_clicked"
                messages = float(row[column])
                column = "smartphone_notifications_viewed"
                notifications = int(float(row[column]))
                column = "csat_score"
                csat = float(row[column])
                column = "product_data_storage"
                storage = float(row[column])
            except (KeyError, ValueError) as exc:
                raise InvalidInputError(
                    f"unexpected value {exc}", Location(str(path), number, column)
                ) from exc
            customers.append(
                Customer(
                    account_id=f"SC-{number - 1:04d}",
                    segment=segment,
                    seats=seats,
                    start=as_of - timedelta(days=30 * months),
                    as_of=as_of,
                    end=end,
                    churned=churned,
                    products=products,
                    logins=logins,
                    messages=messages,
                    notifications=notifications,
                    csat=csat,
                    storage_gb=storage,
                )
            )
    return customers


def load_customers(engine: Engine, customers: list[Customer]) -> int:
    """Write the customers as accounts, features, terms, usage and value metrics."""
    features = [
        Feature(feature_key=p, name=p.replace("_", " ").title(), is_key=True)
        for p in PRODUCTS
    ]
    features += [
        Feature(feature_key=f"{p}.trial", name=f"{p} trial", is_key=False)
        for p in PRODUCTS
    ]
    features.append(Feature(feature_key="mobile.notifications", name="Notifications"))
    with Session(engine) as session:
        session.add_all(features)
        session.flush()
        for c in customers:
            session.add(_account(c))
        session.flush()
        for c in customers:
            session.add_all(_facts(c))
        session.commit()
    logger.info("loaded %d saas_churn customers", len(customers))
    return len(customers)


def _account(c: Customer) -> Account:
    return Account(
        account_id=c.account_id,
        name=f"SaaS customer {c.account_id[3:]}",
        segment=c.segment,
        arr=1000.0 * c.seats,
        seats=c.seats,
        contract_start=c.start,
        renewal_date=c.end,
        status="churned" if c.churned else "active",
    )


def _facts(c: Customer) -> list[object]:
    def usage(event: str, key: str, events: int, quantity: float) -> UsageFeatureDaily:
        return UsageFeatureDaily(
            account_id=c.account_id,
            day=c.as_of,
            event=event,
            feature_key=key,
            events=events,
            quantity=quantity,
            users=1,
        )

    rows: list[object] = [
        Subscription(
            account_id=c.account_id,
            start_date=c.start,
            end_date=c.end,
            arr=1000.0 * c.seats,
            seats=c.seats,
            outcome="churned" if c.churned else "renewed",
        ),
        usage("login", "", c.logins, c.logins),
        UsageUserDaily(
            account_id=c.account_id,
            day=c.as_of,
            user_id="u1",
            logins=c.logins,
            feature_events=0,
            messages=c.messages,
        ),
        ValueMetric(
            account_id=c.account_id,
            metric="csat",
            period_start=c.as_of - timedelta(days=29),
            period_end=c.as_of,
            value=c.csat,
            target=10.0,
        ),
        ValueMetric(
            account_id=c.account_id,
            metric="data_storage_gb",
            period_start=c.as_of - timedelta(days=29),
            period_end=c.as_of,
            value=c.storage_gb,
        ),
    ]
    if c.messages:
        rows.append(usage("message_sent", "", 1, c.messages))
    if c.notifications:
        rows.append(usage("feature_used", "mobile.notifications", c.notifications, 1))
    for product, state in c.products.items():
        if state == "Active":
            rows.append(usage("feature_used", product, 1, 1))
        elif state == "Free-Trial":
            rows.append(usage("feature_used", f"{product}.trial", 1, 1))
    return rows
