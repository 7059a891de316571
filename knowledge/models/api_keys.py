"""API keys of the HTTP API: only a hash of each key is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.models.base import Base, JsonValue, Timestamp, utc_now


class ApiKey(Base):
    """A key an internal tool sends as ``Authorization: Bearer``.

    The key itself is shown once at creation; ``key_hash`` is its SHA-256, which is
    enough because the key is 256 random bits (nothing to brute-force).
    """

    __tablename__ = "api_keys"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(320))
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp)
