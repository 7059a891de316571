"""Account notes and playbooks: parse the contract's Markdown and store versions.

The database is the source of truth for documents; the search index is derived from
it. Saving identical text again changes nothing, and every real edit of a playbook
adds a version.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeVar

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.errors import InvalidInputError, Location
from knowledge.models import Account, AuditEntry, Note, Playbook, PlaybookVersion
from knowledge.models.base import utc_now
from knowledge.records import NoteRecord, PlaybookRecord

MAX_DOCUMENT_BYTES = 200_000
"""Larger documents are refused: they are exports pasted by mistake, not notes."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")

_RecordT = TypeVar("_RecordT", NoteRecord, PlaybookRecord)

SaveOutcome = Literal["inserted", "updated", "unchanged"]


@dataclass(frozen=True)
class SavedPlaybook:
    """What saving a playbook did."""

    slug: str
    version: int
    outcome: SaveOutcome


def content_hash(*parts: str) -> str:
    """A stable SHA-256 of the given text parts."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def slugify(text: str) -> str:
    """Lower-case words joined by dashes."""
    return _SLUG_CHARS.sub("-", text.lower()).strip("-")[:80] or "untitled"


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    """Split ``---`` YAML front matter from the Markdown body.

    Raises:
        InvalidInputError: no front matter, YAML that does not parse, an empty body,
            or a document over the size cap.
    """
    size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidInputError(
            f"document is {size:,} bytes; the cap is {MAX_DOCUMENT_BYTES:,}",
            Location(source),
        )
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if match is None:
        raise InvalidInputError(
            "no YAML front matter (the file must start with a '---' block)",
            Location(source, 1),
        )
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 2
        raise InvalidInputError(
            f"front matter is not valid YAML: {exc}", Location(source, line)
        ) from exc
    if not isinstance(meta, dict):
        raise InvalidInputError("front matter must be a mapping", Location(source, 2))
    body = text.lstrip("\ufeff")[match.end() :].strip()
    if not body:
        raise InvalidInputError(
            "document has no text after its front matter", Location(source)
        )
    return meta, body


def _validate(model: type[_RecordT], data: dict[str, Any], source: str) -> _RecordT:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        column = ".".join(str(p) for p in first["loc"]) or None
        problems = [
            f"{source}: field '{'.'.join(str(p) for p in e['loc'])}': {e['msg']}"
            for e in exc.errors()
        ]
        raise InvalidInputError(
            first["msg"], Location(source, None, column), problems
        ) from exc


def parse_note(text: str, source: str) -> NoteRecord:
    """Parse a note file of the data contract."""
    meta, body = split_front_matter(text, source)
    data = {**meta, "body": body}
    if "id" in meta and "note_id" not in meta:
        data["note_id"] = str(meta["id"])
    return _validate(NoteRecord, data, source)


def parse_playbook(text: str, source: str) -> PlaybookRecord:
    """Parse a playbook file of the data contract."""
    meta, body = split_front_matter(text, source)
    if not meta.get("slug"):
        raise InvalidInputError(
            "front matter has no 'slug'", Location(source, None, "slug")
        )
    return _validate(PlaybookRecord, {**meta, "body": body}, source)


def note_id_of(record: NoteRecord) -> str:
    """The note's id: its own, or one derived from account, date and title."""
    if record.note_id:
        return record.note_id
    return f"{record.account_id}:{record.date.isoformat()}:{slugify(record.title)}"


def save_note(
    session: Session, record: NoteRecord, actor: str, source: str = "api"
) -> SaveOutcome:
    """Insert or update a note; identical text changes nothing.

    Raises:
        InvalidInputError: the note names an account that does not exist.
    """
    if session.get(Account, record.account_id) is None:
        raise InvalidInputError(
            f"unknown account_id '{record.account_id}'",
            Location(source, None, "account_id"),
        )
    note_id = note_id_of(record)
    digest = content_hash(record.title, record.kind, record.author or "", record.body)
    existing = session.get(Note, note_id)
    if (
        existing is not None
        and existing.content_hash == digest
        and existing.note_date == record.date
    ):
        return "unchanged"
    outcome: SaveOutcome = "inserted" if existing is None else "updated"
    note = existing or Note(note_id=note_id)
    note.account_id = record.account_id
    note.title = record.title
    note.author = record.author
    note.note_date = record.date
    note.kind = record.kind
    note.body = record.body
    note.content_hash = digest
    note.updated_at = utc_now()
    session.add(note)
    session.add(
        AuditEntry(
            actor=actor,
            action=f"note.{outcome}",
            entity="note",
            entity_id=note_id,
            detail={"source": source},
        )
    )
    return outcome


def _playbook_hash(record: PlaybookRecord) -> str:
    return content_hash(
        record.title,
        record.body,
        record.stage,
        ",".join(record.audience),
        ",".join(record.segment),
        ",".join(record.tags),
        record.owner or "",
        record.status,
    )


def save_playbook(
    session: Session, record: PlaybookRecord, actor: str, source: str = "api"
) -> SavedPlaybook:
    """Store a playbook as a new version unless its content is unchanged."""
    digest = _playbook_hash(record)
    playbook = session.get(Playbook, record.slug)
    if playbook is not None:
        current = session.scalars(
            select(PlaybookVersion).where(
                PlaybookVersion.slug == record.slug,
                PlaybookVersion.version == playbook.current_version,
            )
        ).one()
        if current.content_hash == digest:
            return SavedPlaybook(record.slug, current.version, "unchanged")
    version = 1 if playbook is None else playbook.current_version + 1
    now = utc_now()
    if playbook is None:
        playbook = Playbook(
            slug=record.slug, current_version=version, status=record.status
        )
        session.add(playbook)
        session.flush()
    session.add(
        PlaybookVersion(
            slug=record.slug,
            version=version,
            title=record.title,
            body=record.body,
            stage=record.stage,
            audience=list(record.audience),
            segment=list(record.segment),
            tags=list(record.tags),
            owner=record.owner,
            status=record.status,
            author=actor,
            content_hash=digest,
            created_at=now,
        )
    )
    playbook.current_version = version
    playbook.status = record.status
    playbook.updated_at = now
    playbook.reviewed_at = now
    outcome: SaveOutcome = "inserted" if version == 1 else "updated"
    session.add(
        AuditEntry(
            actor=actor,
            action=f"playbook.{outcome}",
            entity="playbook",
            entity_id=record.slug,
            detail={"version": version, "source": source},
        )
    )
    return SavedPlaybook(record.slug, version, outcome)


def note_dates(session: Session, account_id: str) -> list[date]:
    """Dates of an account's notes, newest first."""
    return list(
        session.scalars(
            select(Note.note_date)
            .where(Note.account_id == account_id)
            .order_by(Note.note_date.desc())
        )
    )


def decode_document(data: bytes, source: str) -> str:
    """Decode a document file, refusing empty, oversized or non-UTF-8 input.

    Raises:
        InvalidInputError: the file is empty, over MAX_DOCUMENT_BYTES, or not UTF-8
            (the line of the first bad byte is named).
    """
    if not data.strip():
        raise InvalidInputError("document is empty", Location(source))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidInputError(
            f"document is {len(data):,} bytes; the cap is {MAX_DOCUMENT_BYTES:,}",
            Location(source),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInputError(
            f"not valid UTF-8 (byte {exc.start})", Location(source, line)
        ) from exc


def document_kind(meta: dict[str, Any]) -> Literal["playbook", "note"]:
    """Which contract a front matter follows: notes name an account, playbooks not."""
    return "note" if "account_id" in meta else "playbook"
