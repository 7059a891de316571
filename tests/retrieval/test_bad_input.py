"""Every kind of bad input gets a clear answer, and no edit is ever lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import QueryableAttribute

from knowledge.db import session_scope
from knowledge.documents import MAX_DOCUMENT_BYTES
from knowledge.errors import ConflictError, InvalidInputError, UpstreamUnavailableError
from knowledge.models import Note, PlaybookVersion
from retrieval.service import KnowledgeBase
from retrieval.store import VectorStore
from tests.retrieval.conftest import MakeKb, free_port, start_chroma, stop_chroma
from tests.retrieval.documents import NOTES, PLAYBOOKS, write

PLAYBOOK_HEAD = "---\nslug: {slug}\ntitle: {title}\n---\n"


def _count(kb: KnowledgeBase, column: QueryableAttribute[object]) -> int:
    with session_scope(kb.sessions) as session:
        return int(session.scalar(select(func.count(column))) or 0)


def test_an_empty_document_is_refused(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"  \n")

    with pytest.raises(InvalidInputError, match="empty"):
        kb.add_files([path], "ops")


def test_a_huge_document_is_refused_with_the_cap(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "huge.md"
    body = "word " * (MAX_DOCUMENT_BYTES // 4)
    path.write_text(PLAYBOOK_HEAD.format(slug="huge", title="Huge") + body)

    with pytest.raises(InvalidInputError, match="the cap is 200,000") as caught:
        kb.add_files([path], "ops")

    assert caught.value.location is not None
    assert caught.value.location.file == str(path)
    assert _count(kb, PlaybookVersion.id) == 0


def test_front_matter_without_a_slug_is_refused(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "noslug.md"
    path.write_text("---\ntitle: No slug here\nstage: adopt\n---\nSome guidance.\n")

    with pytest.raises(InvalidInputError, match="slug"):
        kb.add_files([path], "ops")


def test_two_files_with_one_slug_write_nothing(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    first, second = write(
        tmp_path,
        {"a": PLAYBOOKS["seat-expansion"], "b": PLAYBOOKS["seat-expansion"] + "More."},
    )

    with pytest.raises(ConflictError, match="seat-expansion"):
        kb.add_files([first, second], "ops")

    assert _count(kb, PlaybookVersion.id) == 0


def test_creating_a_slug_that_exists_is_a_conflict(kb: KnowledgeBase) -> None:
    data = PLAYBOOKS["seat-expansion"].encode()
    kb.create_playbook(data, "ops")

    with pytest.raises(ConflictError, match="already exists"):
        kb.create_playbook(data, "ops")


def test_invalid_utf8_is_refused_with_its_line(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes(b"---\nslug: x\ntitle: X\n---\nline one\ncaf\xe9 au lait\n")

    with pytest.raises(InvalidInputError, match="UTF-8") as caught:
        kb.add_files([path], "ops")

    assert caught.value.location is not None
    assert caught.value.location.line == 6


def test_a_document_that_is_only_a_table_is_indexed_and_found(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    table = (
        "| plan | seat price | minimum seats |\n|---|---|---|\n"
        "| Starter | $12 | 3 |\n| Growth | $25 | 10 |\n| Enterprise | $40 | 50 |\n"
    )
    (path,) = write(
        tmp_path,
        {"prices": PLAYBOOK_HEAD.format(slug="price-list", title="Price list") + table},
    )

    saved = kb.add_files([path], "ops")
    result = kb.search("how much does a Growth plan seat cost", log_question=False)

    assert saved[0].indexed
    assert result.passages[0].document_id == "playbook:price-list"
    assert "| Growth | $25 | 10 |" in result.passages[0].text


def test_a_note_for_an_unknown_account_is_refused(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    text = NOTES["globex-sso"].replace("account_id: A-2", "account_id: A-404")
    (path,) = write(tmp_path, {"ghost": text})

    with pytest.raises(InvalidInputError, match="unknown account_id 'A-404'"):
        kb.add_files([path], "ops")

    assert _count(kb, Note.note_id) == 0


def test_a_question_of_only_stop_words_gets_no_document(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb.add_files(write(tmp_path, PLAYBOOKS), "ops")

    result = kb.search("what is the and of it?")

    assert not result.answered
    assert result.passages == []
    assert (
        result.reason == "no supporting document: the question has no searchable words"
    )


def test_a_ten_thousand_character_question_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(InvalidInputError, match="10,000 characters"):
        kb.search(("renewal risk? " * 800)[:9_999] + "x")


def test_a_store_that_never_answers_keeps_the_edit_for_a_later_reindex(
    make_kb: MakeKb, tmp_path: Path
) -> None:
    down = make_kb(other_store=VectorStore(url=f"http://127.0.0.1:{free_port()}"))
    paths = write(tmp_path, {"seat": PLAYBOOKS["seat-expansion"]})

    saved = down.add_files(paths, "ops")
    with pytest.raises(UpstreamUnavailableError, match="search unavailable"):
        down.search("when should I pitch more seats")

    assert not saved[0].indexed
    assert saved[0].warning is not None
    assert "csm kb reindex" in saved[0].warning
    assert [v.version for v in down.history("seat-expansion")] == [1]
    healthy = make_kb()
    assert healthy.reindex().written >= 1
    found = healthy.search("when should I pitch more seats", log_question=False)
    assert found.passages[0].document_id == "playbook:seat-expansion"


def test_a_server_that_goes_down_keeps_the_new_version(
    make_kb: MakeKb, tmp_path: Path
) -> None:
    process, url = start_chroma(tmp_path / "server")
    kb = make_kb(other_store=VectorStore(url=url))
    first = write(tmp_path / "v1", {"seat": PLAYBOOKS["seat-expansion"]})
    kb.add_files(first, "ops")
    stop_chroma(process)
    edited = PLAYBOOKS["seat-expansion"].replace("90 percent", "85 percent")
    second = write(tmp_path / "v2", {"seat": edited})

    saved = kb.add_files(second, "ops")
    with pytest.raises(UpstreamUnavailableError, match="search unavailable"):
        kb.check()

    assert not saved[0].indexed
    assert [v.version for v in kb.history("seat-expansion")] == [1, 2]
