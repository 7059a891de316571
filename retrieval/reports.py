"""Group unanswered questions so CS ops see which gaps come up most."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from knowledge.queries.documents import LoggedQuestion
from retrieval.embedding import from_bytes
from retrieval.models import UnansweredGroup
from retrieval.text import tokenize

SAME_QUESTION = 0.75
"""Cosine similarity from which two questions count as the same gap."""


def group_questions(
    questions: Sequence[LoggedQuestion], threshold: float = SAME_QUESTION
) -> list[UnansweredGroup]:
    """Greedy grouping: each question joins the first group it is close to.

    Questions logged without a vector (no searchable words) group by their words.
    """
    groups: list[tuple[np.ndarray | None, str, list[LoggedQuestion]]] = []
    for question in questions:
        vector = from_bytes(question.embedding) if question.embedding else None
        words = " ".join(sorted(set(tokenize(question.question)))) or question.question
        for centre, key, members in groups:
            close = (
                float(centre @ vector) >= threshold
                if centre is not None and vector is not None
                else centre is None and vector is None and key == words
            )
            if close:
                members.append(question)
                break
        else:
            groups.append((vector, words, [question]))
    result = [
        UnansweredGroup(
            question=members[0].question,
            count=len(members),
            examples=list(dict.fromkeys(m.question for m in members))[:5],
            last_asked=max(m.asked_at for m in members).isoformat(),
        )
        for _, _, members in groups
    ]
    return sorted(result, key=lambda g: (-g.count, g.question))
