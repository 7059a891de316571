"""Markdown from the engine turned into Slack mrkdwn, and cut into sized pieces."""

from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[-*+]\s+", re.MULTILINE)
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control sequences."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def to_mrkdwn(markdown: str) -> str:
    """Convert the Markdown the engine writes into Slack's mrkdwn dialect.

    User-supplied text is escaped first so that ``<!channel>`` or a ``<@U…>``
    in an account note can never ping anyone.
    """
    text = escape(markdown)
    text = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", text)
    text = _HEADING.sub(lambda m: f"*{m.group(1)}*", text)
    text = _BOLD.sub(lambda m: f"*{m.group(1) or m.group(2)}*", text)
    return _BULLET.sub(lambda m: f"{m.group(1)}• ", text)


def split_text(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters.

    Cuts fall between paragraphs where possible, then between lines, then
    between words; a word longer than ``limit`` is cut where it must be.
    """
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), -1)
        if cut < limit // 3:
            cut = window.rfind("\n")
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut < limit // 3:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces
