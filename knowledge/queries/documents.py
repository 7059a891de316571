"""Read-side queries over notes, playbook versions, feedback and asked questions.

Results are pydantic models: the ORM rows stay in this layer.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from knowledge.errors import NotFoundError
from knowledge.models import (
    Account,
    EmbeddingCache,
    Note,
    PassageFeedback,
    Playbook,
    PlaybookVersion,
    QuestionLog,
)

DocumentKind = Literal["playbook", "note"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class IndexableDocument(_Frozen):
    """A document as the search index should hold it: the version users may see."""

    doc_id: str
    kind: DocumentKind
    key: str
    version: int
    title: str
    body: str
    account_id: str | None = None
    account_name: str | None = None
    stage: str = "any"
    audience: list[str] = []
    segment: list[str] = ["any"]
    tags: list[str] = []
    note_kind: str | None = None
    status: str = "published"
    doc_date: date


class VersionInfo(_Frozen):
    """One stored version of a playbook."""

    slug: str
    version: int
    title: str
    status: str
    author: str | None
    created_at: datetime
    content_hash: str


class PlaybookSummary(_Frozen):
    """A playbook as a list shows it."""

    slug: str
    title: str
    status: str
    current_version: int
    served_version: int | None
    stage: str
    reviewed_at: datetime
    updated_at: datetime


class StaleItem(_Frozen):
    """A playbook that needs a curator's eye, and why."""

    slug: str
    title: str
    reason: Literal["not_reviewed", "newer_version_pending"]
    detail: str
    reviewed_at: datetime


class LoggedQuestion(_Frozen):
    """A question the knowledge base could not support."""

    id: int
    question: str
    asked_at: datetime
    best_score: float | None
    embedding: bytes | None


def playbook_doc_id(slug: str) -> str:
    """The index id of a playbook."""
    return f"playbook:{slug}"


def note_doc_id(note_id: str) -> str:
    """The index id of a note."""
    return f"note:{note_id}"


def served_version(versions: Sequence[PlaybookVersion]) -> PlaybookVersion | None:
    """The version users see: the newest one that is not a draft, if published.

    A draft saved over a published playbook waits for review while the published
    version keeps serving; a retirement hides every version.
    """
    for row in sorted(versions, key=lambda v: v.version, reverse=True):
        if row.status == "draft":
            continue
        return row if row.status == "published" else None
    return None


def _playbook_document(row: PlaybookVersion) -> IndexableDocument:
    return IndexableDocument(
        doc_id=playbook_doc_id(row.slug),
        kind="playbook",
        key=row.slug,
        version=row.version,
        title=row.title,
        body=row.body,
        stage=row.stage,
        audience=list(row.audience),
        segment=list(row.segment),
        tags=list(row.tags),
        status=row.status,
        doc_date=row.created_at.date(),
    )


def _note_document(note: Note, account: Account | None) -> IndexableDocument:
    return IndexableDocument(
        doc_id=note_doc_id(note.note_id),
        kind="note",
        key=note.note_id,
        version=1,
        title=note.title,
        body=note.body,
        account_id=note.account_id,
        account_name=account.name if account else None,
        segment=[account.segment] if account else ["any"],
        note_kind=note.kind,
        doc_date=note.note_date,
    )


def _versions_by_slug(
    session: Session, slugs: Iterable[str] | None = None
) -> dict[str, list[PlaybookVersion]]:
    query = select(PlaybookVersion)
    if slugs is not None:
        query = query.where(PlaybookVersion.slug.in_(list(slugs)))
    grouped: dict[str, list[PlaybookVersion]] = {}
    for row in session.scalars(query):
        grouped.setdefault(row.slug, []).append(row)
    return grouped


def indexable_documents(session: Session) -> list[IndexableDocument]:
    """Every document the index should hold: served playbook versions and notes."""
    documents: list[IndexableDocument] = []
    for versions in _versions_by_slug(session).values():
        row = served_version(versions)
        if row is not None:
            documents.append(_playbook_document(row))
    rows = session.execute(
        select(Note, Account).join(Account, Account.account_id == Note.account_id)
    )
    documents.extend(_note_document(note, account) for note, account in rows)
    return documents


def indexable_document(session: Session, doc_id: str) -> IndexableDocument | None:
    """One document as the index should hold it, or None when nothing is served."""
    kind, _, key = doc_id.partition(":")
    if kind == "playbook":
        versions = _versions_by_slug(session, [key]).get(key, [])
        row = served_version(versions)
        return None if row is None else _playbook_document(row)
    note = session.get(Note, key)
    if note is None:
        return None
    return _note_document(note, session.get(Account, note.account_id))


def playbook_versions(session: Session, slug: str) -> list[VersionInfo]:
    """Every version of a playbook, oldest first.

    Raises:
        NotFoundError: no playbook has this slug.
    """
    rows = session.scalars(
        select(PlaybookVersion)
        .where(PlaybookVersion.slug == slug)
        .order_by(PlaybookVersion.version)
    ).all()
    if not rows:
        raise NotFoundError(f"no playbook '{slug}'")
    return [
        VersionInfo(
            slug=r.slug,
            version=r.version,
            title=r.title,
            status=r.status,
            author=r.author,
            created_at=r.created_at,
            content_hash=r.content_hash,
        )
        for r in rows
    ]


