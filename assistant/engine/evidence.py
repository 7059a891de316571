"""The evidence ledger: every tool call and passage of one answer, with ids.

Handlers never format a raw number: they take a :class:`Fact` from the ledger (the
value plus the id of the call that returned it) and hand it to the writer. The
ledger also keeps each full result so the faithfulness check can look a number up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from assistant.answers import PassageEvidence, ToolEvidence
from retrieval.models import Passage


@dataclass(frozen=True)
class Fact:
    """A number a tool returned, with the evidence id of the call."""

    label: str
    value: float
    evidence_id: str


class Ledger:
    """Evidence of one answer, in the order it was gathered."""

    def __init__(self) -> None:
        self.tools: list[ToolEvidence] = []
        self.passages: list[PassageEvidence] = []
        self.raw: dict[str, Any] = {}
        self._by_chunk: dict[str, PassageEvidence] = {}

    def record_tool(
        self,
        name: str,
        arguments: dict[str, Any],
        result: BaseModel | dict[str, Any] | list[Any],
        summary: str,
        *,
        as_of: date | None,
        data: dict[str, Any] | None = None,
    ) -> str:
        """Keep one tool call; returns its evidence id (``T1``, ``T2``…)."""
        evidence_id = f"T{len(self.tools) + 1}"
        self.tools.append(
            ToolEvidence(
                id=evidence_id,
                name=name,
                arguments=arguments,
                summary=summary,
                as_of=as_of,
                data=data or {},
            )
        )
        self.raw[evidence_id] = (
            result.model_dump(mode="json") if isinstance(result, BaseModel) else result
        )
        return evidence_id

    def record_passage(self, passage: Passage) -> PassageEvidence:
        """Keep one passage (once per chunk); returns its evidence item."""
        known = self._by_chunk.get(passage.chunk_id)
        if known is not None:
            return known
        item = PassageEvidence(
            id=f"P{len(self.passages) + 1}",
            document_id=passage.document_id,
            chunk_id=passage.chunk_id,
            version=passage.version,
            title=passage.title,
            heading=" > ".join(passage.heading_path),
            snippet=passage.snippet,
            account_id=passage.account_id,
            date=passage.date,
        )
        self.passages.append(item)
        self._by_chunk[passage.chunk_id] = item
        self.raw[item.id] = {
            "title": passage.title,
            "heading": item.heading,
            "text": passage.text,
            "snippet": passage.snippet,
        }
        return item

    def fact(self, evidence_id: str, label: str, value: float) -> Fact:
        """A fact citing an existing evidence item."""
        if evidence_id not in self.raw:
            raise KeyError(f"no evidence {evidence_id}")
        return Fact(label=label, value=float(value), evidence_id=evidence_id)

    def evidence(self) -> list[ToolEvidence | PassageEvidence]:
        """Tool calls then passages, the way answers list them."""
        return [*self.tools, *self.passages]
