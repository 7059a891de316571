"""The LangChain tools call the same services and return their structured data."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.tools.book import AS_OF, build_book, small_model
from tools.langchain_tools import build_tools


def test_health_tool_returns_the_service_result(engine: Engine) -> None:
    build_book(engine)
    tools = {
        t.name: t
        for t in build_tools(
            engine,
            small_model(),
            AS_OF,
            high_touch_min_arr=100_000,
            tech_touch_max_arr=20_000,
        )
    }
    assert "never pick one yourself" in tools["find_account"].description
    result = tools["account_health"].invoke({"account": "acme"})
    assert (result["score"], result["band"]) == (49.0, "yellow")
    found = tools["find_account"].invoke({"account": "Acme"})
    assert found["account"]["account_id"] == "A-1"
    missing = tools["account_health"].invoke({"account": "Nonesuch"})
    assert "no account named 'Nonesuch'" in str(missing)
