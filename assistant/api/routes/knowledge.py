"""Knowledge admin: playbooks with versions, notes, reindex and curation reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.auth import KbWriteCaller, ReadCaller
from assistant.api.deps import KnowledgeBaseDep
from assistant.api.problems import COMMON_ERRORS, problem_responses
from knowledge.errors import InvalidInputError, NotFoundError
from knowledge.queries.documents import PlaybookSummary, StaleItem, VersionInfo
from retrieval.models import IndexReport, UnansweredGroup
from retrieval.service import SavedDocument

router = APIRouter(prefix="/v1/knowledge", tags=["knowledge"], responses=COMMON_ERRORS)

Slug = Annotated[
    str,
    Path(
        min_length=1,
        max_length=120,
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        examples=["renewal-risk"],
    ),
]
_PLAYBOOK_EXAMPLE = (
    "---\nslug: renewal-risk\ntitle: Renewal risk\nstage: renew\n"
    "audience: [csm]\nstatus: published\n---\n# When health turns red\n"
    "Call the sponsor within a week.\n"
)
_NOTE_EXAMPLE = (
    "---\naccount_id: A-1001\ntitle: QBR with finance team\n"
    "author: dana@vendor.example\ndate: 2026-10-14\nkind: qbr\n---\n"
    "Finance wants the savings report monthly.\n"
)
_MISSING = problem_responses(404)


class DocumentIn(BaseModel):
    """A document of the data contract: YAML front matter, then Markdown."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"markdown": _PLAYBOOK_EXAMPLE}]},
    )

    markdown: Annotated[str, Field(min_length=1, max_length=200_000)]


class NoteIn(DocumentIn):
    """An account note: front matter (account_id, title, date, kind), then text."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"markdown": _NOTE_EXAMPLE}]}
    )


class PlaybookDetail(BaseModel):
    """A playbook's status and every stored version."""

    playbook: PlaybookSummary
    versions: list[VersionInfo]


class PlaybookDiff(BaseModel):
    """A unified diff between two versions."""

    slug: str
    old: int
    new: int
    diff: str


class ReindexRequest(BaseModel):
    """How much to rebuild."""

    model_config = ConfigDict(extra="forbid")

    full: bool = Field(default=False, description="Drop the index and rebuild it.")


@router.get("/playbooks", summary="Every playbook with its status and versions.")
def playbooks(caller: ReadCaller, kb: KnowledgeBaseDep) -> list[PlaybookSummary]:
    """Slug, title, status, latest and served version."""
    return kb.list_playbooks()


@router.post(
    "/playbooks",
    status_code=status.HTTP_201_CREATED,
    summary="Create a playbook (version 1).",
    responses=problem_responses(409),
)
def create_playbook(
    body: DocumentIn, caller: KbWriteCaller, kb: KnowledgeBaseDep
) -> SavedDocument:
    """Store a new playbook from Markdown with front matter, then index it."""
    caller.require_curator()
    return kb.create_playbook(body.markdown.encode("utf-8"), caller.actor)


@router.get("/playbooks/{slug}", summary="One playbook.", responses=_MISSING)
def playbook(slug: Slug, caller: ReadCaller, kb: KnowledgeBaseDep) -> PlaybookDetail:
    """The playbook's status and its versions, oldest first."""
    found = [p for p in kb.list_playbooks() if p.slug == slug]
    if not found:
        raise NotFoundError(f"no playbook '{slug}'")
    return PlaybookDetail(playbook=found[0], versions=kb.history(slug))


@router.put(
    "/playbooks/{slug}", summary="Edit a playbook (a new version).", responses=_MISSING
)
def update_playbook(
    slug: Slug, body: DocumentIn, caller: KbWriteCaller, kb: KnowledgeBaseDep
) -> SavedDocument:
    """Store an edit; identical content changes nothing (outcome ``unchanged``)."""
    caller.require_curator()
    record = kb.parse(body.markdown.encode("utf-8"), "request body")
    if getattr(record, "slug", None) != slug:
        raise InvalidInputError(
            f"markdown: front matter slug must be '{slug}', as in the path"
        )
    return kb.update_playbook(body.markdown.encode("utf-8"), caller.actor)


