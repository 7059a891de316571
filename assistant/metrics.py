"""Prometheus metrics of answering: stages, tool calls, searches, fallbacks, Slack acks.

The engine and the Slack bot record through these functions; the HTTP layer
(``assistant/api/observability.py``) serves them at ``/metrics`` with its own request
metrics. Lower layers (tools, retrieval, knowledge) never import this module.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Histogram

from knowledge.errors import CsmError

SLACK_ACK_DEADLINE_SECONDS = 2.0
"""Slack retries an event whose acknowledgement takes longer than this."""


STAGE_LATENCY = Histogram(
    "csm_assistant_stage_duration_seconds",
    "Time spent in one stage of answering (route, retrieve, tools, compose, ...).",
    ["stage"],
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
TOOL_CALLS = Counter(
    "csm_tool_calls_total", "Tool calls by tool and outcome.", ["tool", "outcome"]
)
TOOL_LATENCY = Histogram(
    "csm_tool_call_duration_seconds",
    "Tool call latency by tool.",
    ["tool"],
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5),
)
RETRIEVAL_HITS = Histogram(
    "csm_retrieval_hits",
    "Passages returned per search.",
    buckets=(0, 1, 2, 3, 5, 8, 13, 21),
)
RETRIEVAL_SEARCHES = Counter(
    "csm_retrieval_searches_total",
    "Searches by whether any passage supported the question.",
    ["answered"],
)
FAITHFULNESS_FALLBACKS = Counter(
    "csm_faithfulness_fallbacks_total",
    "Answers replaced by a safe fallback because a figure had no tool behind it.",
    ["reason"],
)
SLACK_ACKS = Histogram(
    "csm_slack_ack_duration_seconds",
    "Time to acknowledge a Slack event.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5),
)
SLACK_LATE_ACKS = Counter(
    "csm_slack_late_acks_total",
    "Slack events acknowledged after Slack's 2 s deadline (Slack will retry them).",
)


def observe_stage(stage: str, seconds: float) -> None:
    """Record how long one stage of answering took.

    Args:
        stage: A fixed stage name such as ``route``, ``retrieve``, ``tools``.
        seconds: Wall-clock duration.
    """
    STAGE_LATENCY.labels(stage=stage).observe(seconds)


def observe_tool_call(tool: str, outcome: str, seconds: float) -> None:
    """Record one tool call.

    Args:
        tool: The tool's registered name.
        outcome: ``ok`` or the domain error code (``not_found``, ...).
        seconds: Wall-clock duration.
    """
    TOOL_CALLS.labels(tool=tool, outcome=outcome).inc()
    TOOL_LATENCY.labels(tool=tool).observe(seconds)


@contextmanager
def timed_tool(tool: str) -> Iterator[None]:
    """Time one tool call and count it as ``ok`` or by the domain error it raised."""
    started = time.perf_counter()
    outcome = "ok"
    try:
        yield
    except CsmError as exc:
        outcome = exc.code
        raise
    finally:
        observe_tool_call(tool, outcome, time.perf_counter() - started)


def observe_retrieval(hits: int, answered: bool) -> None:
    """Record one search: how many passages came back and whether any supported it."""
    RETRIEVAL_HITS.observe(hits)
    RETRIEVAL_SEARCHES.labels(answered="yes" if answered else "no").inc()


def count_faithfulness_fallback(reason: str) -> None:
    """Record an answer replaced because it was not grounded in tool results."""
    FAITHFULNESS_FALLBACKS.labels(reason=reason).inc()


def observe_slack_ack(seconds: float) -> None:
    """Record the time to acknowledge a Slack event; late ones are also counted."""
    SLACK_ACKS.observe(seconds)
    if seconds > SLACK_ACK_DEADLINE_SECONDS:
        SLACK_LATE_ACKS.inc()
