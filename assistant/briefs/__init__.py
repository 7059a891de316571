"""Meeting-prep briefs for one account and its attendees: Markdown, HTML, Slack."""

import assistant.engine  # noqa: F401  # registers the intents first (see drafting)
from assistant.briefs.api import build_brief, render
from assistant.briefs.model import FORMATS, Brief, BriefDocument, BriefFormat

__all__ = ["FORMATS", "Brief", "BriefDocument", "BriefFormat", "build_brief", "render"]
