"""Write the demo book of business as a folder that follows the data contract."""

from __future__ import annotations

import csv
import gzip
import io
import logging
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from knowledge.demo.accounts import MIN_ACCOUNTS, build_accounts
from knowledge.demo.calendar import ActivityCalendar
from knowledge.demo.catalog import FEATURES
from knowledge.demo.notes import write_notes
from knowledge.demo.people import build_team
from knowledge.demo.records import AccountHistory, Window
from knowledge.demo.seeding import stream
from knowledge.demo.simulation import simulate_account
from knowledge.demo.usage import UsageRow
from knowledge.demo.values import value_rows
from knowledge.errors import InvalidInputError

logger = logging.getLogger(__name__)

PLAYBOOKS_DIR = Path(__file__).parent / "playbooks"
MIN_DAYS = 90
MAX_ACCOUNTS = 5000
MAX_DAYS = 3650


@dataclass(frozen=True)
class DemoSummary:
    """Row counts of what was written."""

    accounts: int
    churned_accounts: int
    team: int
    contacts: int
    features: int
    usage_events: int
    value_metrics: int
    subscriptions: int
    ended_terms: int
    churned_terms: int
    tickets: int
    notes: int
    playbooks: int

    def line(self) -> str:
        """One human-readable line of counts."""
        return (
            f"{self.accounts} accounts ({self.churned_accounts} churned), "
            f"{self.team} team, {self.contacts} contacts, {self.features} features, "
            f"{self.usage_events} usage events, {self.value_metrics} value metrics, "
            f"{self.subscriptions} subscriptions ({self.ended_terms} ended, "
            f"{self.churned_terms} churned), {self.tickets} tickets, "
            f"{self.notes} notes, {self.playbooks} playbooks"
        )


