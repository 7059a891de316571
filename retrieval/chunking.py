"""Split Markdown into passages that follow its structure.

A chunk never crosses a heading; lists, tables and code blocks stay whole when they
fit, and a block too large for one chunk is cut on line, then sentence, boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.text import count_words

MAX_WORDS = 160
"""About 200 model tokens, under the embedding model's 256-token window."""

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Block:
    """A structural unit of Markdown: paragraph, list, table or code."""

    kind: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The block's Markdown."""
        return "\n".join(self.lines)


@dataclass(frozen=True)
class TextChunk:
    """One passage and where it sits in the document."""

    ordinal: int
    heading_path: tuple[str, ...]
    text: str


def _line_kind(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("|"):
        return "table"
    if _LIST_ITEM.match(line):
        return "list"
    return "paragraph"


def parse_sections(markdown: str) -> list[tuple[tuple[str, ...], list[Block]]]:
    """Group blocks under their heading path, in document order."""
    sections: list[tuple[tuple[str, ...], list[Block]]] = [((), [])]
    path: list[tuple[int, str]] = []
    current: Block | None = None
    in_code = False
    for line in markdown.splitlines():
        blocks = sections[-1][1]
        if line.strip().startswith("```"):
            if not in_code:
                current = Block("code", [line])
                blocks.append(current)
            else:
                assert current is not None  # noqa: S101  # opened on the fence above
                current.lines.append(line)
                current = None
            in_code = not in_code
            continue
        if in_code and current is not None:
            current.lines.append(line)
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            path = [(lvl, title) for lvl, title in path if lvl < level]
            path.append((level, heading.group(2)))
            sections.append((tuple(title for _, title in path), []))
            current = None
            continue
        if not line.strip():
            # A blank line ends a paragraph; a list or table may resume after it.
            if current is not None and current.kind == "paragraph":
                current = None
            continue
        kind = _line_kind(line)
        continuation = (
            current is not None
            and current.kind == "list"
            and kind == "paragraph"
            and line.startswith((" ", "\t"))
        )
        if current is not None and (current.kind == kind or continuation):
            current.lines.append(line)
            continue
        current = Block(kind, [line])
        blocks.append(current)
    return [(p, b) for p, b in sections if b]


def _split_block(block: Block, max_words: int) -> list[str]:
    """Cut an oversized block: tables repeat their header, others cut on lines."""
    header: list[str] = []
    lines = block.lines
    if block.kind == "table" and len(lines) > 2:
        header, lines = lines[:2], lines[2:]
    if block.kind == "paragraph" and len(lines) == 1:
        lines = _SENTENCE_END.split(lines[0])
    pieces: list[str] = []
    current: list[str] = []
    budget = max_words - count_words("\n".join(header))
    for line in lines:
        for part in _hard_wrap(line, max(budget, 20)):
            if current and count_words("\n".join([*current, part])) > budget:
                pieces.append("\n".join(header + current))
                current = []
            current.append(part)
    if current:
        pieces.append("\n".join(header + current))
    return pieces


def _hard_wrap(line: str, max_words: int) -> list[str]:
    words = line.split(" ")
    if count_words(line) <= max_words:
        return [line]
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]


def chunk_markdown(markdown: str, max_words: int = MAX_WORDS) -> list[TextChunk]:
    """Split a Markdown body into passages that respect its structure."""
    chunks: list[TextChunk] = []
    for path, blocks in parse_sections(markdown):
        pending: list[str] = []
        for block in blocks:
            pieces = (
                [block.text]
                if count_words(block.text) <= max_words
                else _split_block(block, max_words)
            )
            for piece in pieces:
                if pending and count_words("\n\n".join([*pending, piece])) > max_words:
                    chunks.append(TextChunk(len(chunks), path, "\n\n".join(pending)))
                    pending = []
                pending.append(piece)
        if pending:
            chunks.append(TextChunk(len(chunks), path, "\n\n".join(pending)))
    return chunks
