"""Bulk adoption nudges for the tech-touch tier: drafted for review, never sent.

``bulk_outreach`` scores every visible account of the tier in one set-based pass,
keeps those under an adoption threshold, and drafts for each a nudge naming the
key features of its plan it has not used and what they do. A threshold is the
value at which the indicator would score green in the health model, so CS ops
tune nudges and health in one place. Each draft carries its own evidence and
passes the engine's faithfulness check on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, Field

from assistant.answers import LOCAL_OPERATOR, Channel, Figure, ToolEvidence
from assistant.container import Services
from assistant.drafting.bulk_text import NudgeFacts, ThresholdGap, write_nudge
from assistant.drafting.dossier import USAGE_WINDOW_DAYS, features_above_plan
from assistant.drafting.recipients import choose
from assistant.engine.evidence import Ledger
from assistant.engine.faithfulness import check_text
from assistant.engine.writer import Writer
from assistant.permissions import can_view, resolve_principal
from knowledge.errors import InvalidInputError
from knowledge.queries.account_activity import (
    contacts_of,
    feature_catalog,
    features_used_by,
)
from knowledge.queries.accounts import AccountRecord, list_accounts
from knowledge.queries.team import get_team_member
from tools.curves import value_for
from tools.health import score_accounts, windows
from tools.health_model import HealthModel
from tools.portfolio import Tier, coverage_tier
from tools.results import HealthReport

logger = logging.getLogger(__name__)

ADOPTION_INDICATORS = (
    "key_feature_breadth_pct",
    "seat_utilization_pct",
    "logins_per_active_user",
)
TIERS: tuple[Tier, ...] = ("high_touch", "low_touch", "tech_touch")


class OutreachDraft(BaseModel):
    """One account's nudge with who it is for and what backs it."""

    account_id: str
    account_name: str
    segment: str
    coverage: Tier
    csm_email: str | None
    to_name: str | None
    to_email: str | None
    to_title: str | None
    addressed_to_role: bool
    channel: Channel
    subject: str
    body: str
    unused_features: list[str]
    gaps: list[ThresholdGap]
    evidence: list[ToolEvidence]
    figures: list[Figure]
    faithful: bool


class OutreachBatch(BaseModel):
    """Every nudge of one run, and how many accounts were left out and why."""

    as_of: date
    scope: str
    considered: int
    drafts: list[OutreachDraft]
    skipped: dict[str, int] = Field(default_factory=dict)
    sent: int = Field(default=0, description="Always 0: the assistant never sends.")


