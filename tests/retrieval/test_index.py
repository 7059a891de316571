"""The index is derived from the database: drift is reported and repaired, and
re-indexing embeds only text it has not seen."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from knowledge.curation import set_playbook_status, upsert_playbook
from knowledge.db import session_scope
from knowledge.documents import parse_playbook
from retrieval.embedding import Embedder, Vectors
from retrieval.service import KnowledgeBase
from tests.retrieval.conftest import MakeKb
from tests.retrieval.documents import PLAYBOOKS, write_all


class CountingEmbedder:
    """Wraps the real model and counts the texts it embeds."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.texts = 0

    @property
    def name(self) -> str:
        return self.inner.name

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.texts += len(texts)
        return self.inner.embed(texts)


def _write_in_db_only(kb: KnowledgeBase, text: str) -> None:
    with session_scope(kb.sessions) as session:
        upsert_playbook(session, parse_playbook(text, "test"), "ops")


def test_check_reports_missing_stale_and_orphaned_chunks(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb.add_files(write_all(tmp_path), "ops")
    assert kb.check().clean

    new = PLAYBOOKS["seat-expansion"].replace("seat-expansion", "seat-expansion-2")
    _write_in_db_only(kb, new)
    edited = PLAYBOOKS["renewal-risk"].replace("120 days", "150 days")
    _write_in_db_only(kb, edited)
    with session_scope(kb.sessions) as session:
        set_playbook_status(session, "sso-rollout", "retired", "ops")
    drift = kb.check()

    assert drift.missing == ["playbook:seat-expansion-2#0"]
    # A new version makes every chunk of the document stale, changed text or not.
    assert drift.stale == ["playbook:renewal-risk#0", "playbook:renewal-risk#1"]
    assert {c.split("#")[0] for c in drift.orphans} == {"playbook:sso-rollout"}
    assert not drift.clean

    report = kb.reindex()

    assert kb.check().clean
    assert report.deleted == len(drift.orphans)
    assert report.written == len(drift.missing) + len(drift.stale)


def test_reindex_after_an_edit_embeds_only_the_changed_chunk(
    make_kb: MakeKb, tmp_path: Path
) -> None:
    kb = make_kb()
    counting = CountingEmbedder(kb.embedder)
    kb = KnowledgeBase(kb.sessions, kb.store, counting, kb.searcher.tuning)
    kb.add_files(write_all(tmp_path), "ops")
    first = counting.texts

    edited = PLAYBOOKS["renewal-risk"].replace("120 days", "150 days")
    _write_in_db_only(kb, edited)
    report = kb.reindex()
    unchanged = kb.reindex()

    assert first > 5
    assert counting.texts == first + 1
    assert report.embedded == 1
    assert report.written >= 1
    assert unchanged.written == unchanged.deleted == unchanged.embedded == 0


def test_a_full_rebuild_takes_every_vector_from_the_cache(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb.add_files(write_all(tmp_path), "ops")
    before = kb.check().chunks

    report = kb.reindex(full=True)

    assert report.written == before
    assert report.embedded == 0
    assert report.cache_hits == before
    assert kb.check().clean
