"""``/csm`` sub-commands parsed into a typed request, or a usage message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.answers import Audience

CommandName = Literal["help", "health", "brief", "draft", "risk", "renewals"]
DraftKind = Literal["outreach", "escalation"]

USAGE = """*`/csm` commands*
• `/csm health <account>`: health score, what changed and what would bring it to green
• `/csm brief <account> [for <department head|end users|technical team>]`: a meeting \
brief, sent to you as a file
• `/csm draft <outreach|escalation> <account> [: what it is about]`: a draft message
• `/csm risk [mine|<segment>]`: accounts ranked by revenue at risk
• `/csm renewals [days]`: your renewals inside that many days (default 30), with risk
• `/csm help`: this list
You can also mention me in a channel or send me a direct message."""

_AUDIENCES: dict[str, Audience] = {
    "department head": "department_head",
    "department heads": "department_head",
    "department_head": "department_head",
    "dept head": "department_head",
    "executive": "department_head",
    "exec": "department_head",
    "end users": "end_user",
    "end user": "end_user",
    "end_user": "end_user",
    "users": "end_user",
    "technical team": "technical",
    "technical": "technical",
    "tech": "technical",
    "it": "technical",
}
_FOR = re.compile(r"\s+for\s+(?:the\s+|their\s+)?(?P<aud>[a-z_ ]+?)\s*$", re.IGNORECASE)
_ABOUT = re.compile(r"\s*(?::|—|–|\s-\s)\s*")
MAX_RENEWAL_DAYS = 365


@dataclass(frozen=True)
class CsmCommand:
    """A parsed ``/csm`` request."""

    name: CommandName
    account: str | None = None
    audience: Audience | None = None
    kind: DraftKind | None = None
    about: str = ""
    segment: str | None = None
    days: int = 30


@dataclass(frozen=True)
class UsageError:
    """Input that is no command; ``message`` explains and shows the usage."""

    message: str


def _usage(reason: str) -> UsageError:
    return UsageError(f"{reason}\n\n{USAGE}")


def parse_command(text: str) -> CsmCommand | UsageError:
    """Read the text after ``/csm``."""
    words = text.strip().split(maxsplit=1)
    if not words or words[0].lower() == "help":
        return CsmCommand(name="help")
    verb, rest = words[0].lower(), (words[1].strip() if len(words) > 1 else "")
    if verb == "health":
        if not rest:
            return _usage("`/csm health` needs an account, e.g. `/csm health Acme`.")
        return CsmCommand(name="health", account=rest)
    if verb == "brief":
        return _parse_brief(rest)
    if verb == "draft":
        return _parse_draft(rest)
    if verb == "risk":
        if not rest or rest.lower() == "mine":
            return CsmCommand(name="risk")
        return CsmCommand(name="risk", segment=rest.lower().replace(" ", "_"))
    if verb == "renewals":
        return _parse_renewals(rest)
    return _usage(f"I don't know the command `{verb[:40]}`.")


def _parse_brief(rest: str) -> CsmCommand | UsageError:
    audience: Audience | None = None
    match = _FOR.search(rest)
    if match is not None:
        wanted = match.group("aud").strip().lower()
        if wanted not in _AUDIENCES:
            return _usage(
                f"I don't know the audience `{wanted[:40]}`; use department head, "
                "end users or technical team."
            )
        audience = _AUDIENCES[wanted]
        rest = rest[: match.start()].strip()
    if not rest:
        return _usage("`/csm brief` needs an account, e.g. `/csm brief Acme`.")
    return CsmCommand(name="brief", account=rest, audience=audience)


def _parse_draft(rest: str) -> CsmCommand | UsageError:
    parts = rest.split(maxsplit=1)
    kind = parts[0].lower() if parts else ""
    if kind not in ("outreach", "escalation"):
        return _usage("`/csm draft` takes `outreach` or `escalation` first.")
    target = parts[1].strip() if len(parts) > 1 else ""
    pieces = _ABOUT.split(target, maxsplit=1)
    account = pieces[0].strip()
    if not account:
        return _usage(f"`/csm draft {kind}` needs an account.")
    about = pieces[1].strip() if len(pieces) > 1 else ""
    draft_kind: DraftKind = "outreach" if kind == "outreach" else "escalation"
    return CsmCommand(name="draft", account=account, kind=draft_kind, about=about)


def _parse_renewals(rest: str) -> CsmCommand | UsageError:
    if not rest:
        return CsmCommand(name="renewals")
    token = rest.split()[0].lower().removesuffix("d").removesuffix("days")
    if not token.isdigit() or not 1 <= int(token) <= MAX_RENEWAL_DAYS:
        return _usage("`/csm renewals` takes a number of days from 1 to 365.")
    return CsmCommand(name="renewals", days=int(token))


def question_for(command: CsmCommand) -> str:
    """The question the engine answers for a command (its phrasing is routed)."""
    if command.name == "health":
        return f"How is {command.account} doing?"
    if command.name == "brief":
        return f"Meeting brief for {command.account}"
    if command.name == "draft":
        about = f" about {command.about}" if command.about else ""
        if command.kind == "escalation":
            return f"Draft an escalation for {command.account}{about}"
        return f"Draft outreach to {command.account}{about}"
    if command.name == "risk":
        if command.segment:
            return f"Which {command.segment} accounts are at risk?"
        return "What are my riskiest accounts?"
    if command.name == "renewals":
        return (
            f"Which of my accounts renew in the next {command.days} days "
            "and are at risk?"
        )
    return "help"
