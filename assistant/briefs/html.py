"""The brief as one self-contained HTML page: inline CSS and an inline SVG chart."""

from __future__ import annotations

import re
from html import escape

from assistant.briefs.chart import trend_svg
from assistant.briefs.model import Brief

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<!\w)_(.+?)_(?!\w)")
_CITE = re.compile(r"\[((?:T|P)\d+)\]")
_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:820px;
margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:1.6rem;
border-bottom:1px solid #ddd;padding-bottom:.2rem}
ul{padding-left:1.2rem}li{margin:.2rem 0}.muted{color:#666;font-size:.9rem}
a.cite{font-size:.75rem;color:#1f4e79;text-decoration:none;vertical-align:super}
.evidence li{font-size:.85rem;color:#444}
"""


def inline(text: str) -> str:
    """Escape, then turn the brief's few Markdown marks into HTML."""
    html = escape(text, quote=False)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _ITALIC.sub(r"<em>\1</em>", html)
    return _CITE.sub(r'<a class="cite" href="#ev-\1">[\1]</a>', html)


def render_html(brief: Brief) -> str:
    """A page that opens offline in any browser (no external resources)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(brief.title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(brief.title)}</h1>",
        f'<p class="muted">As of {brief.as_of.isoformat()}. Attendees: '
        f"{escape('; '.join(brief.attendees))}.</p>",
    ]
    for section in brief.sections:
        out.append(f"<h2>{escape(section.title)}</h2>")
        if section.title == "Health and trend":
            out.append(
                '<figure class="chart">'
                + trend_svg(brief.trend, brief.green_from, brief.yellow_from)
                + "</figure>"
            )
        out.append("<ul>")
        out += [f"<li>{inline(line)}</li>" for line in section.lines]
        out.append("</ul>")
    out.append('<h2>Evidence</h2><ul class="evidence">')
    for item in brief.evidence:
        if item.kind == "tool":
            what = f"{item.name}: {item.summary}"
        else:
            what = f"{item.title} › {item.heading}"
        out.append(f'<li id="ev-{item.id}">[{item.id}] {escape(what)}</li>')
    out.append("</ul></body></html>")
    return "\n".join(out) + "\n"
