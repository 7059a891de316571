"""Asking over HTTP: the engine's Answer as JSON, or as server-sent events."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from assistant.answers import Answer
from tests.assistant.api_support import AS_OF, ApiBook, api_book

QUESTION = {"question": "How is Acme doing?", "as_of": str(AS_OF)}


@pytest.fixture
def book(engine: Engine, tmp_path: Path) -> Iterator[ApiBook]:
    with api_book(engine, tmp_path) as running:
        yield running


def _events(text: str) -> list[tuple[str, Any]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def test_ask_returns_the_engines_answer(book: ApiBook) -> None:
    response = book.client.post("/v1/ask", json=QUESTION, headers=book.headers("ask"))
    answer = Answer.model_validate(response.json())

    assert response.status_code == 200
    assert answer.status == "answered"
    assert answer.accounts[0].account_id == "A-1"
    assert answer.figures
    assert {f.evidence_id for f in answer.figures} <= {e.id for e in answer.evidence}


def test_ask_stream_sends_status_text_evidence_then_the_answer(book: ApiBook) -> None:
    response = book.client.post(
        "/v1/ask/stream", json=QUESTION, headers=book.headers("ask")
    )
    events = _events(response.text)
    kinds = [kind for kind, _ in events]
    final = Answer.model_validate(events[-1][1])

    assert response.headers["content-type"].startswith("text/event-stream")
    assert kinds[:2] == ["status", "status"]
    assert kinds[-2:] == ["evidence", "answer"]
    assert set(kinds[2:-2]) == {"text"}
    assert "".join(data["text"] for kind, data in events if kind == "text") == (
        final.text
    )
    assert events[-2][1]["evidence"] == [
        e.model_dump(mode="json") for e in final.evidence
    ]


def test_follow_ups_in_one_thread_keep_the_account(book: ApiBook) -> None:
    first = {**QUESTION, "thread_id": "crm-1"}
    follow = {"question": "and its usage?", "thread_id": "crm-1", "as_of": str(AS_OF)}

    book.client.post("/v1/ask", json=first, headers=book.headers("ask"))
    second = book.client.post("/v1/ask", json=follow, headers=book.headers("ask"))

    assert second.json()["accounts"][0]["account_id"] == "A-1"


def test_a_slow_answer_is_cut_off_with_503(engine: Engine, tmp_path: Path) -> None:
    with api_book(engine, tmp_path, api_answer_timeout_seconds=0.2) as book:
        assistant = book.app.state.assistant
        real = assistant.answer

        def slow(question: str, context: Any) -> Answer:
            time.sleep(1.0)
            answer: Answer = real(question, context)
            return answer

        assistant.answer = slow
        plain = book.client.post("/v1/ask", json=QUESTION, headers=book.headers("ask"))
        streamed = book.client.post(
            "/v1/ask/stream", json=QUESTION, headers=book.headers("ask")
        )

    assert plain.status_code == 503
    assert plain.json()["type"].endswith("/upstream_unavailable")
    assert [kind for kind, _ in _events(streamed.text)] == ["status", "error"]
    assert _events(streamed.text)[1][1]["status"] == 503


def test_feedback_on_a_passage_is_recorded(book: ApiBook) -> None:
    from sqlalchemy import text

    response = book.client.post(
        "/v1/feedback",
        json={"chunk_id": "playbook:renewal-risk#2", "helpful": False},
        headers=book.headers("ask", "dana@vendor.example"),
    )
    bad = book.client.post(
        "/v1/feedback",
        json={"chunk_id": "no-hash-here", "helpful": True},
        headers=book.headers("ask"),
    )
    with book.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT chunk_id, helpful, actor FROM passage_feedback")
        ).all()

    assert response.status_code == 201
    assert [tuple(r) for r in rows] == [
        ("playbook:renewal-risk#2", False, "dana@vendor.example")
    ]
    assert bad.status_code == 422
