"""Product usage, aggregated on import, and the value customers get."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models.base import Base


class UsageFeatureDaily(Base):
    """Events of one kind (and feature) for one account on one UTC day.

    ``feature_key`` is the empty string for logins and messages so that it can be part
    of the primary key; ``users`` counts distinct end users exactly. On SQLite the
    rows are stored in primary-key order (WITHOUT ROWID), so an account's window is
    one contiguous read.
    """

    __tablename__ = "usage_feature_daily"
    __table_args__ = {"sqlite_with_rowid": False}

    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.account_id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    event: Mapped[str] = mapped_column(String(16), primary_key=True)
    feature_key: Mapped[str] = mapped_column(String(120), primary_key=True, default="")
    events: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[float] = mapped_column(Float)
    users: Mapped[int] = mapped_column(Integer)


class UsageUserDaily(Base):
    """One end user's activity at one account on one UTC day.

    Distinct active users over any window are ``COUNT(DISTINCT user_id)`` here.
    Stored in primary-key order on SQLite, like ``UsageFeatureDaily``.
    """

    __tablename__ = "usage_user_daily"
    __table_args__ = {"sqlite_with_rowid": False}

    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.account_id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    logins: Mapped[int] = mapped_column(Integer)
    feature_events: Mapped[int] = mapped_column(Integer)
    messages: Mapped[float] = mapped_column(Float)


class ValueMetric(Base):
    """A business outcome measured for an account over a period."""

    __tablename__ = "value_metrics"

    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.account_id", ondelete="CASCADE"), primary_key=True
    )
    metric: Mapped[str] = mapped_column(String(64), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    period_end: Mapped[date] = mapped_column(Date, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
