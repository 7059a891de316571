"""Talking points per audience from one dossier: the facts differ, not only the words.

- Department heads: value metrics against target, return on the subscription,
  reach of adoption, and the risks to their goals before the renewal.
- End users: their habits, the features they rely on, time saved, and the unused
  features that would help them, with an offer of training.
- Technical teams: open tickets, recent resolution times, integrations in use and
  available, reliability flags, and who supports them during adoption and after.

Every point lists the evidence ids it cites and the fact groups it uses, so tests
and the evaluation can check that the three audiences differ in substance.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from assistant.answers import Audience
from assistant.drafting.dossier import TICKET_LOOKBACK_DAYS, Dossier
from assistant.engine.writer import Writer

_INTEGRATION_PRODUCTS = frozenset({"Platform", "Security"})


@dataclass(frozen=True)
class Point:
    """One talking point: Markdown text, cited evidence and the facts it uses."""

    text: str
    evidence: tuple[str, ...]
    facts: tuple[str, ...]

    def cited(self) -> str:
        """The text followed by its citation markers."""
        marks = "".join(f"[{e}]" for e in self.evidence)
        return f"{self.text} {marks}" if marks else self.text


def points_for(audience: Audience, dossier: Dossier, out: Writer) -> list[Point]:
    """The points for one audience, most important first."""
    if audience == "technical":
        return technical_points(dossier, out)
    if audience == "end_user":
        return end_user_points(dossier, out)
    return department_head_points(dossier, out)


def department_head_points(d: Dossier, out: Writer) -> list[Point]:
    """Business value and outcomes, return on the subscription, risk to goals."""
    pts: list[Point] = []
    targeted = [v for v in d.values if v.target is not None]
    for value in targeted[:2]:
        shown = _value(out, d.values_id, value.label, value.latest, value.is_money)
        target = _value(
            out,
            d.values_id,
            f"{value.label} target",
            value.target or 0.0,
            value.is_money,
        )
        line = (
            f"Outcome: {value.label.lower()} was {shown} against a target of {target} "
            f"in the period ending {value.period_end.isoformat()}"
        )
        if value.attainment_pct is not None:
            pct = out.fig(
                d.values_id, f"{value.label} attainment", value.attainment_pct, "pct"
            )
            line += f", {pct} of target"
        pts.append(Point(line + ".", (d.values_id,), ("value_vs_target",)))
    if not targeted:
        pts.append(
            Point(
                "Outcome: no value metric with a target is on record; agree one "
                "business outcome and its target at this meeting.",
                (d.values_id,),
                ("value_missing",),
            )
        )
    money = next((v for v in d.values if v.is_money and v.periods > 0), None)
    if money is not None and d.account.arr > 0:
        total = out.fig(d.values_id, f"{money.label} total", money.total, "money")
        periods = out.fig(d.values_id, f"{money.label} periods", money.periods, "int")
        arr = out.fig(d.profile_id, "ARR", d.account.arr, "money")
        ratio = out.fig(
            d.values_id, "value to ARR", money.total / d.account.arr, "float"
        )
        pts.append(
            Point(
                f"Return: {money.label.lower()} over the last {periods} reported "
                f"periods total {total}, {ratio}× the annual subscription of {arr}.",
                (d.values_id, d.profile_id),
                ("roi",),
            )
        )
    seats = _metric(d, "seat_utilization_pct")
    if seats is not None and d.account.seats:
        pct = out.fig(d.usage_id, "seat utilization", seats, "pct")
        bought = out.fig(d.profile_id, "seats", d.account.seats, "int")
        pts.append(
            Point(
                f"Reach: {pct} of the {bought} purchased seats were active in the "
                f"last {_window(d, out)} days.",
                (d.usage_id, d.profile_id),
                ("seat_utilization",),
            )
        )
    retention = _retention_point(d, out)
    if retention is not None:
        pts.append(retention)
    pts.append(_risk_point(d, out))
    return pts


def _retention_point(d: Dossier, out: Writer) -> Point | None:
    """Renewal rates with and without an unused feature, from closed terms."""
    feature = next((f for f in d.unused if f.feature_key in d.lift), None)
    if feature is None or d.lift_id is None:
        return None
    lift = d.lift[feature.feature_key]
    with_pct = out.fig(
        d.lift_id,
        f"{feature.name} renewal rate with",
        round(100 * (lift.renewal_rate_with or 0.0), 1),
        "pct",
    )
    without = out.fig(
        d.lift_id,
        f"{feature.name} renewal rate without",
        round(100 * (lift.renewal_rate_without or 0.0), 1),
        "pct",
    )
    terms = out.fig(d.lift_id, f"{feature.name} terms with", lift.terms_with, "int")
    return Point(
        f"Retention: subscription terms in which the customer used {feature.name} "
        f"renewed {with_pct} of the time ({terms} terms), against {without} without "
        "it; it is not in use here yet.",
        (d.lift_id, d.catalog_id),
        ("feature_retention",),
    )


def _risk_point(d: Dossier, out: Writer) -> Point:
    if d.health.score is None:
        text = "Risk: no usage is recorded yet, so adoption cannot be shown to them."
        return Point(text, (d.health_id,), ("risk",))
    score = out.fig(d.health_id, "health score", d.health.score, "score")
    text = f"Risk to their goals: health is {score} ({d.health.band})"
    if d.health.flags:
        text += f"; {d.health.flags[0].description.lower()}"
    if d.account.renewal_date is not None:
        days = (d.account.renewal_date - d.as_of).days
        shown = out.fig(d.profile_id, "days to renewal", days, "days")
        text += (
            f", with the renewal on {d.account.renewal_date.isoformat()} "
            f"({shown} days away)"
        )
    return Point(text + ".", (d.health_id, d.profile_id), ("risk", "renewal"))


def end_user_points(d: Dossier, out: Writer) -> list[Point]:
    """Workflow and time saved, the features they rely on and those that would help."""
    pts: list[Point] = []
    per_user = _metric(d, "logins_per_active_user")
    users = _metric(d, "active_users")
    if per_user is not None and users:
        each = out.fig(d.usage_id, "logins per active user", per_user, "float")
        people = out.fig(d.usage_id, "active users", users, "int")
        pts.append(
            Point(
                f"Habit: {people} people used the product in the last "
                f"{_window(d, out)} days, logging in {each} times each on average.",
                (d.usage_id,),
                ("logins_per_user",),
            )
        )
    else:
        pts.append(
            Point(
                "Habit: no one has used the product yet; start with a first-week "
                "walkthrough for the daily users.",
                (d.usage_id,),
                ("no_usage",),
            )
        )
    top = sorted(d.usage.feature_depth, key=lambda f: (-f.events, f.feature_key))[:2]
    if top:
        parts = [
            f"{f.name} ({out.fig(d.usage_id, f.name + ' uses', f.events, 'int')} uses "
            f"on {out.fig(d.usage_id, f.name + ' days', f.active_days, 'int')} days)"
            for f in top
        ]
        pts.append(
            Point(
                "What they rely on: " + " and ".join(parts) + ".",
                (d.usage_id,),
                ("feature_depth",),
            )
        )
    saved = next((v for v in d.values if v.metric == "hours_saved"), None)
    if saved is not None:
        hours = out.fig(d.values_id, "hours saved", saved.latest, "float")
        pts.append(
            Point(
                f"Time saved: {hours} hours in the period ending "
                f"{saved.period_end.isoformat()}.",
                (d.values_id,),
                ("time_saved",),
            )
        )
    if d.unused:
        named = [f"{f.name} ({_benefit(f.description)})" for f in d.unused[:3]]
        pts.append(
            Point(
                "Would help them, not used yet: " + "; ".join(named) + ".",
                (d.catalog_id,),
                ("unused_features",),
            )
        )
    first = d.unused[0].name if d.unused else "the features they use most"
    pts.append(
        Point(
            f"Offer: a short hands-on session on {first} for the daily users, "
            "with office hours afterwards.",
            (),
            ("training_offer",),
        )
    )
    return pts


def technical_points(d: Dossier, out: Writer) -> list[Point]:
    """Open tickets, resolution, integrations, reliability and ongoing support."""
    pts: list[Point] = []
    open_now = d.open_tickets
    if open_now:
        parts = [
            f"{t.ticket_id} {t.severity} “{t.subject}”, open "
            + _days(out.fig(d.tickets_id, f"{t.ticket_id} age", d.age_days(t), "days"))
            for t in open_now[:3]
        ]
        pts.append(
            Point(
                "Open tickets: " + "; ".join(parts) + ".",
                (d.tickets_id,),
                ("open_tickets",),
            )
        )
    else:
        pts.append(
            Point("Open tickets: none on record.", (d.tickets_id,), ("open_tickets",))
        )
    closed = [t for t in d.tickets if t.closed_at is not None]
    if closed:
        days = median(
            (t.closed_at.date() - t.opened_at.date()).days
            for t in closed
            if t.closed_at is not None
        )
        count = out.fig(d.tickets_id, "tickets closed recently", len(closed), "int")
        mid = out.fig(d.tickets_id, "median days to close", days, "float")
        lookback = out.fig(d.tickets_id, "lookback days", TICKET_LOOKBACK_DAYS, "int")
        pts.append(
            Point(
                f"Resolution: {count} tickets closed in the last {lookback} days, "
                f"a median of {mid} days from open to close.",
                (d.tickets_id,),
                ("ticket_resolution",),
            )
        )
    in_use = [
        f
        for f in d.usage.feature_depth
        if (
            d.catalog.get(f.feature_key)
            and d.catalog[f.feature_key].product in _INTEGRATION_PRODUCTS
        )
    ]
    available = [f for f in d.unused if f.product in _INTEGRATION_PRODUCTS]
    text = "Integrations and security features in use: " + (
        ", ".join(f.name for f in in_use)
        if in_use
        else f"none in the last {_window(d, out)} days"
    )
    if available:
        text += "; available and not set up: " + ", ".join(f.name for f in available)
    pts.append(Point(text + ".", (d.usage_id, d.catalog_id), ("integrations",)))
    sev1 = d.health.flags and [f for f in d.health.flags if "sev1" in f.rule]
    if sev1:
        pts.append(
            Point(
                f"Reliability: {sev1[0].description.lower()}; agree a fix plan and "
                "an update cadence.",
                (d.health_id,),
                ("reliability",),
            )
        )
    if d.csm_name:
        support = (
            f"Support: {d.csm_name} is the named CSM during adoption and after; "
            "tickets go through the support desk and sev1s follow the escalation path."
        )
    else:
        support = (
            "Support: no named CSM is on record for this account; confirm who owns "
            "adoption before the meeting. Tickets go through the support desk."
        )
    pts.append(Point(support, (d.contacts_id,), ("support_plan",)))
    return pts


def _days(shown: str) -> str:
    return f"{shown} day" if shown == "1" else f"{shown} days"


def _window(d: Dossier, out: Writer) -> str:
    return out.fig(d.usage_id, "window days", d.usage.window.days, "int")


def _metric(d: Dossier, name: str) -> float | None:
    for m in d.usage.metrics:
        if m.name == name:
            return m.value
    return None


def _value(out: Writer, evidence_id: str, label: str, value: float, money: bool) -> str:
    return out.fig(evidence_id, label, value, "money" if money else "float")


def _benefit(description: str | None) -> str:
    if not description:
        return "see the product guide"
    text = description.strip().rstrip(".")
    return text[0].lower() + text[1:] if text else text
