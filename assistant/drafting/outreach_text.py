"""Customer-facing outreach drafts: adoption, training, review, renewal, expansion.

Written from the vendor's side to a named contact of the right persona, in email,
Slack or in-app length. Customer-facing text never shows internal health scores or
risk flags; every figure it shows comes from the dossier's evidence. The assistant
never sends anything: the draft is for the CSM to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.answers import Audience, Channel
from assistant.drafting.dossier import Dossier
from assistant.drafting.recipients import Recipient
from assistant.engine.writer import Style, Writer
from tools.expansion import ExpansionReport

Purpose = Literal["adoption", "training", "review", "renewal", "expansion"]
PURPOSES: tuple[Purpose, ...] = (
    "adoption",
    "training",
    "review",
    "renewal",
    "expansion",
)
DEFAULT_AUDIENCE: dict[Purpose, Audience] = {
    "adoption": "end_user",
    "training": "end_user",
    "review": "department_head",
    "renewal": "department_head",
    "expansion": "department_head",
}
_PURPOSE_WORDS: list[tuple[Purpose, re.Pattern[str]]] = [
    ("training", re.compile(r"\btrain|workshop|webinar|office hours", re.I)),
    ("review", re.compile(r"\bqbr\b|business review|\breview\b|\bebr\b", re.I)),
    ("renewal", re.compile(r"\brenew", re.I)),
    (
        "expansion",
        re.compile(r"expan|upsell|up-sell|more seats|upgrade|cross-sell", re.I),
    ),
    ("adoption", re.compile(r"adopt|nudge|unused|not using|feature", re.I)),
]
SLACK_MAX_CHARS = 700
IN_APP_MAX_CHARS = 300


@dataclass(frozen=True)
class Sender:
    """Who signs the draft."""

    name: str
    title: str


def purpose_of(question: str, dossier: Dossier | None = None) -> Purpose:
    """The outreach purpose a request names; adoption when features sit unused."""
    for purpose, pattern in _PURPOSE_WORDS:
        if pattern.search(question):
            return purpose
    if dossier is not None and not dossier.unused:
        return "review"
    return "adoption"


def write_outreach(
    out: Writer,
    d: Dossier,
    recipient: Recipient,
    purpose: Purpose,
    channel: Channel,
    sender: Sender,
    expansion: tuple[ExpansionReport, str] | None = None,
) -> None:
    """The draft, headed by who it is for and followed by what to check."""
    facts = _facts(out, d, purpose, expansion)
    subject = _SUBJECTS[purpose].format(account=d.account.name)
    out.add(
        f"**Draft {channel.replace('_', '-')} to {recipient.label} at "
        f"{d.account.name}: {purpose}** (not sent; review before sending)"
    )
    if recipient.contact is None or "no contact titled" in recipient.reason:
        out.add(f"_Note: {recipient.reason}._")
    out.add("")
    hello = recipient.greeting(d.account.name)
    if channel == "email":
        out.add(f"Subject: {subject}")
        out.add("")
        out.add(f"{hello},")
        out.add("")
        out.add(_cap(_OPENINGS[purpose].format(account=d.account.name)))
        for sentence in facts[:3]:
            out.add(f"- {sentence}")
        out.add("")
        out.add(_ASKS[purpose])
        out.add("")
        out.add("Best regards,")
        out.add(f"{sender.name}, {sender.title}")
    elif channel == "slack":
        lines = [f"{hello}, {_OPENINGS[purpose].format(account=d.account.name)}"]
        lines += [f"• {s}" for s in facts[:2]]
        lines.append(_ASKS[purpose])
        out.add(_fit("\n".join(lines), SLACK_MAX_CHARS))
    else:
        out.add(f"In-app message — {subject}")
        body = (
            facts[0]
            if facts
            else _cap(_OPENINGS[purpose].format(account=d.account.name))
        )
        out.add(f"> {_fit(body, IN_APP_MAX_CHARS)}")
        out.add(f"> Button: {_BUTTONS[purpose]}")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fit(text: str, limit: int) -> str:
    # Cut at the last whole sentence that fits: a half sentence is worse than none.
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("\n"))
    return cut[: end + 1].rstrip() if end > 0 else cut.rsplit(" ", 1)[0] + "…"


def _facts(
    out: Writer,
    d: Dossier,
    purpose: Purpose,
    expansion: tuple[ExpansionReport, str] | None,
) -> list[str]:
    """Customer-facing sentences for the purpose, each figure cited in the writer."""
    window = out.fig(d.usage_id, "window days", d.usage.window.days, "int")
    facts: list[str] = []
    if purpose in ("adoption", "training"):
        top = sorted(d.usage.feature_depth, key=lambda f: (-f.events, f.feature_key))
        if top:
            uses = out.fig(d.usage_id, f"{top[0].name} uses", top[0].events, "int")
            facts.append(
                f"Your team used {top[0].name} {uses} times in the last {window} days."
            )
        for feature in d.unused[:2]:
            benefit = (feature.description or "").strip().rstrip(".")
            facts.append(
                f"{feature.name} is in your plan and not in use yet: "
                f"{_lower_first(benefit) if benefit else 'ask me for a demo'}."
            )
        if not d.unused:
            facts.append("Your team already uses every key feature in your plan.")
        return facts
    if purpose == "expansion" and expansion is not None:
        report, eid = expansion
        for signal in report.signals[:2]:
            facts.append(_signal_sentence(out, d, signal.signal, eid, signal.observed))
        if facts:
            return facts
    for value in [v for v in d.values if v.target is not None][:2]:
        style: Style = "money" if value.is_money else "float"
        shown = out.fig(d.values_id, value.label, value.latest, style)
        target = out.fig(
            d.values_id, f"{value.label} target", value.target or 0.0, style
        )
        facts.append(
            f"{value.label} reached {shown} against your target of {target} in the "
            f"period ending {value.period_end.isoformat()}."
        )
    users = next((m.value for m in d.usage.metrics if m.name == "active_users"), None)
    if users and d.account.seats:
        people = out.fig(d.usage_id, "active users", users, "int")
        seats = out.fig(d.profile_id, "seats", d.account.seats, "int")
        facts.append(
            f"{people} of your {seats} seats were active in the last {window} days."
        )
    if purpose == "renewal" and d.account.renewal_date is not None:
        facts.insert(
            0, f"Your subscription renews on {d.account.renewal_date.isoformat()}."
        )
    return facts


def _signal_sentence(
    out: Writer, d: Dossier, signal: str, evidence_id: str, observed: float | str
) -> str:
    if signal == "seats_nearly_full" and isinstance(observed, float | int):
        pct = out.fig(evidence_id, "seat utilization", float(observed), "pct")
        return (
            f"{pct} of your seats are in use, so new colleagues may soon wait for one."
        )
    if signal == "usage_growing_fast" and isinstance(observed, float | int):
        pct = out.fig(evidence_id, "login growth", float(observed), "pct")
        return f"Logins grew {pct} on the month before."
    if signal == "higher_plan_feature_in_demand":
        return "Your team is already reaching for features of a higher plan."
    return "Your team reached its value targets ahead of the renewal."


_SUBJECTS: dict[Purpose, str] = {
    "adoption": "Getting more from {account}'s plan",
    "training": "A hands-on session for your team",
    "review": "Invitation: business review for {account}",
    "renewal": "Preparing {account}'s renewal together",
    "expansion": "Room to grow at {account}",
}
_OPENINGS: dict[Purpose, str] = {
    "adoption": "a quick note on features your team already pays for:",
    "training": "I would like to offer your team a hands-on session:",
    "review": "I would like to invite you to a business review. What I would bring:",
    "renewal": "ahead of the renewal, here is where {account} stands:",
    "expansion": "what the usage data shows about growth at {account}:",
}
_ASKS: dict[Purpose, str] = {
    "adoption": "Shall I set up a short walkthrough for the people who would use them?",
    "training": "Which two times in the coming weeks suit your team?",
    "review": "Could you suggest two times in the coming weeks, and who should join?",
    "renewal": "Could we meet to agree what the next term should deliver?",
    "expansion": "Would a call to look at seats and plan options be useful?",
}
_BUTTONS: dict[Purpose, str] = {
    "adoption": "Show me how",
    "training": "Book a session",
    "review": "Pick a time",
    "renewal": "Talk to your CSM",
    "expansion": "Talk to your CSM",
}
