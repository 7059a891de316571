"""The brief as Markdown (for a file, a wiki page or ``csm ask``)."""

from __future__ import annotations

from assistant.briefs.model import Brief


def render_markdown(brief: Brief, *, heading_marks: bool = True) -> str:
    """Headings, bullet lines and the evidence each citation points at.

    Args:
        brief: The brief.
        heading_marks: ``#`` headings; False gives bold lines (for Slack-like text).
    """

    def head(level: int, text: str) -> str:
        return f"{'#' * level} {text}" if heading_marks else f"**{text}**"

    lines = [head(1, brief.title), ""]
    lines.append(
        f"As of {brief.as_of.isoformat()}. Attendees: {'; '.join(brief.attendees)}."
    )
    for section in brief.sections:
        lines += ["", head(2, section.title)]
        lines += [f"- {line}" for line in section.lines]
    lines += ["", head(2, "Evidence")]
    for item in brief.evidence:
        if item.kind == "tool":
            lines.append(f"- [{item.id}] {item.name}: {item.summary}")
        else:
            lines.append(f"- [{item.id}] {item.title} › {item.heading}")
    return "\n".join(lines).strip() + "\n"
