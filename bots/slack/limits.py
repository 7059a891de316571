"""Slack's Block Kit limits, and a check that a message stays inside them."""

from __future__ import annotations

from typing import Any

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTION_ELEMENTS = 25
# The notification text; Slack truncates messages longer than 40,000 characters.
MAX_MESSAGE_TEXT = 4000

Block = dict[str, Any]


def _text_of(obj: dict[str, Any] | None) -> str:
    return str(obj.get("text", "")) if obj else ""


def _check_block(block: Block) -> list[str]:
    kind = block.get("type")
    problems: list[str] = []
    if kind == "header" and len(_text_of(block.get("text"))) > MAX_HEADER_TEXT:
        problems.append("header text over 150 characters")
    if kind == "section":
        if len(_text_of(block.get("text"))) > MAX_SECTION_TEXT:
            problems.append("section text over 3,000 characters")
        fields = block.get("fields", [])
        if len(fields) > MAX_FIELDS:
            problems.append("more than 10 fields")
        if any(len(_text_of(f)) > MAX_FIELD_TEXT for f in fields):
            problems.append("field text over 2,000 characters")
    if kind == "context":
        elements = block.get("elements", [])
        if len(elements) > MAX_CONTEXT_ELEMENTS:
            problems.append("more than 10 context elements")
        if any(len(_text_of(e)) > MAX_SECTION_TEXT for e in elements):
            problems.append("context text over 3,000 characters")
    if kind == "actions":
        elements = block.get("elements", [])
        if len(elements) > MAX_ACTION_ELEMENTS:
            problems.append("more than 25 action elements")
        for element in elements:
            if len(_text_of(element.get("text"))) > MAX_BUTTON_TEXT:
                problems.append("button label over 75 characters")
            if len(str(element.get("value", ""))) > MAX_BUTTON_VALUE:
                problems.append("button value over 2,000 characters")
    return problems


def block_problems(blocks: list[Block]) -> list[str]:
    """Every way ``blocks`` break Slack's limits; empty when the message is valid."""
    problems = [f"{len(blocks)} blocks (max 50)"] if len(blocks) > MAX_BLOCKS else []
    for index, block in enumerate(blocks):
        problems.extend(f"block {index}: {p}" for p in _check_block(block))
    return problems


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
