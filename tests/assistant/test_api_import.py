"""``POST /v1/import``: the importer behind HTTP, with its located errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from tests.assistant.api_support import AS_OF, ApiBook, api_book

ACCOUNT = {"account_id": "A-10", "name": "Hooli", "segment": "smb", "arr": 9000}


@pytest.fixture
def book(engine: Engine, tmp_path: Path) -> Iterator[ApiBook]:
    with api_book(engine, tmp_path) as running:
        yield running


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608  # fixed table names


def test_json_records_are_upserted_and_audited(book: ApiBook) -> None:
    body = {"file": "accounts", "records": [ACCOUNT]}

    first = book.client.post("/v1/import", json=body, headers=book.headers("import"))
    again = book.client.post("/v1/import", json=body, headers=book.headers("import"))
    shown = book.client.get("/v1/accounts/A-10", headers=book.headers("read"))

    assert first.status_code == 200
    assert first.json()["inserted"] == 1
    assert again.json()["unchanged"] == 1
    assert shown.json()["name"] == "Hooli"
    with book.engine.connect() as conn:
        actors = (
            conn.execute(text("SELECT actor FROM audit_log WHERE action = 'import'"))
            .scalars()
            .all()
        )
    assert len(actors) == 2
    assert all(actor.startswith("api-key:") for actor in actors)


def test_an_uploaded_csv_file_is_imported(book: ApiBook) -> None:
    csv = (
        "account_id,name,segment,arr\n"
        "A-11,Pied Piper,smb,1200\n"
        "A-12,Raviga,mid_market,50000\n"
    )

    response = book.client.post(
        "/v1/import",
        files={"file": ("accounts.csv", csv.encode(), "text/csv")},
        headers=book.headers("import"),
    )

    assert response.status_code == 200
    assert response.json()["file"] == "accounts.csv"
    assert response.json()["inserted"] == 2


def test_usage_events_as_json_land_in_the_daily_tables(book: ApiBook) -> None:
    before = _count(book.engine, "usage_user_daily")
    events = [
        {
            "account_id": "A-2",
            "user_id": "u1",
            "event": "login",
            "occurred_at": "2026-06-29T10:00:00Z",
        }
    ]

    response = book.client.post(
        "/v1/import",
        json={"file": "usage_events", "records": events},
        headers=book.headers("import"),
    )

    assert response.status_code == 200
    assert response.json()["rows_read"] == 1
    assert _count(book.engine, "usage_user_daily") == before + 1


def test_records_that_break_the_contract_are_located_and_nothing_is_written(
    book: ApiBook,
) -> None:
    records = [ACCOUNT, {**ACCOUNT, "account_id": "A-11", "arr": "lots"}]
    before = _count(book.engine, "accounts")

    response = book.client.post(
        "/v1/import",
        json={"file": "accounts", "records": records},
        headers=book.headers("import"),
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "accounts (request body), line 2, column 'arr'" in response.json()["detail"]
    assert _count(book.engine, "accounts") == before


def test_an_uploaded_file_that_breaks_the_contract_writes_nothing(
    book: ApiBook,
) -> None:
    csv = (
        "account_id,name,segment,arr\nA-11,Pied Piper,smb,1200\nA-12,Raviga,galaxy,5\n"
    )
    before = _count(book.engine, "accounts")

    response = book.client.post(
        "/v1/import",
        files={"file": ("accounts.csv", csv.encode(), "text/csv")},
        headers=book.headers("import"),
    )

    assert response.status_code == 422
    assert "accounts.csv, line 3, column 'segment'" in response.json()["detail"]
    assert _count(book.engine, "accounts") == before


def test_usage_for_an_unknown_account_is_refused_whole(book: ApiBook) -> None:
    before = _count(book.engine, "usage_user_daily")
    events = [
        {
            "account_id": "A-1",
            "user_id": "u",
            "event": "login",
            "occurred_at": "2026-06-29T10:00:00Z",
        },
        {
            "account_id": "A-404",
            "user_id": "u",
            "event": "login",
            "occurred_at": "2026-06-29T10:00:00Z",
        },
    ]

    response = book.client.post(
        "/v1/import",
        json={"file": "usage_events", "records": events},
        headers=book.headers("import"),
    )

    assert response.status_code == 422
    assert "line 2" in response.json()["detail"]
    assert _count(book.engine, "usage_user_daily") == before


def test_an_upload_must_be_named_like_a_contract_file(book: ApiBook) -> None:
    response = book.client.post(
        "/v1/import",
        files={"file": ("../../etc/passwd", b"root:x:0:0", "text/plain")},
        headers=book.headers("import"),
    )

    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "body.file"


def test_an_unknown_contract_file_and_a_wrong_media_type(book: ApiBook) -> None:
    unknown = book.client.post(
        "/v1/import",
        json={"file": "secrets", "records": [{}]},
        headers=book.headers("import"),
    )
    plain = book.client.post(
        "/v1/import",
        content=b"account_id\nA-1\n",
        headers={**book.headers("import"), "content-type": "text/csv"},
    )

    assert unknown.status_code == 422
    assert unknown.json()["fields"][0]["field"] == "body.file"
    assert plain.status_code == 415
    assert plain.headers["content-type"] == "application/problem+json"


def test_an_import_over_its_cap_is_413(engine: Engine, tmp_path: Path) -> None:
    big = "account_id,name,segment,arr\n" + "A-1,Acme,smb,1\n" * 2_000
    with api_book(engine, tmp_path, api_max_import_bytes=10_000) as book:
        response = book.client.post(
            "/v1/import",
            files={"file": ("accounts.csv", big.encode(), "text/csv")},
            headers=book.headers("import"),
        )

    assert response.status_code == 413
    assert response.json()["type"].endswith("/payload_too_large")


def test_a_streamed_import_over_its_cap_is_413(engine: Engine, tmp_path: Path) -> None:

    def chunks() -> Iterator[bytes]:
        yield b'{"file": "accounts", "records": ['
        for _ in range(2_000):
            yield b'{"account_id": "A-1", "name": "x", "segment": "smb", "arr": 1},'
        yield b"{}]}"

    with api_book(engine, tmp_path, api_max_import_bytes=10_000) as book:
        response = book.client.post(
            "/v1/import",
            content=chunks(),
            headers={**book.headers("import"), "content-type": "application/json"},
        )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_an_import_through_the_api_refreshes_cached_health(book: ApiBook) -> None:
    path = "/v1/accounts/A-2/health?as_of=2026-06-30"
    before = book.client.get(path, headers=book.headers("read")).json()
    events = [
        {
            "account_id": "A-2",
            "user_id": f"u{n}",
            "event": "login",
            "occurred_at": f"2026-06-{day:02d}T10:00:00Z",
        }
        for n in range(5)
        for day in range(2, 30)
    ]

    book.client.post(
        "/v1/import",
        json={"file": "usage_events", "records": events},
        headers=book.headers("import"),
    )
    after = book.client.get(path, headers=book.headers("read")).json()

    assert before["band"] == "no_data"
    assert after["band"] != "no_data"


def test_an_import_shows_in_the_next_ranking_without_waiting(book: ApiBook) -> None:
    question = {"question": "Which accounts are most at risk?", "as_of": str(AS_OF)}
    ranking = f"/v1/portfolio/risk?as_of={AS_OF}"
    globex_logins = [
        {
            "account_id": "A-2",
            "user_id": f"u{day}",
            "event": "login",
            "occurred_at": f"2026-06-{day}T10:00:00Z",
        }
        for day in range(10, 20)
    ]

    before = book.client.post("/v1/ask", json=question, headers=book.headers("ask"))
    listed = book.client.get(ranking, headers=book.headers("read"))
    imported = book.client.post(
        "/v1/import",
        json={"file": "usage_events", "records": globex_logins},
        headers=book.headers("import"),
    )
    after = book.client.post("/v1/ask", json=question, headers=book.headers("ask"))
    relisted = book.client.get(ranking, headers=book.headers("read"))

    assert imported.json()["inserted"] == len(globex_logins)
    assert "Globex" not in before.json()["text"]
    assert "Globex" in after.json()["text"]
    assert _band(listed.json(), "A-2") == "no_data"
    assert _band(relisted.json(), "A-2") == "red"


def _band(ranking: dict[str, Any], account_id: str) -> str:
    return str(
        next(r["band"] for r in ranking["rows"] if r["account_id"] == account_id)
    )
