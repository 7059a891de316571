"""Account notes and versioned playbooks: the source of truth for the search index."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models.base import Base, JsonValue, Timestamp, utc_now


class Note(Base):
    """A call note, QBR summary, email or internal note about one account."""

    __tablename__ = "notes"

    note_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.account_id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str | None] = mapped_column(String(320))
    note_date: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)


class Playbook(Base):
    """A curated playbook; its text lives in its versions."""

    __tablename__ = "playbooks"

    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    current_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reviewed_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)


class PlaybookVersion(Base):
    """One immutable version of a playbook: every edit adds a row."""

    __tablename__ = "playbook_versions"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(
        ForeignKey("playbooks.slug", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(16))
    audience: Mapped[list[str]] = mapped_column(JsonValue)
    segment: Mapped[list[str]] = mapped_column(JsonValue)
    tags: Mapped[list[str]] = mapped_column(JsonValue)
    owner: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(320))
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)
