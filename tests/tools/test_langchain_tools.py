"""The LangChain tools call the same services and return their structured data."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.tools import BaseTool
from sqlalchemy import Engine

from tests.tools.book import AS_OF, build_book, small_model
from tools.langchain_tools import build_tools

# Acme and Globex are the asker's; Initech and Umbrella Group belong to others.
VISIBLE = frozenset({"A-1", "A-2"})


def _tools(engine: Engine, **scope: Any) -> dict[str, BaseTool]:
    return {
        t.name: t
        for t in build_tools(
            engine,
            small_model(),
            AS_OF,
            high_touch_min_arr=100_000,
            tech_touch_max_arr=20_000,
            **scope,
        )
    }


def _ids(result: dict[str, Any]) -> list[str]:
    return [row["account_id"] for row in result["rows"]]


def test_health_tool_returns_the_service_result(engine: Engine) -> None:
    build_book(engine)
    tools = _tools(engine)
    assert "never pick one yourself" in tools["find_account"].description
    result = tools["account_health"].invoke({"account": "acme"})
    assert (result["score"], result["band"]) == (49.0, "yellow")
    found = tools["find_account"].invoke({"account": "Acme"})
    assert found["account"]["account_id"] == "A-1"
    missing = tools["account_health"].invoke({"account": "Nonesuch"})
    assert "no account named 'Nonesuch'" in str(missing)


def test_without_a_scope_every_account_is_answered_and_ranked(engine: Engine) -> None:
    build_book(engine)
    tools = _tools(engine, visible_accounts=None)

    assert tools["find_account"].invoke({"account": "Umbrela"})["account"] == {
        "account_id": "A-4",
        "name": "Umbrella Group",
    }
    assert "did you mean Initech (A-3)" in tools["find_account"].invoke(
        {"account": "Initek"}
    )
    assert tools["account_health"].invoke({"account": "A-3"})["band"] == "red"
    assert sorted(_ids(tools["portfolio_at_risk"].invoke({}))) == [
        "A-1",
        "A-2",
        "A-3",
        "A-4",
    ]
    assert _ids(tools["csm_pool"].invoke({})) == ["A-3"]


@pytest.mark.parametrize(
    "tool", ["account_health", "account_usage", "account_expansion"]
)
@pytest.mark.parametrize("account", ["Umbrella Group", "A-3"])
def test_an_account_outside_the_scope_reads_as_unknown(
    engine: Engine, tool: str, account: str
) -> None:
    build_book(engine)
    tools = _tools(engine, visible_accounts=VISIBLE)

    assert tools[tool].invoke({"account": account}) == f"no account named '{account}'"
    assert tools["account_health"].invoke({"account": "Globex"})["account_id"] == "A-2"


@pytest.mark.parametrize(
    "query", ["Umbrella Group", "A-4", "Umbrela", "Umbro", "Initek"]
)
def test_find_account_never_matches_or_suggests_a_hidden_account(
    engine: Engine, query: str
) -> None:
    build_book(engine)
    tools = _tools(engine, visible_accounts=VISIBLE)

    unknown = f"no account named '{query}'"
    assert tools["find_account"].invoke({"account": query}) == unknown
    assert tools["account_health"].invoke({"account": query}) == unknown


def test_a_near_miss_still_suggests_the_visible_accounts(engine: Engine) -> None:
    build_book(engine)
    tools = _tools(engine, visible_accounts=frozenset({"A-1", "A-3"}))

    assert "did you mean Initech (A-3)" in tools["find_account"].invoke(
        {"account": "Initek"}
    )


def test_portfolio_tools_rank_only_the_visible_accounts(engine: Engine) -> None:
    build_book(engine)
    tools = _tools(engine, visible_accounts=VISIBLE)

    at_risk = tools["portfolio_at_risk"].invoke({})
    assert _ids(at_risk) == ["A-1", "A-2"]
    assert at_risk["scope"] == "visible accounts"
    assert _ids(tools["renewals_due"].invoke({"days": 365})) == ["A-1", "A-2"]
    assert _ids(tools["csm_pool"].invoke({})) == []
    assert _ids(tools["portfolio_at_risk"].invoke({"segment": "smb"})) == []
