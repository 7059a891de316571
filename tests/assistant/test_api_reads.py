"""Accounts, health, usage and portfolio over HTTP: the tools' results, paged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.assistant.api_support import AS_OF, ApiBook, api_book
from tools.health import score_account


@pytest.fixture
def book(engine: Engine, tmp_path: Path) -> Iterator[ApiBook]:
    with api_book(engine, tmp_path) as running:
        yield running


def test_accounts_come_in_pages_linked_by_an_opaque_cursor(book: ApiBook) -> None:
    read = book.headers("read")
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = book.client.get("/v1/accounts", params=params, headers=read).json()
        seen += [a["account_id"] for a in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert "A-" not in cursor

    assert seen == ["A-1", "A-2", "A-3", "A-4"]
    assert pages == 2


def test_accounts_search_and_filter(book: ApiBook) -> None:
    read = book.headers("read")

    by_name = book.client.get("/v1/accounts", params={"q": "ACME"}, headers=read)
    by_segment = book.client.get(
        "/v1/accounts", params={"segment": "mid_market"}, headers=read
    )
    by_csm = book.client.get(
        "/v1/accounts", params={"csm_email": "lee@vendor.example"}, headers=read
    )

    assert [a["name"] for a in by_name.json()["items"]] == ["Acme Corp."]
    assert [a["account_id"] for a in by_segment.json()["items"]] == ["A-1", "A-2"]
    assert [a["account_id"] for a in by_csm.json()["items"]] == ["A-4"]


def test_one_account_and_an_unknown_one(book: ApiBook) -> None:
    found = book.client.get("/v1/accounts/A-3", headers=book.headers("read"))
    missing = book.client.get("/v1/accounts/A-99", headers=book.headers("read"))

    assert found.json()["name"] == "Initech"
    assert found.json()["renewal_date"] == "2026-08-31"
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["type"].endswith("/not_found")


def test_health_is_the_tool_report_with_its_explanation(book: ApiBook) -> None:
    response = book.client.get(
        "/v1/accounts/A-1/health",
        params={"as_of": str(AS_OF)},
        headers=book.headers("read"),
    )
    body = response.json()
    assert response.status_code == 200
    assert body["account_id"] == "A-1"
    assert body["provenance"]["as_of"] == str(AS_OF)
    assert body["indicators"]
    assert all("contribution" in row for row in body["indicators"])
    assert "to_green" in body
    # Same figures as calling the tool directly with the same model.
    direct = score_account(
        book.engine, book.app.state.services.health_model, "A-1", AS_OF
    )
    assert body["score"] == direct.score


def test_usage_over_a_chosen_window(book: ApiBook) -> None:
    response = book.client.get(
        "/v1/accounts/A-1/usage",
        params={"as_of": str(AS_OF), "days": 7},
        headers=book.headers("read"),
    )
    body = response.json()

    assert response.status_code == 200
    assert body["window"]["days"] == 7
    assert body["window"]["end"] == str(AS_OF)
    assert {m["name"] for m in body["metrics"]} >= {"logins", "active_users"}


def test_portfolio_risk_ranks_by_revenue_at_risk_and_caps_rows(book: ApiBook) -> None:
    read = book.headers("read")

    everything = book.client.get(
        "/v1/portfolio/risk", params={"as_of": str(AS_OF)}, headers=read
    ).json()
    first = book.client.get(
        "/v1/portfolio/risk", params={"as_of": str(AS_OF), "limit": 1}, headers=read
    ).json()

    at_risk = [r["revenue_at_risk"] for r in everything["rows"] if r["revenue_at_risk"]]
    assert at_risk == sorted(at_risk, reverse=True)
    assert everything["total"] == len(everything["rows"]) == 4
    assert len(first["rows"]) == 1
    assert first["total"] == 4


def test_renewals_within_a_window_soonest_first(book: ApiBook) -> None:
    response = book.client.get(
        "/v1/portfolio/renewals",
        params={"as_of": str(AS_OF), "days": 70},
        headers=book.headers("read"),
    )

    assert [r["account_id"] for r in response.json()["rows"]] == ["A-4", "A-3"]


@pytest.mark.parametrize("report", ["health", "usage"])
def test_a_cached_report_is_still_hidden_outside_the_members_book(
    book: ApiBook, report: str
) -> None:
    path = f"/v1/accounts/A-4/{report}?as_of={AS_OF}"
    # The whole-book key scores A-4 first, so the member's request meets a
    # cached report for an account outside Dana's book.
    everyone = book.client.get(path, headers=book.headers("read+ask"))
    dana = book.client.get(
        path, headers=book.headers("read+ask", "dana@vendor.example")
    )
    lee = book.client.get(path, headers=book.headers("read+ask", "lee@vendor.example"))
    unknown = book.client.get(
        f"/v1/accounts/A-404/{report}?as_of={AS_OF}", headers=book.headers("read+ask")
    )

    assert everyone.status_code == 200
    assert dana.status_code == 404
    assert dana.json()["detail"] == unknown.json()["detail"].replace("A-404", "A-4")
    assert lee.status_code == 200
    assert lee.json() == everyone.json()
