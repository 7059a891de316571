"""Pydantic models the search layer hands to the assistant, the API and the CLI."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SearchMode = Literal["hybrid", "dense", "lexical"]


class SearchFilters(BaseModel):
    """What a search may return. Unset fields do not filter.

    ``account_id`` keeps that account's notes (and drops other accounts' notes);
    playbooks are not about one account and stay unless ``kind`` says otherwise.
    """

    model_config = ConfigDict(frozen=True)

    account_id: str | None = None
    kind: Literal["playbook", "note"] | None = None
    stage: str | None = None
    audience: str | None = None
    segment: str | None = None


class Passage(BaseModel):
    """One passage with what it takes to cite it."""

    chunk_id: str
    document_id: str
    kind: Literal["playbook", "note"]
    title: str
    heading_path: list[str]
    version: int
    snippet: str
    text: str
    score: float = Field(description="Fused rank score after boosts; higher is better.")
    similarity: float = Field(description="Cosine similarity of query and passage.")
    date: date
    account_id: str | None = None
    stage: str | None = None

    @property
    def citation(self) -> str:
        """A short human citation: title, section, version and date."""
        section = " > ".join(self.heading_path)
        where = f" § {section}" if section else ""
        return f"{self.title}{where} (v{self.version}, {self.date.isoformat()})"


class SearchResult(BaseModel):
    """Passages for a question, or the reason none supports it."""

    query: str
    answered: bool
    reason: str | None = Field(
        default=None, description="Why nothing was returned, when answered is false."
    )
    passages: list[Passage] = []
    best_similarity: float | None = None
    embed_ms: float = 0.0
    search_ms: float = 0.0


class DriftReport(BaseModel):
    """Differences between what the database serves and what the index holds."""

    missing: list[str] = Field(description="Chunks the index should hold but lacks.")
    stale: list[str] = Field(description="Chunks with an older version or text.")
    orphans: list[str] = Field(description="Chunks of documents no longer served.")
    documents: int
    chunks: int

    @property
    def clean(self) -> bool:
        """True when the index matches the database."""
        return not (self.missing or self.stale or self.orphans)


class IndexReport(BaseModel):
    """What a reindex did."""

    documents: int
    chunks: int
    written: int
    deleted: int
    embedded: int
    cache_hits: int
    seconds: float


class UnansweredGroup(BaseModel):
    """Similar questions that found no supporting document."""

    question: str
    count: int
    examples: list[str]
    last_asked: str
