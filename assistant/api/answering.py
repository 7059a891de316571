"""Run the assistant off the event loop, bounded by the answer timeout."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from assistant.answers import Answer, AskContext
from knowledge.errors import UpstreamUnavailableError

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


async def within_timeout(
    request: Request, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """``work(*args)`` in a worker thread, or 503 after ``api_answer_timeout_seconds``.

    Raises:
        UpstreamUnavailableError: the work took too long (an LLM that hangs).
    """
    timeout = request.app.state.settings.api_answer_timeout_seconds
    try:
        return await asyncio.wait_for(run_in_threadpool(work, *args, **kwargs), timeout)
    except TimeoutError as exc:
        # TODO: the worker thread runs on until the engine returns; only the
        # engine's own LLM timeout (CSM_LLM_TIMEOUT_SECONDS) can stop it early.
        logger.warning("answer timed out after %.1fs", timeout)
        raise UpstreamUnavailableError(
            f"no answer within {timeout:g} s; try again or ask something narrower"
        ) from exc


async def answer_within(request: Request, question: str, context: AskContext) -> Answer:
    """The assistant's answer to one question, bounded by the answer timeout.

    Raises:
        UpstreamUnavailableError: the answer took too long.
    """
    answer: Answer = await within_timeout(
        request, request.app.state.assistant.answer, question, context
    )
    return answer
