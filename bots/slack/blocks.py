"""Block Kit for an answer: text, figures, numbered sources and the buttons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from assistant.answers import Answer, PassageEvidence, ToolEvidence
from bots.slack.limits import (
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_CONTEXT_ELEMENTS,
    MAX_FIELD_TEXT,
    MAX_FIELDS,
    MAX_HEADER_TEXT,
    MAX_MESSAGE_TEXT,
    MAX_SECTION_TEXT,
    Block,
    clip,
)
from bots.slack.markdown import escape, split_text, to_mrkdwn

AUDIENCE_ACTION_PREFIX = "csm_audience_"
DRAFT_OUTREACH = "csm_draft_outreach"
DRAFT_ESCALATION = "csm_draft_escalation"
HELPFUL = "csm_helpful"
NOT_HELPFUL = "csm_not_helpful"
AUDIENCE_BUTTONS = (
    ("department_head", "For department head"),
    ("end_user", "For end users"),
    ("technical", "For technical team"),
)
# Sections of text in the first message; the rest goes to the thread.
MAIN_SECTIONS = 3
# Above this many characters the answer is uploaded as a file instead.
FILE_THRESHOLD = 24_000
PIECE = MAX_SECTION_TEXT - 100


@dataclass(frozen=True)
class RenderedAnswer:
    """A message ready for ``chat.postMessage``.

    Attributes:
        text: Notification text (shown where blocks cannot be).
        blocks: The first message's blocks, inside Slack's limits.
        continuation: mrkdwn pieces to post as thread replies after it.
        file_text: The full Markdown when the answer is too long for messages.
    """

    text: str
    blocks: list[Block]
    continuation: list[str] = field(default_factory=list)
    file_text: str | None = None


def age_phrase(day: date | None, today: date, verb: str = "updated") -> str:
    """ "updated 3 days ago", "updated today", or "date unknown"."""
    if day is None:
        return "date unknown"
    days = (today - day).days
    if days <= 0:
        return f"{verb} today"
    return f"{verb} {days} day{'s' if days != 1 else ''} ago"


def source_lines(answer: Answer, today: date) -> list[str]:
    """One numbered mrkdwn line per evidence item, in the answer's order."""
    lines: list[str] = []
    for number, item in enumerate(answer.evidence, start=1):
        if isinstance(item, PassageEvidence):
            where = escape(item.title)
            if item.heading and item.heading != item.title:
                where += f" › {escape(item.heading)}"
            lines.append(f"{number}. {where} — {age_phrase(item.date, today)}")
        elif isinstance(item, ToolEvidence):
            summary = clip(escape(item.summary), 200)
            lines.append(
                f"{number}. `{item.name}`: {summary} — "
                f"{age_phrase(item.as_of, today, 'data as of')}"
            )
    return lines


def _sources_block(lines: list[str]) -> Block | None:
    if not lines:
        return None
    shown = lines[: MAX_CONTEXT_ELEMENTS - 1]
    elements = [
        {"type": "mrkdwn", "text": clip(line, MAX_SECTION_TEXT)} for line in shown
    ]
    if len(lines) > len(shown):
        elements.append(
            {"type": "mrkdwn", "text": f"and {len(lines) - len(shown)} more sources"}
        )
    return {"type": "context", "elements": elements}


def _figure_blocks(answer: Answer) -> list[Block]:
    fields = [
        {
            "type": "mrkdwn",
            "text": clip(f"*{escape(f.label)}*\n{escape(f.text)}", MAX_FIELD_TEXT),
        }
        for f in answer.figures
    ]
    # One section of ten fields: the headline figures. Every figure also stands
    # in the text, so the rest are not lost, only not repeated.
    return [{"type": "section", "fields": fields[:MAX_FIELDS]}] if fields else []


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(text, MAX_BUTTON_TEXT)},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def action_blocks(reply_id: str, with_account: bool) -> list[Block]:
    """Re-tailor and draft buttons (when the answer is about an account), votes."""
    blocks: list[Block] = []
    if with_account:
        tailor = [
            _button(label, AUDIENCE_ACTION_PREFIX + audience, reply_id)
            for audience, label in AUDIENCE_BUTTONS
        ]
        drafts = [
            _button("Draft outreach", DRAFT_OUTREACH, reply_id),
            _button("Draft escalation", DRAFT_ESCALATION, reply_id),
        ]
        blocks.append({"type": "actions", "block_id": "tailor", "elements": tailor})
        blocks.append({"type": "actions", "block_id": "draft", "elements": drafts})
    votes = [
        _button("Helpful", HELPFUL, reply_id, "primary"),
        _button("Not helpful", NOT_HELPFUL, reply_id),
    ]
    blocks.append({"type": "actions", "block_id": "feedback", "elements": votes})
    return blocks


def _body(answer: Answer) -> str:
    clarification = answer.clarification
    if (
        answer.status == "needs_clarification"
        and clarification
        and clarification not in answer.text
    ):
        return f"{clarification}\n\n{answer.text}".strip()
    return answer.text


def render_answer(
    answer: Answer, reply_id: str, today: date, *, notes: list[str] | None = None
) -> RenderedAnswer:
    """Blocks for an answer, within Slack's limits.

    Args:
        answer: The engine's answer.
        reply_id: Id the buttons carry, to find the answer again.
        today: For "updated N days ago".
        notes: Extra lines for the asker (e.g. "files are not read").
    """
    body = _body(answer).strip() or "_(no answer text)_"
    file_text = body if len(body) > FILE_THRESHOLD else None
    pieces = split_text(to_mrkdwn(body), PIECE)
    if file_text is not None:
        pieces = [pieces[0], "_The full answer is attached as a file._"]
    main, continuation = pieces[:MAIN_SECTIONS], pieces[MAIN_SECTIONS:]

    blocks: list[Block] = []
    if answer.accounts:
        names = ", ".join(a.name for a in answer.accounts)
        blocks.append(
            {
                "type": "header",
                "text": {"type": "plain_text", "text": clip(names, MAX_HEADER_TEXT)},
            }
        )
    blocks.extend(
        {"type": "section", "text": {"type": "mrkdwn", "text": p}} for p in main
    )
    if continuation:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": "_Continued in the thread._"}],
            }
        )
    blocks.extend(_figure_blocks(answer))
    sources = _sources_block(source_lines(answer, today))
    if sources is not None:
        blocks.append(sources)
    extra = [escape(n) for n in (notes or [])]
    if answer.follow_ups:
        extra.append("Try: " + " · ".join(escape(f) for f in answer.follow_ups[:3]))
    if extra:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": clip(line, MAX_SECTION_TEXT)}
                    for line in extra[:MAX_CONTEXT_ELEMENTS]
                ],
            }
        )
    blocks.extend(action_blocks(reply_id, with_account=bool(answer.accounts)))
    return RenderedAnswer(
        text=clip(answer.text.strip() or "Answer", MAX_MESSAGE_TEXT),
        blocks=blocks,
        continuation=continuation,
        file_text=file_text,
    )


def text_blocks(text: str) -> list[Block]:
    """Plain mrkdwn in as many sections as it needs (for short notices)."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        for piece in split_text(text, PIECE)[:MAX_BLOCKS]
    ]
