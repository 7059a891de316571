"""Retrieval evaluation: recall@5, MRR and nDCG@10 over a labelled question set."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, model_validator

from knowledge.db import session_scope
from knowledge.errors import InvalidInputError, Location
from knowledge.queries.documents import IndexableDocument, indexable_documents
from retrieval.models import SearchFilters, SearchMode
from retrieval.search import HybridSearcher
from retrieval.service import KnowledgeBase, build_knowledge_base

MODES: tuple[SearchMode, ...] = ("dense", "lexical", "hybrid")


class NoteLabel(BaseModel):
    """Notes of one account whose text contains a phrase.

    Demo notes are generated, so their ids move when the generator changes; a
    phrase names the note that answers the question without depending on them.
    """

    account: str
    contains: str


class LabelledQuestion(BaseModel):
    """A question and the documents that answer it."""

    question: str
    relevant: list[str] = []
    notes: list[NoteLabel] = []
    account: str | None = None
    kind: str | None = None

    @model_validator(mode="after")
    def _labelled(self) -> LabelledQuestion:
        if not self.relevant and not self.notes:
            raise ValueError(f"'{self.question}' names no relevant document")
        return self


def resolve_labels(
    questions: Sequence[LabelledQuestion], documents: Sequence[IndexableDocument]
) -> list[set[str]]:
    """The relevant document ids of each question.

    Raises:
        InvalidInputError: a note label matches no note, so the set is out of date.
    """
    resolved = []
    for question in questions:
        relevant = set(question.relevant)
        for label in question.notes:
            phrase = label.contains.lower()
            found = {
                d.doc_id
                for d in documents
                if d.account_id == label.account and phrase in d.body.lower()
            }
            if not found:
                raise InvalidInputError(
                    f"no note of {label.account} contains '{label.contains}' "
                    f"(question: {question.question})"
                )
            relevant |= found
        resolved.append(relevant)
    return resolved


class ModeScores(BaseModel):
    """Mean metrics of one ranking mode."""

    mode: SearchMode
    recall_at_5: float
    mrr: float
    ndcg_at_10: float
    misses: list[str] = Field(description="Questions with no relevant document in 5.")


def load_questions(path: Path) -> list[LabelledQuestion]:
    """Read the labelled set (a YAML list).

    Raises:
        InvalidInputError: the file is not a list of labelled questions.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise InvalidInputError("expected a list of questions", Location(str(path)))
    return [LabelledQuestion.model_validate(item) for item in data]


def recall_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the relevant documents found in the first k."""
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    """1 / rank of the first relevant document, 0 when none is ranked."""
    return next((1.0 / i for i, d in enumerate(ranked, 1) if d in relevant), 0.0)


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Normalised discounted cumulative gain with binary relevance."""
    gain = sum(
        1.0 / math.log2(i + 1) for i, d in enumerate(ranked[:k], 1) if d in relevant
    )
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(k, len(relevant)) + 1))
    return gain / ideal


def ranked_documents(
    searcher: HybridSearcher,
    question: LabelledQuestion,
    mode: SearchMode,
    as_of: date | None,
) -> list[str]:
    """Document ids in rank order (first passage of each), at most ten."""
    filters = SearchFilters(
        account_id=question.account,
        kind=question.kind,
    )
    result = searcher.search(question.question, filters, k=20, mode=mode, as_of=as_of)
    return list(dict.fromkeys(p.document_id for p in result.passages))[:10]


def evaluate(
    kb: KnowledgeBase,
    questions: Sequence[LabelledQuestion],
    as_of: date | None = None,
) -> list[ModeScores]:
    """Score dense-only, BM25-only and hybrid ranking on the same questions.

    The relevance threshold is switched off: ranking quality is measured on its own.

    Raises:
        InvalidInputError: a label no longer matches the knowledge base.
    """
    with session_scope(kb.sessions) as session:
        documents = indexable_documents(session)
    labels = resolve_labels(questions, documents)
    ranking = kb.searcher.tuned(min_similarity=-1.0)
    scores = []
    for mode in MODES:
        recalls, mrrs, ndcgs, misses = [], [], [], []
        for question, relevant in zip(questions, labels, strict=True):
            ranked = ranked_documents(ranking, question, mode, as_of)
            recalls.append(recall_at(ranked, relevant, 5))
            mrrs.append(reciprocal_rank(ranked, relevant))
            ndcgs.append(ndcg_at(ranked, relevant, 10))
            if recalls[-1] == 0:
                misses.append(question.question)
        n = len(questions)
        scores.append(
            ModeScores(
                mode=mode,
                recall_at_5=round(sum(recalls) / n, 4),
                mrr=round(sum(mrrs) / n, 4),
                ndcg_at_10=round(sum(ndcgs) / n, 4),
                misses=misses,
            )
        )
    return scores


DEFAULT_AS_OF = date(2026, 11, 30)
"""The evaluation's demo data ends here, so note ages and labels never drift."""


def demo_knowledge_base(
    workdir: Path,
    *,
    accounts: int = 200,
    seed: int = 7,
    as_of: date = DEFAULT_AS_OF,
    model_path: Path | None = None,
) -> KnowledgeBase:
    """Write the demo book into ``workdir``, import it and index it.

    Re-running over the same folder reuses its database, embedding cache and
    index, so only the first run embeds.
    """
    from knowledge import schema
    from knowledge.db import create_db_engine
    from knowledge.demo.writer import write_demo
    from knowledge.importer import import_directory

    data = workdir / "data"
    engine = create_db_engine(f"sqlite:///{workdir / 'eval.db'}")
    if not (workdir / "eval.db").exists() or not data.is_dir():
        write_demo(data, accounts=accounts, days=365, seed=seed, as_of=as_of)
        # Search needs only the documents and the accounts they name.
        for entry in data.iterdir():
            if entry.is_file() and not entry.name.startswith(("accounts.", "team.")):
                entry.unlink()
        schema.upgrade(engine)
        import_directory(engine, data, actor="eval")
    kb = build_knowledge_base(
        engine, chroma_path=workdir / "chroma", model_path=model_path
    )
    kb.reindex()
    return kb