def _check(accounts: int, days: int) -> None:
    if not MIN_ACCOUNTS <= accounts <= MAX_ACCOUNTS:
        raise InvalidInputError(
            f"accounts must be between {MIN_ACCOUNTS} and {MAX_ACCOUNTS}, got "
            f"{accounts}"
        )
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise InvalidInputError(
            f"days must be between {MIN_DAYS} and {MAX_DAYS}, got {days}"
        )


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _ts(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def _money(value: float) -> str:
    return f"{value:.2f}"


def write_demo(
    directory: Path | str,
    *,
    accounts: int = 200,
    days: int = 730,
    seed: int = 7,
    as_of: date | None = None,
) -> DemoSummary:
    """Write a seeded, realistic book of business into ``directory``.

    The same arguments always give byte-identical files.

    Args:
        directory: Folder to write into; created if missing.
        accounts: Number of accounts (the special cases are always among them).
        days: Days of usage, ending on ``as_of``.
        seed: Seed of every random draw.
        as_of: Last day of the data; today (UTC) when omitted.

    Returns:
        Counts of what was written.

    Raises:
        InvalidInputError: When a size is out of range.
    """
    _check(accounts, days)
    as_of = as_of or datetime.now(UTC).date()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    window = Window(as_of - timedelta(days=days - 1), as_of)
    calendar = ActivityCalendar(window.start, window.as_of)
    team = build_team()
    specs = build_accounts(accounts, window, team, seed)

    histories: list[AccountHistory] = []
    with (
        (out / "usage_events.csv.gz").open("wb") as raw,
        gzip.GzipFile(
            filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6
        ) as packed,
    ):
        text = io.TextIOWrapper(packed, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(
            [
                "account_id",
                "user_id",
                "event",
                "feature_key",
                "quantity",
                "occurred_at",
            ]
        )

        def sink(rows: list[UsageRow]) -> None:
            writer.writerows(rows)

        next_ticket = 10001
        for spec in specs:
            history = simulate_account(spec, window, calendar, seed, sink, next_ticket)
            next_ticket += len(history.tickets)
            histories.append(history)
            logger.debug(
                "simulated %s: %d usage rows", spec.account_id, history.usage_rows
            )
        text.flush()
        text.detach()

    _csv(
        out / "team.csv",
        ["email", "name", "role", "slack_user_id"],
        [[m.email, m.name, m.role, m.slack_user_id] for m in team],
    )
    _csv(
        out / "features.csv",
        ["feature_key", "name", "product", "is_key", "description"],
        [
            [f.key, f.name, f.product, "true" if f.is_key else "false", f.description]
            for f in FEATURES
        ],
    )
    account_rows = []
    for h in histories:
        s, term = h.spec, h.current
        account_rows.append(
            [
                s.account_id,
                s.name,
                s.segment,
                _money(term.arr),
                "USD",
                s.industry,
                s.plan,
                term.seats,
                s.csm_email or "",
                s.am_email or "",
                term.start.isoformat(),
                term.end.isoformat(),
                "churned" if h.churned else "active",
            ]
        )
    _csv(
        out / "accounts.csv",
        [
            "account_id",
            "name",
            "segment",
            "arr",
            "currency",
            "industry",
            "plan",
            "seats",
            "csm_email",
            "account_manager_email",
            "contract_start",
            "renewal_date",
            "status",
        ],
        account_rows,
    )
    contacts = [c for h in histories for c in h.spec.contacts]
    _csv(
        out / "contacts.csv",
        ["contact_id", "account_id", "name", "email", "title", "persona"],
        [
            [c.contact_id, c.account_id, c.name, c.email, c.title, c.persona]
            for c in contacts
        ],
    )
    subs = [
        [
            h.spec.account_id,
            t.start.isoformat(),
            t.end.isoformat(),
            _money(t.arr),
            t.seats,
            t.outcome,
        ]
        for h in histories
        for t in h.terms
    ]
    _csv(
        out / "subscriptions.csv",
        ["account_id", "start_date", "end_date", "arr", "seats", "outcome"],
        subs,
    )
    tickets = [t for h in histories for t in h.tickets]
    _csv(
        out / "tickets.csv",
        [
            "ticket_id",
            "account_id",
            "subject",
            "severity",
            "status",
            "opened_at",
            "closed_at",
            "product_area",
        ],
        [
            [
                t.ticket_id,
                t.account_id,
                t.subject,
                t.severity,
                t.status,
                _ts(t.opened_at),
                _ts(t.closed_at),
                t.product_area,
            ]
            for t in tickets
        ],
    )
    by_account = {
        h.spec.account_id: value_rows(
            h, window, stream(seed, "values", h.spec.account_id)
        )
        for h in histories
    }
    values = [v for h in histories for v in by_account[h.spec.account_id]]
    _csv(
        out / "value_metrics.csv",
        [
            "account_id",
            "metric",
            "value",
            "period_start",
            "period_end",
            "target",
            "higher_is_better",
        ],
        [
            [
                v.account_id,
                v.metric,
                v.value,
                v.period_start.isoformat(),
                v.period_end.isoformat(),
                v.target,
                "true" if v.higher_is_better else "false",
            ]
            for v in values
        ],
    )

    notes = write_notes(out / "notes", histories, by_account, team, window, seed)
    playbooks = _copy_playbooks(out / "playbooks")
    ended = [t for h in histories for t in h.terms if t.indicators is not None]
    return DemoSummary(
        accounts=len(histories),
        churned_accounts=sum(1 for h in histories if h.churned),
        team=len(team),
        contacts=len(contacts),
        features=len(FEATURES),
        usage_events=sum(h.usage_rows for h in histories),
        value_metrics=len(values),
        subscriptions=len(subs),
        ended_terms=len(ended),
        churned_terms=sum(1 for t in ended if t.outcome == "churned"),
        tickets=len(tickets),
        notes=notes,
        playbooks=playbooks,
    )


def _copy_playbooks(target: Path) -> int:
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*.md"):
        stale.unlink()
    count = 0
    for source in sorted(PLAYBOOKS_DIR.glob("*.md")):
        shutil.copyfile(source, target / source.name)
        count += 1
    return count
