"""API keys, scopes and acting for a team member: 401, 403, 404 and 429."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from assistant.api.auth import KeyCache
from assistant.api.scopes import SCOPES, grants
from knowledge.queries.api_keys import create_key, list_keys, revoke_key
from tests.assistant.api_support import AS_OF, ApiBook, api_book, bearer

# (method, path, JSON body, scope needed). Bodies are invalid on purpose where a
# valid one would run the engine: the scope check comes before the body matters
# to the test, and a granted key then gets 422, never 401 or 403.
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, str]] = [
    ("GET", "/v1/accounts", None, "read"),
    ("GET", "/v1/accounts/A-1", None, "read"),
    ("GET", f"/v1/accounts/A-1/health?as_of={AS_OF}", None, "read"),
    ("GET", f"/v1/accounts/A-1/usage?as_of={AS_OF}", None, "read"),
    ("GET", f"/v1/portfolio/risk?as_of={AS_OF}", None, "read"),
    ("GET", f"/v1/portfolio/renewals?as_of={AS_OF}", None, "read"),
    ("GET", "/v1/knowledge/playbooks", None, "read"),
    ("GET", "/v1/knowledge/playbooks/none-such", None, "read"),
    ("GET", "/v1/knowledge/playbooks/none-such/versions", None, "read"),
    ("GET", "/v1/knowledge/playbooks/none-such/diff?old=1&new=2", None, "read"),
    ("GET", "/v1/knowledge/reports/stale", None, "read"),
    ("GET", "/v1/knowledge/reports/unanswered", None, "read"),
    ("POST", "/v1/ask", {"question": ""}, "ask"),
    ("POST", "/v1/ask/stream", {"question": ""}, "ask"),
    ("POST", "/v1/feedback", {"chunk_id": ""}, "ask"),
    ("POST", "/v1/briefs", {"account": ""}, "draft"),
    ("POST", "/v1/drafts", {"account": ""}, "draft"),
    ("POST", "/v1/knowledge/playbooks", {"markdown": ""}, "kb:write"),
    ("PUT", "/v1/knowledge/playbooks/none-such", {"markdown": ""}, "kb:write"),
    ("DELETE", "/v1/knowledge/playbooks/none-such", None, "kb:write"),
    ("POST", "/v1/knowledge/playbooks/none-such/publish", None, "kb:write"),
    ("POST", "/v1/knowledge/playbooks/none-such/retire", None, "kb:write"),
    ("POST", "/v1/knowledge/notes", {"markdown": ""}, "kb:write"),
    ("POST", "/v1/knowledge/reindex", {"full": "yes please"}, "kb:write"),
    ("POST", "/v1/import", {"file": "accounts", "records": []}, "import"),
]


@pytest.fixture
def book(engine: Engine, tmp_path: Path) -> Iterator[ApiBook]:
    with api_book(engine, tmp_path) as running:
        yield running


def _call(
    book: ApiBook,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    headers: dict[str, str],
) -> Any:
    return book.client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "body", "needed"), ENDPOINTS)
def test_every_endpoint_needs_a_key(
    book: ApiBook, method: str, path: str, body: dict[str, Any] | None, needed: str
) -> None:
    missing = _call(book, method, path, body, {})
    wrong = _call(book, method, path, body, bearer("csm_not-a-key"))

    for response in (missing, wrong):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path", "body", "needed"), ENDPOINTS)
def test_every_scope_is_admitted_or_refused(
    book: ApiBook, method: str, path: str, body: dict[str, Any] | None, needed: str
) -> None:
    for scope in SCOPES:
        response = _call(book, method, path, body, book.headers(scope))

        if grants((scope,), needed):  # type: ignore[arg-type]
            assert response.status_code not in (401, 403), (scope, response.text)
        else:
            assert response.status_code == 403, (scope, response.text)
            assert f"'{needed}' scope" in response.json()["detail"]


def test_refusals_do_not_say_whether_an_account_exists(book: ApiBook) -> None:
    for path in ("/v1/accounts/A-1/health", "/v1/accounts/NOPE/health"):
        unauthenticated = book.client.get(path)
        unscoped = book.client.get(path, headers=book.headers("import"))

        assert unauthenticated.status_code == 401
        assert (
            unauthenticated.json()["detail"]
            == "send an API key as 'Authorization: Bearer KEY'"
        )
        assert unscoped.status_code == 403
        assert unscoped.json()["detail"] == "this API key lacks the 'read' scope"


def test_a_revoked_key_is_refused_once_its_cache_entry_expires(book: ApiBook) -> None:
    now = [1_000.0]
    book.app.state.key_cache = KeyCache(5.0, clock=lambda: now[0])
    record, key = create_key(book.engine, "soon gone", ["read"], "test")
    before = book.client.get("/v1/accounts", headers=bearer(key))

    revoke_key(book.engine, record.key_id, "test")
    within = book.client.get("/v1/accounts", headers=bearer(key))
    now[0] += 5.0
    after = book.client.get("/v1/accounts", headers=bearer(key))
    still_after = book.client.get("/v1/accounts", headers=bearer(key))

    assert before.status_code == 200
    assert within.status_code == 200  # trusted for the documented few seconds
    assert after.status_code == 401
    assert still_after.status_code == 401  # a refused key is never cached
    assert record.key_id not in {k.key_id for k in list_keys(book.engine)}


def test_without_a_key_cache_revocation_is_immediate(book: ApiBook) -> None:
    book.app.state.key_cache = KeyCache(0)
    record, key = create_key(book.engine, "soon gone", ["read"], "test")
    before = book.client.get("/v1/accounts", headers=bearer(key))

    revoke_key(book.engine, record.key_id, "test")
    after = book.client.get("/v1/accounts", headers=bearer(key))

    assert before.status_code == 200
    assert after.status_code == 401


def test_a_new_key_works_at_once_even_after_it_was_refused(book: ApiBook) -> None:
    refused = book.client.get("/v1/accounts", headers=bearer("not-yet-a-key"))
    _, key = create_key(book.engine, "fresh", ["read"], "test")

    accepted = book.client.get("/v1/accounts", headers=bearer(key))

    assert refused.status_code == 401
    assert accepted.status_code == 200


def test_keys_are_stored_hashed(book: ApiBook) -> None:
    from sqlalchemy import text

    with book.engine.connect() as conn:
        stored = [row[0] for row in conn.execute(text("SELECT key_hash FROM api_keys"))]

    assert stored
    assert not set(stored) & set(book.keys.values())
    assert all(len(h) == 64 for h in stored)


def test_a_read_only_key_may_not_act_for_a_member(book: ApiBook) -> None:
    response = book.client.get(
        "/v1/accounts", headers=book.headers("read", "dana@vendor.example")
    )

    assert response.status_code == 403
    assert "X-CSM-User" in response.json()["detail"]


@pytest.mark.parametrize("user", ["stranger@vendor.example", "local-operator", ""])
def test_acting_for_someone_not_on_the_team_is_forbidden(
    book: ApiBook, user: str
) -> None:
    response = book.client.get("/v1/accounts", headers=book.headers("admin", user))

    assert response.status_code == 403


def test_a_member_sees_only_their_book(book: ApiBook) -> None:
    dana = book.headers("admin", "dana@vendor.example")

    listed = book.client.get("/v1/accounts", headers=dana)
    own = book.client.get(f"/v1/accounts/A-1/health?as_of={AS_OF}", headers=dana)
    other = book.client.get(f"/v1/accounts/A-4/health?as_of={AS_OF}", headers=dana)
    missing = book.client.get(f"/v1/accounts/A-9/health?as_of={AS_OF}", headers=dana)
    risk = book.client.get(f"/v1/portfolio/risk?as_of={AS_OF}", headers=dana)

    assert [a["account_id"] for a in listed.json()["items"]] == ["A-1"]
    assert own.status_code == 200
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"] == "no account 'A-4'"
    assert {r["account_id"] for r in risk.json()["rows"]} == {"A-1"}


def test_answers_follow_the_member_they_act_for(book: ApiBook) -> None:
    question = {"question": "How is Umbrella Group doing?", "as_of": str(AS_OF)}

    as_dana = book.client.post(
        "/v1/ask", json=question, headers=book.headers("ask", "dana@vendor.example")
    )
    as_lee = book.client.post(
        "/v1/ask", json=question, headers=book.headers("ask", "lee@vendor.example")
    )

    assert as_dana.json()["status"] == "refused"
    assert as_dana.json()["asker"] == "dana@vendor.example"
    # Umbrella has no usage yet: Lee is told so; Dana is not even told that.
    assert as_lee.json()["status"] == "no_data"
    assert as_lee.json()["accounts"][0]["account_id"] == "A-4"


def test_a_csm_may_not_edit_the_knowledge_base_through_a_key(book: ApiBook) -> None:
    response = book.client.post(
        "/v1/knowledge/reindex",
        json={},
        headers=book.headers("admin", "dana@vendor.example"),
    )

    assert response.status_code == 403
    assert "CS ops" in response.json()["detail"]


def test_a_key_over_its_rate_gets_429_with_retry_after(
    engine: Engine, tmp_path: Path
) -> None:
    with api_book(engine, tmp_path, api_rate_per_second=0.01, api_rate_burst=2) as book:
        codes = [
            book.client.get("/v1/accounts", headers=book.headers("read")).status_code
            for _ in range(3)
        ]
        limited = book.client.get("/v1/accounts", headers=book.headers("read"))
        other_key = book.client.get("/v1/accounts", headers=book.headers("admin"))

    assert codes == [200, 200, 429]
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["content-type"] == "application/problem+json"
    assert other_key.status_code == 200
