"""Portfolio and renewals: revenue at risk, upcoming renewals, one account's renewal."""

from __future__ import annotations

import re

from assistant.engine.turn import DEFAULT_RENEWAL_DAYS, Turn
from assistant.engine.writer import Writer
from assistant.intents.common import health_headline, renewal_text
from assistant.intents.registry import IntentSpec, register
from tools.portfolio import PortfolioRow

_RENEWAL = re.compile(r"renew", re.IGNORECASE)
_AT_RISK = re.compile(r"\brisk|red|yellow|worry|trouble", re.IGNORECASE)
TOP_ROWS = 8


def handle(turn: Turn, out: Writer) -> None:
    """One account's renewal, or the asker's renewals or ranking."""
    if turn.accounts:
        _account_renewal(turn, out)
    elif _RENEWAL.search(turn.question):
        renewals(turn, out, at_risk_only=bool(_AT_RISK.search(turn.question)))
    else:
        ranking(turn, out)


def _account_renewal(turn: Turn, out: Writer) -> None:
    account = turn.account
    profile = turn.tools.account_profile(account)
    report, eid = turn.tools.health(account)
    out.add(f"**{account.name}**: {renewal_text(out, profile, account, turn)}.")
    out.add(f"- Going in with {health_headline(out, eid, report)}.")
    if report.flags:
        out.add(
            "- Risks to address before renewal: "
            + "; ".join(f.description for f in report.flags)
            + "."
        )
    if account.renewal_date is None:
        out.no_data(f"renewal date of {account.name}")


def renewals(turn: Turn, out: Writer, *, at_risk_only: bool) -> None:
    """Accounts renewing within the window, soonest first."""
    days = turn.window_days or DEFAULT_RENEWAL_DAYS
    turn.window_days = days
    result, eid = turn.tools.renewals(days)
    rows = (
        [r for r in result.rows if r.band in ("red", "yellow")]
        if at_risk_only
        else result.rows
    )
    shown_days = out.fig(eid, "renewal window", days, "days")
    if not rows:
        which = "at-risk accounts" if at_risk_only else "accounts"
        out.add(
            f"No {which} of yours renew in the next {shown_days} days "
            f"(as of {turn.as_of.isoformat()})."
        )
        return
    count = out.fig(eid, "accounts renewing", len(result.rows), "int")
    out.add(
        f"**{count} {_plural(len(result.rows))} renew in the next {shown_days} days** "
        f"(as of {turn.as_of.isoformat()}):"
    )
    for row in rows[:TOP_ROWS]:
        out.add("- " + _row_line(out, eid, row))


def ranking(turn: Turn, out: Writer, *, at_risk_only: bool = False) -> None:
    """Accounts ranked by revenue at risk (risk × ARR)."""
    result, eid = turn.tools.portfolio()
    rows = (
        [r for r in result.rows if r.band in ("red", "yellow")]
        if at_risk_only
        else result.rows
    )
    if not result.rows:
        out.no_data("accounts in your book of business")
        out.add("You have no accounts assigned, so there is no portfolio to show.")
        return
    total = sum(r.revenue_at_risk or 0.0 for r in result.rows)
    shown_total = out.fig(eid, "revenue at risk total", round(total, 2), "money")
    count = out.fig(eid, "accounts", len(result.rows), "int")
    out.add(
        f"**{count} {_plural(len(result.rows))}, {shown_total} revenue at risk** "
        "(risk × ARR, as of "
        f"{turn.as_of.isoformat()}). Largest first:"
    )
    for row in rows[:TOP_ROWS]:
        out.add("- " + _row_line(out, eid, row))


def _plural(count: int) -> str:
    return "account" if count == 1 else "accounts"


def _row_line(out: Writer, eid: str, row: PortfolioRow) -> str:
    arr = out.fig(eid, f"{row.account_name} ARR", row.arr, "money")
    parts = [f"**{row.account_name}** ({row.account_id}): ARR {arr}"]
    if row.score is not None:
        score = out.fig(eid, f"{row.account_name} score", row.score, "score")
        parts.append(f"health {score} ({row.band})")
    else:
        parts.append("health not scored")
    if row.revenue_at_risk is not None:
        risk = out.fig(
            eid, f"{row.account_name} revenue at risk", row.revenue_at_risk, "money"
        )
        parts.append(f"{risk} at risk")
    if row.renewal_date is not None:
        parts.append(f"renews {row.renewal_date.isoformat()}")
    return ", ".join(parts)


register(
    IntentSpec(
        name="portfolio",
        description="Portfolio ranking by revenue at risk, upcoming renewals, or one "
        "account's renewal.",
        handler=handle,
        account="optional",
        follow_ups=(
            "Which of my accounts are at risk?",
            "How is {account} doing?",
            "Which renewals in the next 60 days are at risk?",
        ),
    )
)
