"""Briefs and drafts over HTTP: the drafting services, with the asker's rights."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assistant.answers import Answer
from tests.assistant.api_support import AS_OF, ApiBook, api_book


@pytest.fixture
def book(engine: Engine, tmp_path: Path) -> Iterator[ApiBook]:
    with api_book(engine, tmp_path) as running:
        yield running


@pytest.mark.parametrize("fmt", ["markdown", "html", "slack"])
def test_a_brief_in_each_format(book: ApiBook, fmt: str) -> None:
    response = book.client.post(
        "/v1/briefs",
        json={"account": "A-1", "format": fmt, "as_of": str(AS_OF)},
        headers=book.headers("draft"),
    )
    document = response.json()

    assert response.status_code == 200, response.text
    assert document["format"] == fmt
    assert document["brief"]["account_id"] == "A-1"
    assert "Acme" in document["content"]
    if fmt == "slack":
        assert isinstance(json.loads(document["content"]), dict | list)
    if fmt == "html":
        assert "<" in document["content"]


def test_outreach_and_escalation_drafts(book: ApiBook) -> None:
    outreach = book.client.post(
        "/v1/drafts",
        json={
            "kind": "outreach",
            "account": "A-1",
            "audience": "end_user",
            "channel": "slack",
            "purpose": "adoption",
            "as_of": str(AS_OF),
        },
        headers=book.headers("draft"),
    )
    escalation = book.client.post(
        "/v1/drafts",
        json={
            "kind": "escalation",
            "account": "A-1",
            "audience": "engineering",
            "topic": "SSO outage",
            "as_of": str(AS_OF),
        },
        headers=book.headers("draft"),
    )

    first = Answer.model_validate(outreach.json())
    second = Answer.model_validate(escalation.json())
    assert first.intent == "draft_outreach"
    assert first.channel == "slack"
    assert second.intent == "draft_escalation"
    assert {a.account_id for a in second.accounts} == {"A-1"}


def test_a_draft_for_another_members_account_reads_as_not_found(
    book: ApiBook,
) -> None:
    body = {"kind": "outreach", "account": "A-4", "as_of": str(AS_OF)}

    as_dana = book.client.post(
        "/v1/drafts", json=body, headers=book.headers("draft", "dana@vendor.example")
    )
    brief = book.client.post(
        "/v1/briefs",
        json={"account": "A-4"},
        headers=book.headers("draft", "dana@vendor.example"),
    )
    missing = book.client.post(
        "/v1/drafts",
        json={**body, "account": "A-404"},
        headers=book.headers("draft"),
    )

    assert as_dana.status_code == brief.status_code == missing.status_code == 404
    assert as_dana.json()["detail"] == "no account 'A-4'"


def test_unknown_words_are_named(book: ApiBook) -> None:
    bad_format = book.client.post(
        "/v1/briefs",
        json={"account": "A-1", "format": "pdf"},
        headers=book.headers("draft"),
    )
    bad_audience = book.client.post(
        "/v1/drafts",
        json={"kind": "outreach", "account": "A-1", "audience": "the moon"},
        headers=book.headers("draft"),
    )

    assert bad_format.status_code == 422
    assert bad_format.json()["fields"][0]["field"] == "body.format"
    assert bad_audience.status_code == 422
    assert "unknown audience" in bad_audience.json()["detail"]
