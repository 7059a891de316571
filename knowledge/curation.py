"""Curation writes: playbook versions and status, notes, feedback, asked questions.

Every change is written with its actor to the audit log. The caller owns the
session and commits; the search index is updated afterwards from what was stored.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from knowledge.documents import SavedPlaybook, SaveOutcome, save_note, save_playbook
from knowledge.errors import ConflictError, InvalidInputError, NotFoundError
from knowledge.models import (
    AuditEntry,
    EmbeddingCache,
    PassageFeedback,
    Playbook,
    QuestionLog,
)
from knowledge.models.base import utc_now
from knowledge.queries.documents import latest_version_row
from knowledge.records import DocumentStatus, NoteRecord, PlaybookRecord

logger = logging.getLogger(__name__)


def create_playbook(
    session: Session, record: PlaybookRecord, actor: str, source: str = "api"
) -> SavedPlaybook:
    """Store a new playbook as version 1.

    Raises:
        ConflictError: a playbook with this slug already exists.
    """
    if session.get(Playbook, record.slug) is not None:
        raise ConflictError(f"a playbook with slug '{record.slug}' already exists")
    return save_playbook(session, record, actor, source)


def update_playbook(
    session: Session, record: PlaybookRecord, actor: str, source: str = "api"
) -> SavedPlaybook:
    """Store an edit of an existing playbook as a new version.

    Raises:
        NotFoundError: no playbook has this slug.
    """
    if session.get(Playbook, record.slug) is None:
        raise NotFoundError(f"no playbook '{record.slug}'")
    return save_playbook(session, record, actor, source)


def upsert_playbook(
    session: Session, record: PlaybookRecord, actor: str, source: str = "api"
) -> SavedPlaybook:
    """Create the playbook or add a version; identical content changes nothing."""
    return save_playbook(session, record, actor, source)


def set_playbook_status(
    session: Session, slug: str, status: DocumentStatus, actor: str
) -> SavedPlaybook:
    """Publish, retire or return to draft: a new version with the new status.

    Raises:
        NotFoundError: no playbook has this slug.
    """
    latest = latest_version_row(session, slug)
    record = PlaybookRecord(
        slug=latest.slug,
        title=latest.title,
        stage=latest.stage,
        audience=list(latest.audience),
        segment=list(latest.segment),
        tags=list(latest.tags),
        owner=latest.owner,
        status=status,
        body=latest.body,
    )
    return save_playbook(session, record, actor, source=f"status:{status}")


def mark_reviewed(session: Session, slug: str, actor: str) -> None:
    """Record that a curator reviewed a playbook without changing it.

    Raises:
        NotFoundError: no playbook has this slug.
    """
    playbook = session.get(Playbook, slug)
    if playbook is None:
        raise NotFoundError(f"no playbook '{slug}'")
    playbook.reviewed_at = utc_now()
    session.add(
        AuditEntry(
            actor=actor,
            action="playbook.reviewed",
            entity="playbook",
            entity_id=slug,
            detail={},
        )
    )


def import_note(
    session: Session, record: NoteRecord, actor: str, source: str = "api"
) -> SaveOutcome:
    """Insert or update an account note.

    Raises:
        InvalidInputError: the note names an account that does not exist.
    """
    return save_note(session, record, actor, source)


def record_feedback(
    session: Session,
    chunk_id: str,
    helpful: bool,
    actor: str,
    question: str | None = None,
) -> None:
    """Store a helpful / not-helpful vote on a passage.

    Raises:
        InvalidInputError: the chunk id does not name a document.
    """
    document_id, sep, _ = chunk_id.rpartition("#")
    if not sep or not document_id:
        raise InvalidInputError(f"'{chunk_id}' is not a passage id")
    session.add(
        PassageFeedback(
            chunk_id=chunk_id,
            document_id=document_id,
            helpful=helpful,
            actor=actor,
            question=question,
        )
    )
    session.add(
        AuditEntry(
            actor=actor,
            action="passage.feedback",
            entity="passage",
            entity_id=chunk_id,
            detail={"helpful": helpful},
        )
    )


def log_question(
    session: Session,
    question: str,
    *,
    asker: str | None,
    account_id: str | None,
    best_score: float | None,
    answered: bool,
    embedding: bytes | None,
) -> None:
    """Remember a question and whether a document supported it."""
    session.add(
        QuestionLog(
            question=question[:2000],
            asker=asker,
            account_id=account_id,
            best_score=best_score,
            answered=answered,
            embedding=embedding,
        )
    )


def forget_questions(session: Session, before: datetime) -> int:
    """Delete logged questions asked before ``before``; returns how many."""
    result = session.execute(delete(QuestionLog).where(QuestionLog.asked_at < before))
    return int(getattr(result, "rowcount", 0) or 0)


def store_embeddings(
    session: Session, model: str, vectors: Mapping[str, bytes]
) -> None:
    """Cache vectors by content hash; hashes already stored are left alone."""
    if not vectors:
        return
    hashes = list(vectors)
    existing: set[str] = set()
    for start in range(0, len(hashes), 500):
        existing.update(
            session.scalars(
                select(EmbeddingCache.content_hash).where(
                    EmbeddingCache.model == model,
                    EmbeddingCache.content_hash.in_(hashes[start : start + 500]),
                )
            )
        )
    session.add_all(
        EmbeddingCache(model=model, content_hash=h, vector=v)
        for h, v in vectors.items()
        if h not in existing
    )
    logger.debug("cached %d new embeddings", len(vectors) - len(existing))
