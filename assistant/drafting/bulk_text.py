"""The text of one tech-touch adoption nudge, with its evidence in its own ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from assistant.answers import Channel
from assistant.drafting.recipients import Recipient
from assistant.engine.evidence import Ledger
from assistant.engine.writer import Style, Writer
from knowledge.queries.account_activity import FeatureInfo
from knowledge.queries.accounts import AccountRecord
from tools.portfolio import Tier
from tools.results import HealthReport

MAX_FEATURES = 3
_STYLES: dict[str, Style] = {"%": "pct", "logins/user": "float"}


class ThresholdGap(BaseModel):
    """An adoption indicator below the value at which it would score green."""

    indicator: str
    label: str
    unit: str
    value: float
    threshold: float


@dataclass(frozen=True)
class NudgeFacts:
    """What one nudge is written from."""

    account: AccountRecord
    coverage: Tier
    report: HealthReport
    gaps: list[ThresholdGap]
    unused: list[FeatureInfo]
    used_count: int
    key_in_plan: int
    recipient: Recipient
    sender: str
    channel: Channel
    as_of: date
    window_days: int


def write_nudge(facts: NudgeFacts, ledger: Ledger, out: Writer) -> tuple[str, str]:
    """(subject, body) of the nudge; every figure is cited in ``out``."""
    a = facts.account
    eid = ledger.record_tool(
        "adoption_thresholds",
        {"account": a.account_id, "as_of": facts.as_of.isoformat()},
        {
            "gaps": [g.model_dump() for g in facts.gaps],
            "key_features_used": facts.used_count,
            "key_features_in_plan": facts.key_in_plan,
            "window_days": facts.window_days,
            "seats": a.seats,
            "features_named": min(len(facts.unused), MAX_FEATURES),
        },
        f"adoption indicators of {a.name} against their green thresholds",
        as_of=facts.as_of,
        data={"gaps": [g.indicator for g in facts.gaps]},
    )
    fid = ledger.record_tool(
        "feature_catalog",
        {"features": [f.feature_key for f in facts.unused[:MAX_FEATURES]]},
        [{"name": f.name, "description": f.description} for f in facts.unused],
        f"key features in {a.name}'s plan not used in the window",
        as_of=facts.as_of,
    )
    del fid
    window = out.fig(eid, "window days", facts.window_days, "int")
    used = out.fig(eid, "key features used", facts.used_count, "int")
    in_plan = out.fig(eid, "key features in plan", facts.key_in_plan, "int")
    hello = facts.recipient.greeting(a.name)
    features = facts.unused[:MAX_FEATURES]
    subject = (
        f"{len(features)} features in your plan your team has not tried"
        if features
        else "Getting more from your plan"
    )
    if features:
        subject = subject.replace(
            str(len(features)), out.fig(eid, "features named", len(features), "int"), 1
        )
    lines = [
        f"Your team used {used} of the {in_plan} key features in your plan in the "
        f"last {window} days."
    ]
    for gap in facts.gaps:
        if gap.indicator == "seat_utilization_pct" and a.seats:
            pct = out.fig(eid, gap.label, gap.value, "pct")
            seats = out.fig(eid, "seats", a.seats, "int")
            lines.append(
                f"{pct} of your {seats} seats were active in that time; the other "
                "seats are paid for and ready for colleagues to use."
            )
    if facts.channel == "in_app":
        first = features[0] if features else None
        body = lines[0]
        if first is not None:
            body += f" Try {first.name}: {_lower(first.description)}."
        return subject, body
    for f in features:
        lines.append(f"- {f.name}: {_lower(f.description)}.")
    lines.append(
        "Reply and we will set up a short walkthrough for the people who would "
        "use them."
    )
    sign = facts.sender or "The Customer Success team"
    if facts.channel == "slack":
        return subject, f"{hello}! " + "\n".join(lines)
    body = "\n".join([f"{hello},", "", *lines, "", "Best regards,", sign])
    return subject, body


def _lower(text: str | None) -> str:
    if not text:
        return "ask us for a short demo"
    clean = text.strip().rstrip(".")
    return clean[:1].lower() + clean[1:]


def gap_text(out: Writer, evidence_id: str, gap: ThresholdGap) -> str:
    """'Seat utilization 8.5% (green from 58.3%)'."""
    style = _STYLES.get(gap.unit, "float")
    now = out.fig(evidence_id, gap.label, gap.value, style)
    target = out.fig(evidence_id, f"{gap.label} threshold", gap.threshold, style)
    return f"{gap.label} {now} (green from {target})"