@router.delete(
    "/playbooks/{slug}",
    summary="Retire a playbook (versions are kept).",
    responses=_MISSING,
)
def delete_playbook(
    slug: Slug, caller: KbWriteCaller, kb: KnowledgeBaseDep
) -> SavedDocument:
    """Same as retire: search stops serving it; history stays."""
    caller.require_curator()
    return kb.set_status(slug, "retired", caller.actor)


@router.get(
    "/playbooks/{slug}/versions",
    summary="Every version of a playbook.",
    responses=_MISSING,
)
def versions(slug: Slug, caller: ReadCaller, kb: KnowledgeBaseDep) -> list[VersionInfo]:
    """Versions oldest first, with author, status and content hash."""
    return kb.history(slug)


@router.get(
    "/playbooks/{slug}/diff",
    summary="Diff between two versions.",
    responses=_MISSING,
)
def diff(
    slug: Slug,
    caller: ReadCaller,
    kb: KnowledgeBaseDep,
    old: Annotated[int, Query(ge=1, le=1_000_000)],
    new: Annotated[int, Query(ge=1, le=1_000_000)],
) -> PlaybookDiff:
    """A unified diff of metadata and body."""
    return PlaybookDiff(slug=slug, old=old, new=new, diff=kb.diff(slug, old, new))


@router.post(
    "/playbooks/{slug}/publish",
    summary="Publish the latest version.",
    responses=_MISSING,
)
def publish(slug: Slug, caller: KbWriteCaller, kb: KnowledgeBaseDep) -> SavedDocument:
    """Search serves the latest version from now on."""
    caller.require_curator()
    return kb.set_status(slug, "published", caller.actor)


@router.post(
    "/playbooks/{slug}/retire", summary="Retire a playbook.", responses=_MISSING
)
def retire(slug: Slug, caller: KbWriteCaller, kb: KnowledgeBaseDep) -> SavedDocument:
    """Search stops serving the playbook; its versions are kept."""
    caller.require_curator()
    return kb.set_status(slug, "retired", caller.actor)


@router.post(
    "/notes",
    status_code=status.HTTP_201_CREATED,
    summary="Add or update an account note.",
)
def add_note(
    body: NoteIn, caller: KbWriteCaller, kb: KnowledgeBaseDep
) -> SavedDocument:
    """Store a note (upsert by its id) and index it."""
    caller.require_curator()
    return kb.import_note(body.markdown.encode("utf-8"), caller.actor)


@router.post(
    "/reindex",
    summary="Bring the search index in line with the database.",
    responses=problem_responses(503),
)
def reindex(
    caller: KbWriteCaller, kb: KnowledgeBaseDep, body: ReindexRequest | None = None
) -> IndexReport:
    """Index what changed; ``full`` rebuilds from scratch."""
    caller.require_curator()
    return kb.reindex(full=body.full if body else False)


@router.get("/reports/stale", summary="Playbooks that need a review.")
def stale(
    caller: ReadCaller,
    kb: KnowledgeBaseDep,
    max_age_days: Annotated[int, Query(ge=1, le=3650)] = 180,
) -> list[StaleItem]:
    """Not reviewed within ``max_age_days``, or a newer draft is waiting."""
    return kb.stale_report(max_age_days)


@router.get("/reports/unanswered", summary="Questions no document supported.")
def unanswered(
    caller: ReadCaller,
    kb: KnowledgeBaseDep,
    days: Annotated[int, Query(ge=1, le=3650)] = 30,
) -> list[UnansweredGroup]:
    """Unsupported questions of the last ``days``, similar ones grouped."""
    return kb.unanswered_report(days)
