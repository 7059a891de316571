"""Bulk adoption nudges: tech-touch accounts under thresholds, exported, never sent."""

# ruff: noqa: F811  # the shared fixtures are imported, then named as arguments

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from assistant.container import Services
from assistant.outreach import bulk_outreach
from knowledge.errors import ForbiddenError, InvalidInputError
from knowledge.queries.accounts import list_accounts
from tests.assistant.drafting_book import AS_OF, demo_dir, services  # noqa: F401
from tools.portfolio import coverage_tier


def test_every_tech_touch_account_under_a_threshold_gets_a_faithful_nudge(
    services: Services,
) -> None:
    batch = bulk_outreach(services, as_of=AS_OF)
    s = services.settings
    tech = {
        a.account_id
        for a in list_accounts(services.engine)
        if coverage_tier(a, s.high_touch_min_arr, s.tech_touch_max_arr) == "tech_touch"
    }

    assert batch.sent == 0
    assert batch.considered == len(tech)
    assert batch.considered == len(batch.drafts) + sum(batch.skipped.values())
    assert batch.drafts
    for draft in batch.drafts:
        assert draft.account_id in tech
        assert draft.faithful
        assert draft.gaps
        assert all(g.value < g.threshold for g in draft.gaps)
        for name in draft.unused_features[:3]:
            assert f"- {name}: " in draft.body
        if draft.addressed_to_role:
            assert "Hello to the team lead at" in draft.body
        else:
            assert draft.to_name is not None
            assert f"Hi {draft.to_name.split()[0]}," in draft.body


def test_a_csm_sees_only_their_accounts(services: Services) -> None:
    everyone = bulk_outreach(services, as_of=AS_OF, tiers=["tech_touch", "low_touch"])
    dana = bulk_outreach(
        services,
        "dana.whitfield@vendor.example",
        as_of=AS_OF,
        tiers=["tech_touch", "low_touch"],
    )
    owned = {
        a.account_id
        for a in list_accounts(
            services.engine, csm_email="dana.whitfield@vendor.example"
        )
    }

    assert {d.account_id for d in dana.drafts} <= owned
    assert len(dana.drafts) <= len(everyone.drafts)


def test_segment_filter_and_bad_arguments(services: Services) -> None:
    smb = bulk_outreach(services, as_of=AS_OF, segment="smb")

    assert all(d.segment == "smb" for d in smb.drafts)
    with pytest.raises(InvalidInputError, match="tier"):
        bulk_outreach(services, tiers=["platinum"])  # type: ignore[list-item]  # bad on purpose
    with pytest.raises(ForbiddenError):
        bulk_outreach(services, "stranger@elsewhere.example")


def test_in_app_nudges_are_one_short_paragraph(services: Services) -> None:
    batch = bulk_outreach(services, as_of=AS_OF, channel="in_app")

    assert batch.drafts
    assert all("\n" not in d.body and len(d.body) < 400 for d in batch.drafts)


def test_cli_exports_csv_and_json(
    services: Services, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the CLI reads its database from the environment; one backend")
    from bots.cli import common
    from bots.cli.main import app

    monkeypatch.setenv("CSM_DATABASE_URL", str(engine.url))
    common.settings.cache_clear()
    common.engine.cache_clear()
    runner = CliRunner()
    try:
        as_csv = runner.invoke(app, ["outreach", "--csv", "--as-of", AS_OF.isoformat()])
        as_json = runner.invoke(
            app, ["outreach", "--json", "--as-of", AS_OF.isoformat()]
        )
    finally:
        common.settings.cache_clear()
        common.engine.cache_clear()

    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows
    assert {"account_id", "to_email", "subject", "body", "unused_features"} <= set(
        rows[0]
    )
    batch = json.loads(as_json.stdout)
    assert batch["sent"] == 0
    assert [d["account_id"] for d in batch["drafts"]] == [r["account_id"] for r in rows]
