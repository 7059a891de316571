"""Knowledge admin over HTTP: playbook versions, status, notes, reindex, reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.assistant.api_support import ApiBook, api_book

PLAYBOOK = """---
slug: renewal-risk
title: Renewal risk
stage: renew
audience: [csm]
status: published
---
# When health turns red
Call the executive sponsor within a week and agree a save plan.
"""
NOTE = """---
account_id: A-1
title: QBR with finance
date: 2026-06-20
kind: qbr
---
Finance wants the savings report every month.
"""


@pytest.fixture
def book(engine: Engine, tmp_path: Path) -> Iterator[ApiBook]:
    with api_book(engine, tmp_path) as running:
        yield running


def test_a_playbook_is_created_edited_diffed_retired_and_published(
    book: ApiBook,
) -> None:
    write = book.headers("admin", "ops@vendor.example")
    read = book.headers("read")
    base = "/v1/knowledge/playbooks"

    created = book.client.post(base, json={"markdown": PLAYBOOK}, headers=write)
    again = book.client.post(base, json={"markdown": PLAYBOOK}, headers=write)
    edited = book.client.put(
        f"{base}/renewal-risk",
        json={"markdown": PLAYBOOK.replace("within a week", "within two days")},
        headers=write,
    )
    diff = book.client.get(
        f"{base}/renewal-risk/diff", params={"old": 1, "new": 2}, headers=read
    )
    retired = book.client.post(f"{base}/renewal-risk/retire", headers=write)
    published = book.client.post(f"{base}/renewal-risk/publish", headers=write)
    deleted = book.client.delete(f"{base}/renewal-risk", headers=write)
    detail = book.client.get(f"{base}/renewal-risk", headers=read).json()
    versions = book.client.get(f"{base}/renewal-risk/versions", headers=read).json()
    listed = book.client.get(base, headers=read).json()

    assert created.status_code == 201
    assert created.json()["version"] == 1
    assert created.json()["indexed"] is True
    assert again.status_code == 409
    assert edited.json()["version"] == 2
    assert "+Call the executive sponsor within two days" in diff.json()["diff"]
    assert retired.json()["version"] == 3
    assert published.json()["version"] == 4
    assert deleted.json()["version"] == 5
    assert detail["playbook"]["status"] == "retired"
    assert [v["status"] for v in versions] == [
        "published",
        "published",
        "retired",
        "published",
        "retired",
    ]
    assert versions[0]["author"] == "ops@vendor.example"
    assert [p["slug"] for p in listed] == ["renewal-risk"]


def test_editing_needs_the_slug_of_the_path_and_an_existing_playbook(
    book: ApiBook,
) -> None:
    write = book.headers("kb:write")
    base = "/v1/knowledge/playbooks"

    unknown = book.client.put(
        f"{base}/renewal-risk", json={"markdown": PLAYBOOK}, headers=write
    )
    mismatch = book.client.put(
        f"{base}/other-slug", json={"markdown": PLAYBOOK}, headers=write
    )
    retire_unknown = book.client.post(f"{base}/nope/retire", headers=write)

    assert unknown.status_code == 404
    assert mismatch.status_code == 422
    assert "slug" in mismatch.json()["detail"]
    assert retire_unknown.status_code == 404


def test_a_playbook_that_breaks_the_contract_names_the_field(book: ApiBook) -> None:
    broken = PLAYBOOK.replace("stage: renew", "stage: someday")

    response = book.client.post(
        "/v1/knowledge/playbooks",
        json={"markdown": broken},
        headers=book.headers("kb:write"),
    )

    assert response.status_code == 422
    assert "stage" in response.json()["detail"]
    assert (
        book.client.get("/v1/knowledge/playbooks", headers=book.headers("read")).json()
        == []
    )


def test_notes_are_stored_for_known_accounts_only(book: ApiBook) -> None:
    write = book.headers("kb:write")

    stored = book.client.post(
        "/v1/knowledge/notes", json={"markdown": NOTE}, headers=write
    )
    orphan = book.client.post(
        "/v1/knowledge/notes",
        json={"markdown": NOTE.replace("A-1", "A-404")},
        headers=write,
    )

    assert stored.status_code == 201
    assert stored.json()["kind"] == "note"
    assert orphan.status_code == 422
    assert "A-404" in orphan.json()["detail"]


def test_reindex_and_the_curation_reports(book: ApiBook) -> None:
    write = book.headers("kb:write")
    read = book.headers("read")
    book.client.post(
        "/v1/knowledge/playbooks", json={"markdown": PLAYBOOK}, headers=write
    )

    full = book.client.post("/v1/knowledge/reindex", json={"full": True}, headers=write)
    stale = book.client.get(
        "/v1/knowledge/reports/stale", params={"max_age_days": 1}, headers=read
    )
    unanswered = book.client.get("/v1/knowledge/reports/unanswered", headers=read)

    assert full.status_code == 200
    assert full.json()["documents"] == 1
    assert full.json()["chunks"] >= 1
    assert stale.status_code == 200
    assert isinstance(stale.json(), list)
    assert unanswered.status_code == 200
    assert isinstance(unanswered.json(), list)
