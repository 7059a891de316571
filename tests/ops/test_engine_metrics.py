"""The engine's tool calls and fallbacks reach the Prometheus metrics."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from assistant.answers import Answer
from assistant.engine import llm
from assistant.metrics import timed_tool
from knowledge.errors import NotFoundError


def _value(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_tool_call_is_counted_by_its_outcome() -> None:
    ok_before = _value("csm_tool_calls_total", {"tool": "probe", "outcome": "ok"})
    missing_before = _value(
        "csm_tool_calls_total", {"tool": "probe", "outcome": "not_found"}
    )

    with timed_tool("probe"):
        pass
    with pytest.raises(NotFoundError), timed_tool("probe"):
        raise NotFoundError("no account named X")

    assert _value("csm_tool_calls_total", {"tool": "probe", "outcome": "ok"}) == (
        ok_before + 1
    )
    assert _value(
        "csm_tool_calls_total", {"tool": "probe", "outcome": "not_found"}
    ) == (missing_before + 1)


def test_a_fallback_to_the_deterministic_answer_is_counted() -> None:
    labels = {"reason": "timeout"}
    before = _value("csm_faithfulness_fallbacks_total", labels)
    fallback = Answer(
        question="q", text="deterministic", intent="help", status="answered"
    )

    shown = llm._fall_back(fallback, "LLM timed out after 30 s")

    assert shown.text == "deterministic"
    assert _value("csm_faithfulness_fallbacks_total", labels) == before + 1
