"""Meeting-prep briefs for one account and its attendees: Markdown, HTML, Slack."""

from assistant.briefs.api import build_brief, render
from assistant.briefs.model import FORMATS, Brief, BriefDocument, BriefFormat

__all__ = ["FORMATS", "Brief", "BriefDocument", "BriefFormat", "build_brief", "render"]
