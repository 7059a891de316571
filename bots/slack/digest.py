"""Daily digests: each CSM's accounts that turned red, risk flags, risky renewals."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bots.slack.limits import MAX_HEADER_TEXT, MAX_MESSAGE_TEXT, Block, clip
from bots.slack.markdown import escape, split_text
from bots.slack.replies import dm_channel
from bots.slack.runtime import SlackRuntime
from knowledge.queries.accounts import list_accounts
from knowledge.queries.slack import (
    DigestSent,
    claim_event,
    digest_items_since,
    digest_recipients,
    record_digest_items,
    release_event,
)
from knowledge.queries.team import TeamMemberRecord
from tools.health import score_accounts

logger = logging.getLogger(__name__)

ItemKind = Literal["red", "renewal", "flag"]
_ORDER: dict[ItemKind, int] = {"red": 0, "renewal": 1, "flag": 2}
_TITLES: dict[ItemKind, str] = {
    "red": ":red_circle: Turned red",
    "renewal": ":calendar: Renewals at risk",
    "flag": ":triangular_flag_on_post: Risk flags",
}


@dataclass(frozen=True)
class DigestItem:
    """One line of a digest and the state it reports (its fingerprint)."""

    kind: ItemKind
    key: str
    fingerprint: str
    text: str
    rank: float = 0.0


@dataclass
class DigestRun:
    """What a digest run did."""

    sent: list[str] = field(default_factory=list)
    nothing_new: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def digest_items(
    runtime: SlackRuntime, csm_email: str, as_of: date
) -> list[DigestItem]:
    """Every digest-worthy fact about a CSM's own accounts, most urgent first."""
    accounts = list_accounts(runtime.db, csm_email=csm_email)
    reports = score_accounts(
        runtime.db, runtime.health_model(), accounts, as_of, explain=False
    )
    horizon = runtime.config.digest_renewal_days
    items: list[DigestItem] = []
    for account, report in zip(accounts, reports, strict=True):
        name = escape(account.name)
        if report.band == "red" and report.previous_band != "red":
            change = f", {report.change:+.0f} pts" if report.change is not None else ""
            items.append(
                DigestItem(
                    kind="red",
                    key=f"red:{account.account_id}",
                    fingerprint=f"red:{report.previous_band}",
                    text=f"*{name}* turned red: score {report.score:.0f}{change} "
                    f"(was {report.previous_band})",
                    rank=-account.arr,
                )
            )
        if account.renewal_date is not None:
            days = (account.renewal_date - as_of).days
            at_risk = report.band in ("red", "yellow") or bool(report.flags)
            if 0 <= days <= horizon and at_risk:
                items.append(
                    DigestItem(
                        kind="renewal",
                        key=f"renewal:{account.account_id}",
                        fingerprint=f"{account.renewal_date}:{report.band}",
                        text=f"*{name}* renews in {days} days "
                        f"({account.renewal_date:%d %b}); health {report.band}, "
                        f"ARR {account.arr:,.0f} {account.currency}",
                        rank=float(days),
                    )
                )
        for flag in report.flags:
            items.append(
                DigestItem(
                    kind="flag",
                    key=f"flag:{account.account_id}:{flag.rule}",
                    fingerprint=flag.rule,
                    text=f"*{name}*: {escape(flag.description)} (observed "
                    f"{flag.observed:g}, threshold {flag.op} {flag.threshold:g})",
                    rank=-account.arr,
                )
            )
    items.sort(key=lambda i: (_ORDER[i.kind], i.rank, i.key))
    return items


def unsent(
    items: list[DigestItem], sent: list[DigestSent], today: date, repeat_after: int
) -> list[DigestItem]:
    """Items not sent unchanged within the last ``repeat_after`` days."""
    latest: dict[str, DigestSent] = {}
    for record in sent:
        if (
            record.item_key not in latest
            or record.sent_on > latest[record.item_key].sent_on
        ):
            latest[record.item_key] = record
    fresh: list[DigestItem] = []
    for item in items:
        last = latest.get(item.key)
        unchanged = last is not None and last.fingerprint == item.fingerprint
        if (
            unchanged
            and last is not None
            and (today - last.sent_on).days < repeat_after
        ):
            continue
        fresh.append(item)
    return fresh


def render_digest(
    name: str, items: list[DigestItem], more: int, today: date
) -> tuple[str, list[Block]]:
    """The digest message: a header, one section per kind, and "and N more"."""
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": clip(f"Your accounts today, {today:%d %b %Y}", MAX_HEADER_TEXT),
            },
        }
    ]
    for kind in ("red", "renewal", "flag"):
        lines = [f"• {i.text}" for i in items if i.kind == kind]
        if lines:
            text = f"*{_TITLES[kind]}*\n" + "\n".join(lines)
            blocks.extend(
                {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
                for piece in split_text(text, 2900)
            )
    if more:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"and {more} more; `/csm risk` lists them all",
                    }
                ],
            }
        )
    summary = f"{name}: {len(items) + more} items need your attention today"
    return clip(summary, MAX_MESSAGE_TEXT), blocks


def _slack_user(client: WebClient, member: TeamMemberRecord) -> str | None:
    if member.slack_user_id:
        return member.slack_user_id
    try:
        response = client.users_lookupByEmail(email=member.email)
    except SlackApiError as exc:
        logger.warning("no slack user for a csm: %s", exc.response.get("error"))
        return None
    user_id = (response.get("user") or {}).get("id")
    return str(user_id) if user_id else None


def send_digests(runtime: SlackRuntime, client: WebClient) -> DigestRun:
    """Send today's digest to every CSM once (also with several schedulers)."""
    today = runtime.today()
    config = runtime.config
    run = DigestRun()
    for member in digest_recipients(runtime.db):
        since = today - timedelta(days=config.digest_repeat_after_days)
        fresh = unsent(
            digest_items(runtime, member.email, today),
            digest_items_since(runtime.db, member.email, since),
            today,
            config.digest_repeat_after_days,
        )
        if not fresh:
            run.nothing_new.append(member.email)
            continue
        claim = f"digest:{member.email}:{today.isoformat()}"
        if not claim_event(runtime.db, claim, "digest"):
            run.skipped.append(member.email)
            continue
        user_id = _slack_user(client, member)
        if user_id is None:
            release_event(runtime.db, claim)
            run.skipped.append(member.email)
            continue
        shown = fresh[: config.digest_max_items]
        text, blocks = render_digest(member.name, shown, len(fresh) - len(shown), today)
        try:
            client.chat_postMessage(
                channel=dm_channel(client, user_id), text=text, blocks=blocks
            )
        except SlackApiError as exc:
            release_event(runtime.db, claim)
            logger.warning("digest not sent: %s", exc.response.get("error"))
            run.failed.append(member.email)
            continue
        record_digest_items(
            runtime.db,
            member.email,
            today,
            [(i.key, i.fingerprint, i.text) for i in shown],
        )
        run.sent.append(member.email)
    logger.info(
        "digest run: sent=%d nothing_new=%d skipped=%d failed=%d",
        len(run.sent),
        len(run.nothing_new),
        len(run.skipped),
        len(run.failed),
    )
    return run