def latest_version_row(session: Session, slug: str) -> PlaybookVersion:
    """The newest stored version of a playbook (for this layer's writers).

    Raises:
        NotFoundError: no playbook has this slug.
    """
    row = session.scalars(
        select(PlaybookVersion)
        .where(PlaybookVersion.slug == slug)
        .order_by(PlaybookVersion.version.desc())
        .limit(1)
    ).first()
    if row is None:
        raise NotFoundError(f"no playbook '{slug}'")
    return row


def _render(row: PlaybookVersion) -> list[str]:
    head = [
        f"title: {row.title}",
        f"status: {row.status}",
        f"stage: {row.stage}",
        f"audience: {', '.join(row.audience)}",
        f"segment: {', '.join(row.segment)}",
        f"tags: {', '.join(row.tags)}",
        "",
    ]
    return head + row.body.splitlines()


def diff_versions(session: Session, slug: str, old: int, new: int) -> str:
    """A unified diff between two versions of a playbook (metadata and body).

    Raises:
        NotFoundError: the playbook or one of the versions does not exist.
    """
    rows = {
        r.version: r
        for r in session.scalars(
            select(PlaybookVersion).where(
                PlaybookVersion.slug == slug, PlaybookVersion.version.in_([old, new])
            )
        )
    }
    for wanted in (old, new):
        if wanted not in rows:
            raise NotFoundError(f"playbook '{slug}' has no version {wanted}")
    lines = difflib.unified_diff(
        _render(rows[old]),
        _render(rows[new]),
        fromfile=f"{slug} v{old}",
        tofile=f"{slug} v{new}",
        lineterm="",
    )
    return "\n".join(lines)


def list_playbooks(session: Session) -> list[PlaybookSummary]:
    """Every playbook with its current and served version."""
    grouped = _versions_by_slug(session)
    summaries = []
    for playbook in session.scalars(select(Playbook).order_by(Playbook.slug)):
        versions = grouped.get(playbook.slug, [])
        latest = max(versions, key=lambda v: v.version)
        served = served_version(versions)
        summaries.append(
            PlaybookSummary(
                slug=playbook.slug,
                title=latest.title,
                status=playbook.status,
                current_version=playbook.current_version,
                served_version=served.version if served else None,
                stage=latest.stage,
                reviewed_at=playbook.reviewed_at,
                updated_at=playbook.updated_at,
            )
        )
    return summaries


def stale_playbooks(
    session: Session, max_age_days: int, now: datetime
) -> list[StaleItem]:
    """Served playbooks unreviewed for ``max_age_days``, or with a draft pending."""
    cutoff = now - timedelta(days=max_age_days)
    grouped = _versions_by_slug(session)
    items: list[StaleItem] = []
    for playbook in session.scalars(select(Playbook).order_by(Playbook.slug)):
        versions = grouped.get(playbook.slug, [])
        served = served_version(versions)
        if served is None:
            continue
        reviewed = _aware(playbook.reviewed_at)
        if reviewed < _aware(cutoff):
            age = (_aware(now) - reviewed).days
            items.append(
                StaleItem(
                    slug=playbook.slug,
                    title=served.title,
                    reason="not_reviewed",
                    detail=f"last reviewed {age} days ago (limit {max_age_days})",
                    reviewed_at=reviewed,
                )
            )
        if playbook.current_version > served.version:
            items.append(
                StaleItem(
                    slug=playbook.slug,
                    title=served.title,
                    reason="newer_version_pending",
                    detail=(
                        f"v{served.version} is served but v"
                        f"{playbook.current_version} is a draft awaiting review"
                    ),
                    reviewed_at=reviewed,
                )
            )
    return items


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive timestamps; every stored time is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def feedback_scores(session: Session) -> dict[str, int]:
    """Net votes (helpful minus not helpful) per chunk id."""
    net = func.sum(case((PassageFeedback.helpful, 1), else_=-1))
    rows = session.execute(
        select(PassageFeedback.chunk_id, net).group_by(PassageFeedback.chunk_id)
    )
    return {chunk_id: int(score) for chunk_id, score in rows}


def unanswered_questions(session: Session, since: datetime) -> list[LoggedQuestion]:
    """Questions since ``since`` whose best passage fell under the threshold."""
    rows = session.scalars(
        select(QuestionLog)
        .where(QuestionLog.answered.is_(False), QuestionLog.asked_at >= since)
        .order_by(QuestionLog.asked_at)
    )
    return [
        LoggedQuestion(
            id=r.id,
            question=r.question,
            asked_at=r.asked_at,
            best_score=r.best_score,
            embedding=r.embedding,
        )
        for r in rows
    ]


def cached_embeddings(
    session: Session, model: str, hashes: Sequence[str]
) -> dict[str, bytes]:
    """Stored vectors for the given content hashes, by hash."""
    found: dict[str, bytes] = {}
    for start in range(0, len(hashes), 500):
        batch = list(hashes[start : start + 500])
        rows = session.execute(
            select(EmbeddingCache.content_hash, EmbeddingCache.vector).where(
                EmbeddingCache.model == model, EmbeddingCache.content_hash.in_(batch)
            )
        )
        found.update({h: v for h, v in rows})
    return found
