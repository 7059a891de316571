"""API keys: create (shown once), look up by the key's hash, list and revoke."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from knowledge.db import make_session_factory, session_scope
from knowledge.errors import InvalidInputError, NotFoundError
from knowledge.models import ApiKey, AuditEntry
from knowledge.models.base import utc_now

KEY_PREFIX = "csm_"
"""Every key starts with this, so a leaked key is easy to recognise in a scan."""


@dataclass(frozen=True)
class ApiKeyRecord:
    """An API key as stored: never the key itself."""

    key_id: str
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    created_by: str
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        """True until the key is revoked."""
        return self.revoked_at is None


def hash_key(key: str) -> str:
    """SHA-256 of a key; enough for 256-bit random keys (nothing to brute-force)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _record(row: ApiKey) -> ApiKeyRecord:
    return ApiKeyRecord(
        key_id=row.key_id,
        name=row.name,
        scopes=tuple(row.scopes),
        created_at=row.created_at,
        created_by=row.created_by,
        revoked_at=row.revoked_at,
    )


def create_key(
    engine: Engine, name: str, scopes: Iterable[str], actor: str
) -> tuple[ApiKeyRecord, str]:
    """Store a new key and return it with the secret, which is never stored.

    Raises:
        InvalidInputError: the name is empty or no scope is given.
    """
    name = name.strip()
    wanted = sorted(set(scopes))
    if not name:
        raise InvalidInputError("an API key needs a name")
    if not wanted:
        raise InvalidInputError("an API key needs at least one scope")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        key_id=secrets.token_hex(6),
        name=name[:120],
        key_hash=hash_key(secret),
        scopes=wanted,
        created_at=utc_now(),
        created_by=actor,
    )
    with session_scope(make_session_factory(engine)) as session:
        session.add(row)
        session.add(_audit(actor, "api_key.created", row.key_id, wanted))
    return _record(row), secret


def find_active_key(engine: Engine, key: str) -> ApiKeyRecord | None:
    """The unrevoked key whose hash matches, or None."""
    query = select(ApiKey).where(
        ApiKey.key_hash == hash_key(key), ApiKey.revoked_at.is_(None)
    )
    with Session(engine) as session:
        row = session.scalars(query).first()
        return _record(row) if row is not None else None


def list_keys(engine: Engine, *, include_revoked: bool = False) -> list[ApiKeyRecord]:
    """Keys by creation time, revoked ones only when asked."""
    query = select(ApiKey).order_by(ApiKey.created_at, ApiKey.key_id)
    if not include_revoked:
        query = query.where(ApiKey.revoked_at.is_(None))
    with Session(engine) as session:
        return [_record(row) for row in session.scalars(query)]


def revoke_key(engine: Engine, key_id: str, actor: str) -> ApiKeyRecord:
    """Revoke a key; revoking it again changes nothing.

    Raises:
        NotFoundError: no key has this id.
    """
    with session_scope(make_session_factory(engine)) as session:
        row = session.get(ApiKey, key_id)
        if row is None:
            raise NotFoundError(f"no API key '{key_id}'")
        if row.revoked_at is None:
            row.revoked_at = utc_now()
            session.add(_audit(actor, "api_key.revoked", key_id, list(row.scopes)))
        return _record(row)


def _audit(actor: str, action: str, key_id: str, scopes: list[str]) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        action=action,
        entity="api_key",
        entity_id=key_id,
        detail={"scopes": scopes},
    )
