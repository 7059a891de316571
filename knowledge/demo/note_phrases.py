"""Sentences about usage, value, tickets and renewal, in many phrasings."""

from __future__ import annotations

import random

from knowledge.demo.note_facts import NoteFacts
from knowledge.demo.values import ValueRow


def first_name(full: str) -> str:
    """Given name of a person."""
    return full.split(" ", 1)[0]


def listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _figure(row: ValueRow) -> str:
    period = f"{row.period_start:%b %Y}" + (
        ""
        if row.period_start.month == row.period_end.month
        else f"–{row.period_end:%b %Y}"
    )
    if row.metric == "cost_savings":
        return (
            f"${row.value:,.0f} in savings for {period} "
            f"against a ${row.target:,.0f} target"
        )
    if row.metric == "hours_saved":
        return f"{row.value:,.0f} hours saved in {period} (target {row.target:,.0f})"
    if row.metric == "qualified_leads":
        return (
            f"{row.value:,.0f} qualified leads in {period} "
            f"versus {row.target:,.0f} planned"
        )
    return (
        f"average time to fill of {row.value:,.0f} hours in {period}, "
        f"goal is {row.target:,.0f}"
    )


def _on_target(row: ValueRow) -> bool:
    ratio = row.value / row.target if row.target else 1.0
    return ratio >= 1.0 if row.higher_is_better else ratio <= 1.0


def value_sentence(row: ValueRow | None, rng: random.Random) -> str:
    """How the customer's headline outcome compares with its target (our voice)."""
    if row is None:
        return rng.choice(
            (
                "We have not agreed a baseline for value yet; that needs to happen "
                "this quarter.",
                "No outcome numbers yet, so we cannot show value in their terms. Need "
                "a baseline.",
                "Value tracking is not set up. Asked them which number their "
                "leadership watches.",
            )
        )
    figure = _figure(row)
    if _on_target(row):
        return rng.choice(
            (
                f"Value is landing: {figure}.",
                f"They are ahead of plan with {figure}.",
                f"Good news on outcomes: {figure}. Worth repeating to the sponsor.",
                f"Outcome on track, {figure}.",
            )
        )
    return rng.choice(
        (
            f"Outcomes are behind: {figure}.",
            f"We are short of the goal they set: {figure}.",
            f"Value gap to close: {figure}. The renewal conversation will hinge on "
            "this.",
            f"Below target, {figure}; need to understand why before the next review.",
            f"Still under goal ({figure}).",
        )
    )


def value_for_customer(row: ValueRow | None, rng: random.Random) -> str:
    """The same comparison, written to the customer."""
    if row is None:
        return rng.choice(
            (
                "Could we agree a baseline for the outcome you care most about? It "
                "would let us show progress in your numbers.",
                "I would like to set up a simple outcome report for your leadership; "
                "which figure do they watch most closely?",
            )
        )
    figure = _figure(row)
    if _on_target(row):
        return rng.choice(
            (
                f"Your latest numbers look strong: {figure}.",
                f"Nice progress on your goal: {figure}.",
            )
        )
    return rng.choice(
        (
            f"For transparency, you are a little behind the goal you set: {figure}. "
            "I have a couple of ideas to close the gap.",
            f"The latest figure is {figure}. Let's look together at what would move "
            "it.",
        )
    )


def usage_sentence(f: NoteFacts, rng: random.Random) -> str:
    """Direction of logins over the last month."""
    if f.logins_recent + f.logins_prior == 0:
        return rng.choice(
            (
                "Nobody has logged in yet; the workspace is set up but idle.",
                "No logins so far. Activation has not started.",
            )
        )
    change = round((f.trend - 1.0) * 100)
    if change <= -20:
        return rng.choice(
            (
                f"Logins fell about {-change}% over the last 30 days compared with "
                "the month before.",
                f"Usage is sliding: roughly {-change}% fewer logins month over month.",
                f"Activity dropped ~{-change}% in the past month, and it is not just "
                "the holidays.",
            )
        )
    if change >= 15:
        return rng.choice(
            (
                f"Logins are up about {change}% on the previous month.",
                f"Usage climbing nicely, around +{change}% logins month over month.",
                f"Activity grew roughly {change}% in the last 30 days.",
            )
        )
    return rng.choice(
        (
            "Logins are steady month over month.",
            "Usage is flat: no drop, no real growth either.",
            "Activity is holding at about the same level as last month.",
        )
    )


def features_sentence(f: NoteFacts, rng: random.Random) -> str:
    """What the team uses and what it has paid for but not picked up."""
    used = rng.sample(f.in_use, min(3, len(f.in_use)))
    missing = f.unused[:3]
    parts = []
    if used:
        parts.append(
            rng.choice(
                (
                    f"The team leans on {listing(used)} day to day.",
                    f"Most of the activity is in {listing(used)}.",
                    f"{listing(used)} {'are' if len(used) > 1 else 'is'} well "
                    "embedded now.",
                )
            )
        )
    if missing:
        parts.append(
            rng.choice(
                (
                    f"Still nobody using {listing(missing)}, which their plan "
                    "includes.",
                    f"{listing(missing)} "
                    f"{'remain' if len(missing) > 1 else 'remains'} untouched even "
                    f"though they pay for {'them' if len(missing) > 1 else 'it'}.",
                    f"Gap: {listing(missing)} not adopted yet.",
                )
            )
        )
    return " ".join(parts) or "Feature usage is thin across the board."


def tickets_sentence(f: NoteFacts, rng: random.Random) -> str | None:
    """The worst open ticket, if any."""
    if not f.open_tickets:
        return None
    worst = min(f.open_tickets, key=lambda t: t.severity)
    others = len(f.open_tickets) - 1
    tail = (
        f" (plus {others} other open ticket{'s' if others != 1 else ''})"
        if others
        else ""
    )
    if worst.severity == "sev1":
        return rng.choice(
            (
                f"The {worst.ticket_id} sev1 ('{worst.subject}') is still open and it "
                f"dominates every conversation{tail}.",
                f"{worst.ticket_id} is a sev1 and unresolved: {worst.subject}{tail}. "
                "They asked for a date from engineering.",
                f"Open sev1 {worst.ticket_id}: {worst.subject}. Patience is running "
                f"out{tail}.",
            )
        )
    return rng.choice(
        (
            f"Support-wise, {worst.ticket_id} ({worst.severity}, '{worst.subject}') "
            f"is open{tail}.",
            f"One open {worst.severity}: {worst.ticket_id}, '{worst.subject}'{tail}.",
            f"They mentioned {worst.ticket_id} ('{worst.subject}'), still "
            f"{worst.status}{tail}.",
        )
    )


def renewal_sentence(f: NoteFacts, rng: random.Random) -> str:
    """Where the account stands against its renewal date."""
    days = f.days_to_renewal
    when = f"{f.term.end:%B} {f.term.end.day}, {f.term.end.year}"
    arr = f"${f.term.arr:,.0f}"
    if days <= 90:
        return rng.choice(
            (
                f"Renewal is on {when}, {days} days out, {arr} ARR on the line.",
                f"Only {days} days to the {when} renewal ({arr}).",
                f"Renewal ({arr}) lands {when}; paperwork needs to start now.",
            )
        )
    if days <= 180:
        return rng.choice(
            (
                f"Renewal on {when} ({arr}); time to build the value story.",
                f"{arr} renews {when}, about {days // 30} months away.",
            )
        )
    return rng.choice(
        (
            f"Renewal is not until {when}.",
            f"Plenty of runway before the {when} renewal.",
            f"Contract runs to {when} ({arr}).",
        )
    )
