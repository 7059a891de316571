"""Accounts, the team that owns them, their contacts and the feature catalog."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models.base import Base, Money, Timestamp, utc_now


class TeamMember(Base):
    """Someone inside the vendor: a CSM, account manager, CS ops or admin."""

    __tablename__ = "team_members"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    slack_user_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)


class Account(Base):
    """A customer account as the CRM knows it."""

    __tablename__ = "accounts"

    account_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    segment: Mapped[str] = mapped_column(String(16), index=True)
    arr: Mapped[float] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    industry: Mapped[str | None] = mapped_column(String(120))
    plan: Mapped[str | None] = mapped_column(String(120))
    seats: Mapped[int | None] = mapped_column(Integer)
    csm_email: Mapped[str | None] = mapped_column(String(320), index=True)
    account_manager_email: Mapped[str | None] = mapped_column(String(320), index=True)
    contract_start: Mapped[date | None] = mapped_column(Date)
    renewal_date: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)


class Contact(Base):
    """A person at a customer account."""

    __tablename__ = "contacts"

    contact_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.account_id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    title: Mapped[str | None] = mapped_column(String(200))
    persona: Mapped[str | None] = mapped_column(String(32))


class Feature(Base):
    """One entry of the product's feature catalog."""

    __tablename__ = "features"

    feature_key: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    product: Mapped[str | None] = mapped_column(String(120))
    is_key: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(Text)
