"""Retrieval quality on the labelled questions over the demo knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.evaluation import demo_knowledge_base, evaluate, load_questions

QUESTIONS = Path(__file__).parent / "eval_questions.yaml"


def test_the_labelled_set_is_large_and_points_at_real_documents(
    tmp_path: Path,
) -> None:
    questions = load_questions(QUESTIONS)

    assert len(questions) >= 40
    assert len({q.question for q in questions}) == len(questions)
    assert sum(1 for q in questions if q.account and q.notes) >= 5


@pytest.mark.slow
def test_hybrid_search_meets_its_recall_target_and_beats_each_half(
    tmp_path: Path,
) -> None:
    questions = load_questions(QUESTIONS)
    kb = demo_knowledge_base(tmp_path)
    known = {c.split("#")[0] for c in kb.store.metadatas()}

    scores = {s.mode: s for s in evaluate(kb, questions)}

    assert {d for q in questions for d in q.relevant} <= known
    hybrid, dense, lexical = scores["hybrid"], scores["dense"], scores["lexical"]
    assert hybrid.recall_at_5 >= 0.90, hybrid.misses
    assert hybrid.recall_at_5 > max(dense.recall_at_5, lexical.recall_at_5)
    assert hybrid.mrr > max(dense.mrr, lexical.mrr)
    assert hybrid.ndcg_at_10 > max(dense.ndcg_at_10, lexical.ndcg_at_10)
