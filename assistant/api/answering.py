"""Run the assistant off the event loop, bounded by the answer timeout."""

from __future__ import annotations

import asyncio
import logging

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from assistant.answers import Answer, AskContext
from knowledge.errors import UpstreamUnavailableError

logger = logging.getLogger(__name__)


async def answer_within(request: Request, question: str, context: AskContext) -> Answer:
    """The assistant's answer, or 503 once ``answer_timeout_seconds`` pass.

    Raises:
        UpstreamUnavailableError: the answer took too long (an LLM that hangs).
    """
    assistant = request.app.state.assistant
    timeout = request.app.state.api_settings.answer_timeout_seconds
    try:
        return await asyncio.wait_for(
            run_in_threadpool(assistant.answer, question, context), timeout
        )
    except TimeoutError as exc:
        # TODO: the worker thread runs on until the engine returns; only the
        # engine's own LLM timeout (CSM_LLM_TIMEOUT_SECONDS) can stop it early.
        logger.warning("answer timed out after %.1fs", timeout)
        raise UpstreamUnavailableError(
            f"no answer within {timeout:g} s; try again or ask something narrower"
        ) from exc