def bulk_outreach(
    services: Services,
    asker: str = LOCAL_OPERATOR,
    *,
    segment: str | None = None,
    csm: str | None = None,
    channel: Channel = "email",
    tiers: Sequence[Tier] = ("tech_touch",),
    as_of: date | None = None,
) -> OutreachBatch:
    """Adoption nudges for the tier's accounts under their adoption thresholds.

    Raises:
        ForbiddenError: the asker is no team member.
        InvalidInputError: unknown tier or channel.
    """
    for tier in tiers:
        if tier not in TIERS:
            raise InvalidInputError(
                f"unknown tier '{tier}'; use one of {', '.join(TIERS)}"
            )
    if channel not in ("email", "slack", "in_app"):
        raise InvalidInputError(f"unknown channel '{channel}'")
    principal = resolve_principal(services.engine, asker)
    day = as_of or services.today()
    settings = services.settings
    accounts = [
        a
        for a in list_accounts(services.engine, csm_email=csm, segment=segment)
        if can_view(principal, a.account_id)
        and coverage_tier(a, settings.high_touch_min_arr, settings.tech_touch_max_arr)
        in tiers
    ]
    model = services.health_model
    reports = score_accounts(services.engine, model, accounts, day, explain=False)
    current, _ = windows(day, USAGE_WINDOW_DAYS)
    ids = [a.account_id for a in accounts]
    used = features_used_by(services.engine, ids, current.start, day)
    contacts = contacts_of(services.engine, ids)
    catalog = {f.feature_key: f for f in feature_catalog(services.engine)}
    key_features = sorted(k for k, f in catalog.items() if f.is_key)
    names = [n for _, n in services.account_names()]
    senders: dict[str | None, str] = {}

    drafts: list[OutreachDraft] = []
    skipped: dict[str, int] = {}
    for account, report in zip(accounts, reports, strict=True):
        gaps = adoption_gaps(model, report)
        reason = _skip_reason(report, gaps)
        if reason:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        above = features_above_plan(model, account.plan)
        unused = [
            catalog[k]
            for k in key_features
            if k not in used.get(account.account_id, set()) and k not in above
        ]
        if not unused and all(g.indicator == "key_feature_breadth_pct" for g in gaps):
            # Breadth counts the whole catalog: with every key feature of its plan in
            # use, the account can only widen it by upgrading (an expansion talk).
            key = "every key feature of its plan already in use"
            skipped[key] = skipped.get(key, 0) + 1
            continue
        if account.csm_email not in senders:
            member = get_team_member(services.engine, account.csm_email or "")
            senders[account.csm_email] = member.name if member else ""
        facts = NudgeFacts(
            account=account,
            coverage=account_tier(services, account),
            report=report,
            gaps=gaps,
            unused=unused,
            used_count=len(used.get(account.account_id, set()) & set(key_features)),
            key_in_plan=len([k for k in key_features if k not in above]),
            recipient=choose(
                contacts.get(account.account_id, []),
                "end_user",
                account_name=account.name,
            ),
            sender=senders[account.csm_email],
            channel=channel,
            as_of=day,
            window_days=USAGE_WINDOW_DAYS,
        )
        drafts.append(_draft(facts, names))
    scope = ", ".join(f"{k}={v}" for k, v in (("segment", segment), ("csm", csm)) if v)
    logger.info("bulk outreach drafted=%d considered=%d", len(drafts), len(accounts))
    return OutreachBatch(
        as_of=day,
        scope=f"{'+'.join(tiers)} accounts" + (f", {scope}" if scope else ""),
        considered=len(accounts),
        drafts=drafts,
        skipped=skipped,
    )


def adoption_gaps(model: HealthModel, report: HealthReport) -> list[ThresholdGap]:
    """Adoption indicators scoring below the green band, with the green value."""
    cohort = model.cohort(report.cohort)
    needed = model.bands.green
    gaps: list[ThresholdGap] = []
    for row in report.indicators:
        if row.name not in ADOPTION_INDICATORS or row.value is None:
            continue
        if row.sub_score is None or row.sub_score >= needed:
            continue
        target = value_for(model.scoring(cohort, row.name), row.value, needed, False)
        if target is None:
            continue
        gaps.append(
            ThresholdGap(
                indicator=row.name,
                label=row.label,
                unit=row.unit,
                value=round(row.value, 4),
                threshold=round(target.value, 1),
            )
        )
    return gaps


def _skip_reason(report: HealthReport, gaps: list[ThresholdGap]) -> str | None:
    if report.score is None:
        return "no usage recorded"
    if not gaps:
        return "at or above every adoption threshold"
    return None


def _draft(facts: NudgeFacts, names: list[str]) -> OutreachDraft:
    ledger = Ledger()
    out = Writer(ledger)
    subject, body = write_nudge(facts, ledger, out)
    violations = check_text(
        f"{subject}\n{body}",
        ledger,
        known_accounts=names,
        allowed_accounts=[facts.account.name],
    )
    if violations:
        logger.error(
            "nudge unfaithful account=%s violations=%s",
            facts.account.account_id,
            "; ".join(str(v) for v in violations),
        )
    contact = facts.recipient.contact
    return OutreachDraft(
        account_id=facts.account.account_id,
        account_name=facts.account.name,
        segment=facts.account.segment,
        coverage=facts.coverage,
        csm_email=facts.account.csm_email,
        to_name=contact.name if contact else None,
        to_email=contact.email if contact else None,
        to_title=contact.title if contact else None,
        addressed_to_role=contact is None,
        channel=facts.channel,
        subject=subject,
        body=body,
        unused_features=[f.name for f in facts.unused],
        gaps=facts.gaps,
        evidence=ledger.tools,
        figures=out.figures,
        faithful=not violations,
    )


def account_tier(services: Services, account: AccountRecord) -> Tier:
    """The coverage tier of one account under the service's settings."""
    s = services.settings
    return coverage_tier(account, s.high_touch_min_arr, s.tech_touch_max_arr)
