"""Bad input gets a problem+json answer naming what is wrong, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.assistant.api_support import AS_OF, ApiBook, api_book

TEN_MB = 10 * 1024 * 1024


@pytest.fixture
def book(engine: Engine, tmp_path: Path) -> Iterator[ApiBook]:
    with api_book(engine, tmp_path) as running:
        yield running


def _fields(response: object) -> list[str]:
    return [f["field"] for f in response.json()["fields"]]  # type: ignore[attr-defined]


def test_malformed_json_is_422_naming_the_body(book: ApiBook) -> None:
    response = book.client.post(
        "/v1/ask",
        content=b'{"question": "How is Acme',
        headers={**book.headers("ask"), "content-type": "application/json"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert _fields(response)[0].startswith("body")
    assert "JSON" in response.json()["detail"]


def test_wrong_types_name_the_field(book: ApiBook) -> None:
    response = book.client.post(
        "/v1/ask",
        json={"question": 42, "as_of": "yesterday"},
        headers=book.headers("ask"),
    )

    assert response.status_code == 422
    assert set(_fields(response)) == {"body.question", "body.as_of"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/ask", {"question": "How is Acme?", "colour": "red"}),
        ("/v1/feedback", {"chunk_id": "p#1", "helpful": True, "colour": "red"}),
        ("/v1/knowledge/notes", {"markdown": "x", "colour": "red"}),
        ("/v1/import", {"file": "accounts", "records": [{}], "colour": "red"}),
    ],
)
def test_unknown_fields_are_refused_by_name(
    book: ApiBook, path: str, body: dict[str, object]
) -> None:
    response = book.client.post(path, json=body, headers=book.headers("admin"))

    assert response.status_code == 422
    assert "body.colour" in _fields(response)


def test_a_ten_megabyte_body_is_413(book: ApiBook) -> None:
    huge = b'{"question": "' + b"a" * TEN_MB + b'"}'

    declared = book.client.post(
        "/v1/ask",
        content=huge,
        headers={**book.headers("ask"), "content-type": "application/json"},
    )
    streamed = book.client.post(
        "/v1/ask",
        content=iter([huge[i : i + 65536] for i in range(0, len(huge), 65536)]),
        headers={**book.headers("ask"), "content-type": "application/json"},
    )

    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("/payload_too_large")
        assert response.json()["request_id"]


@pytest.mark.parametrize(
    "question",
    [
        "Wie geht es Acme? 😀 — ça va? مرحبا",
        "How is Acme\x00 doing?\x1b[31m",
        "\u202eemca si woH",
        "   \t\n  ",
    ],
)
def test_unicode_and_control_characters_get_an_answer_not_an_error(
    book: ApiBook, question: str
) -> None:
    response = book.client.post(
        "/v1/ask",
        json={"question": question, "as_of": str(AS_OF)},
        headers=book.headers("ask"),
    )

    assert response.status_code == 200
    assert response.json()["status"] in {
        "answered",
        "needs_clarification",
        "no_data",
        "refused",
    }


def test_control_characters_in_a_search_find_nothing(book: ApiBook) -> None:
    response = book.client.get(
        "/v1/accounts", params={"q": "\x00\x1b😀"}, headers=book.headers("read")
    )

    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    "path",
    [
        "/v1/accounts/..%2F..%2Fetc%2Fpasswd",
        "/v1/accounts/..%2F..%2Fetc%2Fpasswd/health",
        "/v1/accounts/%2e%2e/usage",
        "/v1/knowledge/playbooks/..%2F..%2Fetc%2Fpasswd",
        "/v1/knowledge/playbooks/....%2F%2Fetc/versions",
    ],
)
def test_path_traversal_in_ids_finds_nothing(book: ApiBook, path: str) -> None:
    response = book.client.get(path, headers=book.headers("read"))

    assert response.status_code in (404, 422)
    assert response.headers["content-type"] == "application/problem+json"
    assert "root:" not in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "' OR 1=1 --"},
        {"csm_email": "x' OR '1'='1"},
        {"q": "'; DROP TABLE accounts; --"},
        {"cursor": "eyJhZnRlciI6IicgT1IgMT0xIC0tIn0"},
    ],
)
def test_sql_text_in_filters_is_only_text(
    book: ApiBook, params: dict[str, str]
) -> None:
    response = book.client.get(
        "/v1/accounts", params=params, headers=book.headers("read")
    )

    assert response.status_code == 200
    assert response.json()["items"] == [] or "cursor" in params
    with book.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM accounts")).scalar_one() == 4


@pytest.mark.parametrize("limit", ["-1", "0", "201", "100000000000000000000", "ten"])
def test_page_sizes_outside_1_to_200_are_refused(book: ApiBook, limit: str) -> None:
    for path in ("/v1/accounts", "/v1/portfolio/risk"):
        response = book.client.get(
            path, params={"limit": limit}, headers=book.headers("read")
        )

        assert response.status_code == 422
        assert _fields(response) == ["query.limit"]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "e30", "!!!", "eyJhZnRlciI6IDF9"])
def test_a_cursor_the_api_did_not_make_is_refused(book: ApiBook, cursor: str) -> None:
    response = book.client.get(
        "/v1/accounts", params={"cursor": cursor}, headers=book.headers("read")
    )

    assert response.status_code == 422
    assert response.json()["detail"].startswith("cursor:")


def test_unknown_routes_and_methods_are_problems_too(book: ApiBook) -> None:
    missing = book.client.get("/v1/nothing-here", headers=book.headers("read"))
    wrong_method = book.client.delete("/v1/accounts", headers=book.headers("read"))

    assert missing.status_code == 404
    assert wrong_method.status_code == 405
    for response in (missing, wrong_method):
        assert response.headers["content-type"] == "application/problem+json"
