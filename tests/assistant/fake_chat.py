"""A scripted chat model: emits real tool calls, then text built from their results."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable

# A step sees the conversation so far and returns the model's next message.
Step = Callable[[list[BaseMessage]], AIMessage]


def call_tool(name: str, **args: Any) -> Step:
    """A step that asks the agent to run one tool."""

    def step(_: list[BaseMessage]) -> AIMessage:
        return AIMessage(
            content="", tool_calls=[{"name": name, "args": args, "id": f"call-{name}"}]
        )

    return step


def say(build: Callable[[dict[str, Any]], str]) -> Step:
    """A final answer written from the latest tool result (parsed JSON)."""

    def step(messages: list[BaseMessage]) -> AIMessage:
        results = [m for m in messages if isinstance(m, ToolMessage)]
        content = results[-1].content if results else "{}"
        data = json.loads(content if isinstance(content, str) else "{}")
        return AIMessage(content=build(data))

    return step


class ScriptedChatModel(BaseChatModel):
    """Plays its steps in order, one per model call; records what it was sent."""

    steps: list[Any]
    delay_seconds: float = 0.0
    error: str | None = None
    seen: list[list[BaseMessage]] = []

    @property
    def _llm_type(self) -> str:
        return "scripted-test"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Runnable[Any, Any]:
        """Tools are executed by the agent; the script already names them."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if self.error:
            raise RuntimeError(self.error)
        self.seen.append(list(messages))
        step = self.steps.pop(0) if self.steps else say(lambda _: "no more steps")
        return ChatResult(generations=[ChatGeneration(message=step(messages))])
