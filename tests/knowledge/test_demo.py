"""The demo book of business: deterministic, contract-shaped and with a true signal."""

from __future__ import annotations

import csv
import gzip
import hashlib
import math
import statistics
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine
from typer.testing import CliRunner

from bots.cli.main import app
from knowledge.demo import write_demo
from knowledge.demo.writer import PLAYBOOKS_DIR
from knowledge.errors import InvalidInputError

AS_OF = date(2026, 10, 1)
SMALL = {"accounts": 20, "days": 120, "seed": 3, "as_of": AS_OF}

COLUMNS = {
    "accounts.csv": [
        "account_id", "name", "segment", "arr", "currency", "industry", "plan",
        "seats", "csm_email", "account_manager_email", "contract_start",
        "renewal_date", "status",
    ],
    "team.csv": ["email", "name", "role", "slack_user_id"],
    "contacts.csv": ["contact_id", "account_id", "name", "email", "title", "persona"],
    "features.csv": ["feature_key", "name", "product", "is_key", "description"],
    "value_metrics.csv": [
        "account_id", "metric", "value", "period_start", "period_end", "target",
        "higher_is_better",
    ],
    "subscriptions.csv": [
        "account_id", "start_date", "end_date", "arr", "seats", "outcome",
    ],
    "tickets.csv": [
        "ticket_id", "account_id", "subject", "severity", "status", "opened_at",
        "closed_at", "product_area",
    ],
}  # fmt: skip
USAGE_COLUMNS = [
    "account_id",
    "user_id",
    "event",
    "feature_key",
    "quantity",
    "occurred_at",
]
OUTCOMES = {"open", "renewed", "expanded", "contracted", "churned"}
PERSONAS = {"department_head", "end_user", "technical", "executive_sponsor", "admin"}


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _usage(folder: Path) -> list[dict[str, str]]:
    with gzip.open(folder / "usage_events.csv.gz", "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _front_matter(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    head, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(head)
    assert isinstance(meta, dict)
    return meta, body


def _stamp(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, value
    return moment


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder, **SMALL)  # type: ignore[arg-type]
    return folder


@pytest.fixture(scope="module")
def history_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book long enough for renewal outcomes to be compared."""
    folder = tmp_path_factory.mktemp("history")
    write_demo(folder, accounts=40, days=HISTORY_DAYS, seed=11, as_of=AS_OF)
    return folder


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_arguments_give_byte_identical_files(book: Path, tmp_path: Path) -> None:
    write_demo(tmp_path, **SMALL)  # type: ignore[arg-type]
    assert _digests(tmp_path) == _digests(book)


def test_another_seed_gives_another_book(book: Path, tmp_path: Path) -> None:
    write_demo(tmp_path, **{**SMALL, "seed": 4})  # type: ignore[arg-type]
    ours, theirs = _digests(tmp_path), _digests(book)
    assert ours["usage_events.csv.gz"] != theirs["usage_events.csv.gz"]
    assert ours["playbooks/renewal-risk.md"] == theirs["playbooks/renewal-risk.md"]


def test_every_file_has_the_contract_columns(book: Path) -> None:
    for name, columns in COLUMNS.items():
        with (book / name).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns, name
    with gzip.open(book / "usage_events.csv.gz", "rt", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == USAGE_COLUMNS


def test_enums_dates_and_numbers_follow_the_contract(book: Path) -> None:
    for row in _rows(book, "accounts.csv"):
        assert row["segment"] in {"enterprise", "mid_market", "smb"}
        assert row["status"] in {"active", "churned"}
        assert float(row["arr"]) > 0
        assert int(row["seats"]) > 0
        assert date.fromisoformat(row["contract_start"]) < date.fromisoformat(
            row["renewal_date"]
        )
    for row in _rows(book, "team.csv"):
        assert row["role"] in {"csm", "account_manager", "cs_ops", "admin"}
        assert row["slack_user_id"].startswith("U")
    assert {r["persona"] for r in _rows(book, "contacts.csv")} <= PERSONAS
    assert {r["is_key"] for r in _rows(book, "features.csv")} == {"true", "false"}
    for row in _rows(book, "subscriptions.csv"):
        assert row["outcome"] in OUTCOMES
        assert date.fromisoformat(row["start_date"]) < date.fromisoformat(
            row["end_date"]
        )
    for row in _rows(book, "tickets.csv"):
        assert row["severity"] in {"sev1", "sev2", "sev3", "sev4"}
        assert row["status"] in {"open", "pending", "closed"}
        opened = _stamp(row["opened_at"])
        if row["status"] == "closed":
            assert _stamp(row["closed_at"]) > opened
        else:
            assert row["closed_at"] == ""
    for row in _rows(book, "value_metrics.csv"):
        float(row["value"]), float(row["target"])
        assert row["higher_is_better"] == (
            "false" if row["metric"] == "time_to_fill_hours" else "true"
        )
    for row in _usage(book):
        assert row["event"] in {"login", "feature_used", "message_sent"}
        assert (row["feature_key"] != "") == (row["event"] == "feature_used")
        assert int(row["quantity"]) >= 1
        assert _stamp(row["occurred_at"]).date() <= AS_OF


def test_rows_refer_to_accounts_and_features_that_exist(book: Path) -> None:
    accounts = {r["account_id"] for r in _rows(book, "accounts.csv")}
    features = {r["feature_key"] for r in _rows(book, "features.csv")}
    team = {r["email"] for r in _rows(book, "team.csv")}
    for name in (
        "contacts.csv",
        "tickets.csv",
        "value_metrics.csv",
        "subscriptions.csv",
    ):
        assert {r["account_id"] for r in _rows(book, name)} <= accounts, name
    usage = _usage(book)
    assert {r["account_id"] for r in usage} <= accounts
    assert {r["feature_key"] for r in usage if r["feature_key"]} <= features
    for row in _rows(book, "accounts.csv"):
        assert {row["csm_email"], row["account_manager_email"]} - {""} <= team
    for path in (book / "notes").glob("*.md"):
        meta, _ = _front_matter(path)
        assert meta["account_id"] in accounts
        assert meta["author"] in team


def test_catalog_has_25_features_most_of_them_key(book: Path) -> None:
    features = _rows(book, "features.csv")
    assert len(features) == 25
    assert 15 <= sum(r["is_key"] == "true" for r in features) <= 18


def test_churned_accounts_stop_using_the_product(book: Path) -> None:
    churned = {
        r["account_id"]: date.fromisoformat(r["renewal_date"])
        for r in _rows(book, "accounts.csv")
        if r["status"] == "churned"
    }
    for row in _usage(book):
        if row["account_id"] in churned:
            assert _stamp(row["occurred_at"]).date() <= churned[row["account_id"]]


def test_special_cases_exist(book: Path) -> None:
    accounts = {r["account_id"]: r for r in _rows(book, "accounts.csv")}
    assert accounts["A-1001"]["name"] == "Acme Corp"
    assert accounts["A-1002"]["name"] == "Acme Logistics"
    contacts = _rows(book, "contacts.csv")
    jordans = {c["account_id"] for c in contacts if c["name"] == "Jordan Lee"}
    assert jordans == {"A-1003", "A-1004"}
    usage = _usage(book)
    used: dict[str, set[str]] = defaultdict(set)
    for row in usage:
        if row["feature_key"]:
            used[row["account_id"]].add(row["feature_key"])
    assert {"reports.scheduled", "integrations.crm"} <= used["A-1003"] & used["A-1004"]
    assert not any(
        c["persona"] == "technical" for c in contacts if c["account_id"] == "A-1005"
    )
    assert "A-1006" not in {r["account_id"] for r in usage}
    notes = [_front_matter(p) for p in (book / "notes").glob("*.md")]
    assert "A-1007" not in {meta["account_id"] for meta, _ in notes}
    assert "A-1008" not in {r["account_id"] for r in _rows(book, "tickets.csv")}
    injected = [meta for meta, body in notes if "Ignore previous instructions" in body]
    assert [meta["account_id"] for meta in injected] == ["A-1009"]
    initech = [t for t in _rows(book, "tickets.csv") if t["account_id"] == "A-1011"]
    assert any(t["severity"] == "sev1" and t["status"] != "closed" for t in initech)


def test_notes_have_contract_front_matter_and_name_real_contacts(book: Path) -> None:
    contacts = defaultdict(set)
    for row in _rows(book, "contacts.csv"):
        contacts[row["account_id"]].add(row["name"])
    paths = sorted((book / "notes").glob("*.md"))
    assert paths
    mentioning = 0
    for path in paths:
        meta, body = _front_matter(path)
        assert set(meta) == {"id", "account_id", "title", "author", "date", "kind"}
        assert meta["kind"] in {"call", "qbr", "email", "internal"}
        assert isinstance(meta["date"], date)
        assert meta["date"] <= AS_OF
        assert len(body.split()) > 15
        mentioning += any(name in body for name in contacts[str(meta["account_id"])])
    assert mentioning >= len(paths) // 2


HISTORY_DAYS = 730


def _indicators(
    folder: Path,
) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """Breadth and login trend of ended terms, measured independently from the files.

    Breadth counts key features used in the first 60 days of the term's written usage
    (from the window start for a term that began before it); the trend compares logins
    in the term's last 30 days with the 60 before them.
    """
    key = {
        r["feature_key"] for r in _rows(folder, "features.csv") if r["is_key"] == "true"
    }
    feature_days: dict[str, list[tuple[str, date]]] = defaultdict(list)
    logins: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row in _usage(folder):
        day = _stamp(row["occurred_at"]).date()
        if row["event"] == "login":
            logins[row["account_id"]][day] += int(row["quantity"])
        elif row["feature_key"] in key:
            feature_days[row["account_id"]].append((row["feature_key"], day))
    window_start = AS_OF - timedelta(days=HISTORY_DAYS - 1)
    churned: list[tuple[int, float]] = []
    retained: list[tuple[int, float]] = []
    for row in _rows(folder, "subscriptions.csv"):
        start, end = (date.fromisoformat(row[k]) for k in ("start_date", "end_date"))
        if row["outcome"] == "open" or end < window_start:
            continue
        account, first = row["account_id"], max(start, window_start)
        breadth = len(
            {
                f
                for f, d in feature_days[account]
                if first <= d < first + timedelta(days=60)
            }
        )
        daily = logins[account]
        recent = sum(daily.get(end - timedelta(days=i), 0) for i in range(30))
        prior = sum(daily.get(end - timedelta(days=i), 0) for i in range(30, 90))
        trend = math.log((recent + 1) / (prior / 2 + 1))
        (churned if row["outcome"] == "churned" else retained).append((breadth, trend))
    return churned, retained


def test_churned_terms_show_narrower_adoption_and_falling_logins(
    history_book: Path,
) -> None:
    churned, retained = _indicators(history_book)
    assert len(churned) >= 5
    assert len(retained) >= 10
    assert (
        statistics.mean(b for b, _ in churned)
        < statistics.mean(b for b, _ in retained) - 1
    )
    assert statistics.mean(t for _, t in churned) < statistics.mean(
        t for _, t in retained
    )


def test_playbooks_have_valid_front_matter() -> None:
    paths = sorted(PLAYBOOKS_DIR.glob("*.md"))
    metas = [_front_matter(p) for p in paths]
    slugs = [meta["slug"] for meta, _ in metas]
    assert len(set(slugs)) == len(slugs)
    for path, (meta, body) in zip(paths, metas, strict=True):
        assert path.stem == meta["slug"]
        assert meta["stage"] in {"land", "adopt", "renew", "expand", "any"}
        assert isinstance(meta["audience"], list)
        assert set(meta["audience"]) <= {
            "department_head",
            "end_user",
            "technical",
            "csm",
        }
        assert meta["segment"] == "any" or (
            isinstance(meta["segment"], list)
            and set(meta["segment"]) <= {"enterprise", "mid_market", "smb"}
        )
        assert isinstance(meta["tags"], list)
        assert meta["tags"]
        assert str(meta["owner"]).endswith("@vendor.example")
        assert meta["title"]
        assert body.lstrip().startswith("# ")
        assert 300 <= len(body.split()) <= 900, path.name
    statuses = [meta["status"] for meta, _ in metas]
    assert statuses.count("published") >= 22
    assert statuses.count("draft") == 1
    assert statuses.count("retired") == 1
    assert any("\n|---" in body for _, body in metas)


def test_playbooks_are_copied_into_the_book(book: Path) -> None:
    copied = sorted(p.name for p in (book / "playbooks").glob("*.md"))
    assert copied == sorted(p.name for p in PLAYBOOKS_DIR.glob("*.md"))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"accounts": 5}, "accounts must be between"),
        ({"accounts": 0}, "accounts must be between"),
        ({"days": 30}, "days must be between"),
        ({"days": 100_000}, "days must be between"),
    ],
)
def test_out_of_range_sizes_are_refused(
    tmp_path: Path, arguments: dict[str, int], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        write_demo(tmp_path, **{**SMALL, **arguments})  # type: ignore[arg-type]
    assert not (tmp_path / "accounts.csv").exists()


def test_cli_writes_a_book_and_prints_counts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["demo-data", str(tmp_path), "--accounts", "15", "--days", "90",
         "--as-of", "2026-10-01"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "15 accounts" in result.output
    assert "usage events" in result.output
    assert (tmp_path / "usage_events.csv.gz").exists()


def test_cli_refuses_a_malformed_as_of_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo-data", str(tmp_path), "--as-of", "01/10/2026"]
    )
    assert isinstance(result.exception, InvalidInputError)
    assert "--as-of" in result.exception.message


def test_the_book_imports_cleanly(book: Path, engine: Engine) -> None:
    from knowledge.importer import import_directory

    report = import_directory(engine, book)
    assert report.ok, [(f.file, f.error) for f in report.failed]
    files = {Path(f.file).name: f for f in report.files}
    assert all(not f.problems for f in report.files), [
        (f.file, f.problems) for f in report.files if f.problems
    ]
    assert files["accounts.csv"].rows_read == len(_rows(book, "accounts.csv"))
    assert files["tickets.csv"].inserted == len(_rows(book, "tickets.csv"))
