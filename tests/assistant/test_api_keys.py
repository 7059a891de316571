"""``csm keys``: a key is shown once, stored hashed, listed without it, revoked."""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.db import create_db_engine
from knowledge.queries.api_keys import find_active_key, hash_key
from tests.cli_runner import run_csm


def test_a_key_is_created_listed_and_revoked(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    assert run_csm("db", "upgrade", database=db).returncode == 0

    created = run_csm(
        "keys", "create", "--name", "crm sidebar", "--scopes", "read,ask", database=db
    )
    key = created.stdout.strip().splitlines()[-1]
    engine = create_db_engine(f"sqlite:///{db}")
    record = find_active_key(engine, key)
    listed = run_csm("keys", "list", "--json", database=db)
    revoked = run_csm("keys", "revoke", record.key_id if record else "?", database=db)
    after = find_active_key(engine, key)
    with_revoked = json.loads(
        run_csm("keys", "list", "--all", "--json", database=db).stdout
    )

    assert created.returncode == 0, created.stderr
    assert key.startswith("csm_")
    assert len(key) > 40
    assert record is not None
    assert record.scopes == ("ask", "read")
    assert key not in listed.stdout
    assert hash_key(key) not in listed.stdout
    assert [k["name"] for k in json.loads(listed.stdout)] == ["crm sidebar"]
    assert revoked.returncode == 0
    assert after is None
    assert with_revoked[0]["revoked_at"] is not None
    engine.dispose()


def test_unknown_scopes_and_unknown_keys_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    run_csm("db", "upgrade", database=db)

    bad_scope = run_csm(
        "keys", "create", "--name", "x", "--scopes", "root", database=db
    )
    no_key = run_csm("keys", "revoke", "nope", database=db)

    assert bad_scope.returncode == 2
    assert "unknown scope root" in bad_scope.stderr
    assert no_key.returncode == 3
    assert "no API key 'nope'" in no_key.stderr
