"""One account's facts for drafts and briefs, each recorded as evidence once.

Talking points, outreach, escalations and meeting briefs all start from a
:class:`Dossier`: the same facts, gathered through the asker's permission-checked
toolbox, so the three audiences differ only in which facts they use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from assistant.drafting.values import ValueSummary, summarize_values
from assistant.engine.toolbox import Toolbox
from assistant.permissions import require_view
from knowledge.queries.account_activity import (
    ContactRecord,
    FeatureInfo,
    NoteRecord,
    TicketRecord,
    contacts_of,
    feature_catalog,
    recent_notes,
    tickets_of,
    value_history,
)
from knowledge.queries.accounts import AccountRecord
from knowledge.queries.team import get_team_member
from tools.health_model import HealthModel
from tools.lift import FeatureLift, feature_lift
from tools.results import HealthReport
from tools.usage import UsageReport

USAGE_WINDOW_DAYS = 30
TICKET_LOOKBACK_DAYS = 90
VALUE_LOOKBACK_DAYS = 365
# A renewal-rate comparison over fewer terms than this is noise, not a reason.
MIN_LIFT_TERMS = 10


@dataclass
class Dossier:
    """Facts of one account and the evidence id behind each group of facts."""

    account: AccountRecord
    as_of: date
    profile_id: str
    csm_name: str | None
    health: HealthReport
    health_id: str
    usage: UsageReport
    usage_id: str
    contacts: list[ContactRecord]
    contacts_id: str
    tickets: list[TicketRecord]
    tickets_id: str
    values: list[ValueSummary]
    values_id: str
    unused: list[FeatureInfo]
    locked: list[FeatureInfo]
    catalog_id: str
    catalog: dict[str, FeatureInfo]
    lift: dict[str, FeatureLift] = field(default_factory=dict)
    lift_id: str | None = None
    notes: list[NoteRecord] = field(default_factory=list)
    notes_id: str | None = None

    @property
    def open_tickets(self) -> list[TicketRecord]:
        """Tickets open on the as-of day, worst severity first."""
        rows = [t for t in self.tickets if t.status != "closed"]
        return sorted(rows, key=lambda t: (t.severity, t.opened_at))

    @property
    def has_usage(self) -> bool:
        """False when the account has never recorded any usage."""
        return self.health.score is not None

    def age_days(self, ticket: TicketRecord) -> int:
        """Whole days a ticket has been open on the as-of day."""
        return max(0, (self.as_of - ticket.opened_at.date()).days)


def gather(
    tools: Toolbox,
    account: AccountRecord,
    model: HealthModel,
    *,
    with_notes: bool = False,
    lift: bool = True,
) -> Dossier:
    """Every fact a draft or brief may use, recorded in the toolbox's ledger.

    Raises:
        ForbiddenError: the asker may not see this account.
    """
    require_view(tools.principal, account.account_id, account.name)
    engine = tools.services.engine
    as_of = tools.as_of
    profile_id = tools.account_profile(account)
    csm = get_team_member(engine, account.csm_email) if account.csm_email else None
    health, health_id = tools.health(account)
    usage, usage_id = tools.usage(account, USAGE_WINDOW_DAYS)
    contacts = contacts_of(engine, [account.account_id]).get(account.account_id, [])
    contacts_id = _record_contacts(tools, account, contacts, csm)

    tickets = tickets_of(
        engine, account.account_id, as_of, as_of - timedelta(days=TICKET_LOOKBACK_DAYS)
    )
    tickets_id = _record_tickets(tools, account, tickets, as_of)
    history = value_history(
        engine, account.account_id, as_of, as_of - timedelta(days=VALUE_LOOKBACK_DAYS)
    )
    values = summarize_values(history)
    values_id = tools.ledger.record_tool(
        "value_metrics",
        {"account": account.account_id, "as_of": as_of.isoformat()},
        {
            "metrics": [v.as_data() for v in values],
            "arr": account.arr,
            "value_to_arr": {
                v.metric: round(v.total / account.arr, 4)
                for v in values
                if v.is_money and account.arr > 0
            },
        },
        f"value metrics of {account.name} for the periods ending in the last year",
        as_of=as_of,
        data={"metrics": [v.metric for v in values]},
    )

    catalog = {
        f.feature_key: f
        for f in tools.services.cached(("catalog",), lambda: feature_catalog(engine))
    }
    unused, locked = _unused_features(usage, catalog, model, account.plan)
    catalog_id = tools.ledger.record_tool(
        "feature_catalog",
        {"features": [f.feature_key for f in unused + locked]},
        {
            "unused_in_plan": [_feature_data(f) for f in unused],
            "above_plan": [_feature_data(f) for f in locked],
        },
        f"key features {account.name} has not used in the last 30 days",
        as_of=as_of,
        data={"unused": [f.feature_key for f in unused]},
    )
    dossier = Dossier(
        account=account,
        as_of=as_of,
        profile_id=profile_id,
        csm_name=csm.name if csm else None,
        health=health,
        health_id=health_id,
        usage=usage,
        usage_id=usage_id,
        contacts=contacts,
        contacts_id=contacts_id,
        tickets=tickets,
        tickets_id=tickets_id,
        values=values,
        values_id=values_id,
        unused=unused,
        locked=locked,
        catalog_id=catalog_id,
        catalog=catalog,
    )
    if lift and unused:
        _add_lift(tools, dossier)
    if with_notes:
        notes = recent_notes(engine, account.account_id, as_of, limit=3)
        dossier.notes = notes
        dossier.notes_id = tools.ledger.record_tool(
            "recent_notes",
            {"account": account.account_id, "as_of": as_of.isoformat()},
            [
                {
                    "title": n.title,
                    "date": n.note_date.isoformat(),
                    "kind": n.kind,
                    "author": n.author,
                    "body": n.body,
                }
                for n in notes
            ],
            f"{len(notes)} latest notes of {account.name}",
            as_of=as_of,
            data={
                "count": len(notes),
                "notes": [
                    {
                        "title": n.title,
                        "date": n.note_date.isoformat(),
                        "kind": n.kind,
                        "opening": first_sentence(n.body),
                    }
                    for n in notes
                ],
            },
        )
    return dossier


def first_sentence(body: str) -> str:
    """The first line of prose of a note (headings, lists and quotes skipped)."""
    for raw in body.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "-", "*", ">", "|")):
            continue
        # A greeting says nothing about the account: skip "Hi Maya," and the like.
        if line.endswith(",") and len(line) < 40:
            continue
        return line.split(". ")[0][:160].rstrip(".")
    return "(no prose line)"


def _feature_data(feature: FeatureInfo) -> dict[str, object]:
    return {
        "key": feature.feature_key,
        "name": feature.name,
        "description": feature.description,
    }


def _unused_features(
    usage: UsageReport,
    catalog: dict[str, FeatureInfo],
    model: HealthModel,
    plan: str | None,
) -> tuple[list[FeatureInfo], list[FeatureInfo]]:
    """Unused key features split into those in the plan and those above it."""
    above = features_above_plan(model, plan)
    unused = [catalog[k] for k in usage.key_features_unused if k in catalog]
    return [f for f in unused if f.feature_key not in above], [
        f for f in unused if f.feature_key in above
    ]


def features_above_plan(model: HealthModel, plan: str | None) -> set[str]:
    """Feature keys that belong to plans above ``plan`` (empty when unknown)."""
    ladder = [p.name.casefold() for p in model.expansion.plans]
    if plan is None or plan.casefold() not in ladder:
        return set()
    rank = ladder.index(plan.casefold())
    return {f for p in model.expansion.plans[rank + 1 :] for f in p.features}


def _record_contacts(
    tools: Toolbox,
    account: AccountRecord,
    contacts: list[ContactRecord],
    csm: object | None,
) -> str:
    rows = [
        {"name": c.name, "title": c.title, "persona": c.persona, "email": c.email}
        for c in contacts
    ]
    csm_name = getattr(csm, "name", None)
    return tools.ledger.record_tool(
        "account_contacts",
        {"account": account.account_id},
        {"contacts": rows, "csm_name": csm_name, "csm_email": account.csm_email},
        f"{len(rows)} contacts of {account.name} and its CSM",
        as_of=tools.as_of,
        data={"count": len(rows), "csm_name": csm_name},
    )


def _record_tickets(
    tools: Toolbox, account: AccountRecord, tickets: list[TicketRecord], as_of: date
) -> str:
    rows = [
        {
            "ticket_id": t.ticket_id,
            "subject": t.subject,
            "severity": t.severity,
            "status": t.status,
            "opened": t.opened_at.date().isoformat(),
            "closed": t.closed_at.date().isoformat() if t.closed_at else None,
            "product_area": t.product_area,
            "age_days": max(0, (as_of - t.opened_at.date()).days),
            "days_to_close": (t.closed_at.date() - t.opened_at.date()).days
            if t.closed_at
            else None,
        }
        for t in tickets
    ]
    closed = [r for r in rows if r["days_to_close"] is not None]
    data = {
        "open": sum(1 for t in tickets if t.status != "closed"),
        "closed_recently": len(closed),
        "median_days_to_close": median(int(str(r["days_to_close"])) for r in closed)
        if closed
        else None,
        "lookback_days": TICKET_LOOKBACK_DAYS,
    }
    return tools.ledger.record_tool(
        "account_tickets",
        {
            "account": account.account_id,
            "as_of": as_of.isoformat(),
            "lookback_days": TICKET_LOOKBACK_DAYS,
        },
        {"tickets": rows, **data},
        f"tickets of {account.name} open in the last {TICKET_LOOKBACK_DAYS} days",
        as_of=as_of,
        # The rows travel with the answer: subjects and ids are quoted in drafts.
        data={**data, "tickets": rows},
    )


def _add_lift(tools: Toolbox, dossier: Dossier) -> None:
    engine = tools.services.engine
    report = tools.services.cached(("feature_lift",), lambda: feature_lift(engine))
    wanted = {f.feature_key for f in dossier.unused}
    kept = {
        f.feature_key: f
        for f in report.features
        if f.feature_key in wanted
        and f.lift is not None
        and f.lift > 0
        and f.terms_with >= MIN_LIFT_TERMS
        and f.renewal_rate_with is not None
        and f.renewal_rate_without is not None
    }
    if not kept:
        return
    dossier.lift = kept
    rows = [
        {
            "key": f.feature_key,
            "terms_with": f.terms_with,
            "renewal_rate_with_pct": round(100 * (f.renewal_rate_with or 0), 1),
            "terms_without": f.terms_without,
            "renewal_rate_without_pct": round(100 * (f.renewal_rate_without or 0), 1),
        }
        for f in kept.values()
    ]
    dossier.lift_id = tools.ledger.record_tool(
        "feature_lift",
        {"features": sorted(kept)},
        {
            "features": [
                {
                    "key": f.feature_key,
                    "terms_with": f.terms_with,
                    "renewal_rate_with_pct": round(100 * (f.renewal_rate_with or 0), 1),
                    "terms_without": f.terms_without,
                    "renewal_rate_without_pct": round(
                        100 * (f.renewal_rate_without or 0), 1
                    ),
                }
                for f in kept.values()
            ]
        },
        "renewal rates of terms that used each feature vs those that did not",
        as_of=tools.as_of,
        data={"features": rows},
    )
