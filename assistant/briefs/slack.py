"""The brief as Slack Block Kit blocks, inside Slack's limits.

Slack allows at most 50 blocks per message and 3,000 characters per section text;
sections are split at line boundaries and the tail is cut with a pointer to the
full brief, never silently.
"""

from __future__ import annotations

import json
import re
from typing import Any

from assistant.briefs.model import Brief

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SPARK = "▁▂▃▄▅▆▇█"

Block = dict[str, Any]


def mrkdwn(text: str) -> str:
    """Markdown bold to Slack bold; escape the three characters Slack reserves."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BOLD.sub(r"*\1*", escaped)


def sparkline(brief: Brief) -> str:
    """The trend as a text sparkline with its first and last values."""
    scored = [p for p in brief.trend if p.score is not None]
    if not scored:
        return "no trend: no usage yet"
    bars = "".join(_SPARK[min(7, int((p.score or 0.0) / 100 * 8))] for p in scored)
    first, last = scored[0], scored[-1]
    return (
        f"{bars}  {first.day.isoformat()} {first.score:.1f} → "
        f"{last.day.isoformat()} {last.score:.1f}"
    )


def _chunks(lines: list[str]) -> list[str]:
    chunks: list[str] = []
    current = ""
    for line in lines:
        item = f"• {mrkdwn(line)}"[:MAX_SECTION_CHARS]
        if current and len(current) + 1 + len(item) > MAX_SECTION_CHARS:
            chunks.append(current)
            current = item
        else:
            current = f"{current}\n{item}" if current else item
    if current:
        chunks.append(current)
    return chunks


def render_blocks(brief: Brief) -> list[Block]:
    """Header, one section per part (split when long), trend and evidence context."""
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "emoji": False,
                "text": brief.title[:MAX_HEADER_CHARS],
            },
        },
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": mrkdwn(
                        f"As of {brief.as_of.isoformat()} · "
                        f"Attendees: {'; '.join(brief.attendees)}"
                    )[:MAX_SECTION_CHARS],
                }
            ],
        },
    ]
    for section in brief.sections:
        lines = list(section.lines)
        if section.title == "Health and trend":
            lines.append(f"Trend chart: {sparkline(brief)}")
        for i, chunk in enumerate(_chunks(lines)):
            title = f"*{mrkdwn(section.title)}*\n" if i == 0 else ""
            blocks.append(
                {
                    "type": "section",
                    "text": {
                        "type": "mrkdwn",
                        "text": (title + chunk)[:MAX_SECTION_CHARS],
                    },
                }
            )
    evidence = "; ".join(
        f"[{e.id}] {e.name if e.kind == 'tool' else e.title}" for e in brief.evidence
    )
    tail: list[Block] = [
        {"type": "divider"},
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": mrkdwn(f"Evidence: {evidence}")[:MAX_SECTION_CHARS],
                }
            ],
        },
    ]
    room = MAX_BLOCKS - len(tail)
    if len(blocks) > room:
        blocks = blocks[: room - 1] + [
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": "Brief cut to fit Slack; `csm brief` has all of it.",
                    }
                ],
            }
        ]
    return blocks + tail


def render_slack(brief: Brief) -> str:
    """The blocks as JSON, ready for ``chat.postMessage(blocks=...)``."""
    return (
        json.dumps({"blocks": render_blocks(brief)}, indent=2, ensure_ascii=False)
        + "\n"
    )
