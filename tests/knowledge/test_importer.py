"""The importer loads contract files whole or not at all, and again changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from knowledge.importer import import_directory
from knowledge.importer import usage as usage_module
from knowledge.models import (
    Account,
    AuditEntry,
    Note,
    PlaybookVersion,
    TeamMember,
    UsageFeatureDaily,
    UsageUserDaily,
)
from tests.knowledge.importer_files import NOTE, PLAYBOOK, USAGE, base_folder, write


def _table_rows(engine: Engine, table: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(text(f"SELECT * FROM {table}")))  # noqa: S608


def test_a_folder_loads_and_reports_counts(engine: Engine, tmp_path: Path) -> None:
    base_folder(tmp_path)
    write(tmp_path, "usage_events.csv", USAGE)

    report = import_directory(engine, tmp_path)

    assert report.ok
    counts = {f.file: (f.rows_read, f.inserted) for f in report.files}
    assert counts["accounts.csv"] == (2, 2)
    assert counts["team.csv"] == (1, 1)
    assert counts["usage_events.csv"] == (5, 3)
    with Session(engine) as session:
        acme = session.get(Account, "A-1")
        assert acme is not None
        assert acme.arr == 250000
        assert acme.renewal_date == date(2027, 3, 31)
        assert acme.status == "active"
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 4


def test_usage_is_aggregated_per_utc_day_with_exact_users(
    engine: Engine, tmp_path: Path
) -> None:
    base_folder(tmp_path)
    write(tmp_path, "usage_events.csv", USAGE)

    import_directory(engine, tmp_path)

    with Session(engine) as session:
        features = {
            (r.account_id, r.day, r.event, r.feature_key): (
                r.events,
                r.quantity,
                r.users,
            )
            for r in session.scalars(select(UsageFeatureDaily))
        }
        users = {
            (r.account_id, r.day, r.user_id): (r.logins, r.feature_events, r.messages)
            for r in session.scalars(select(UsageUserDaily))
        }
    # 01:00+02:00 on the 2nd is 23:00Z on the 1st; no offset means UTC;
    # 23:30-05:00 on the 2nd is 04:30Z on the 3rd.
    assert features == {
        ("A-1", date(2026, 11, 1), "login", ""): (3, 3.0, 2),
        ("A-1", date(2026, 11, 1), "feature_used", "sso"): (1, 3.0, 1),
        ("A-2", date(2026, 11, 3), "message_sent", ""): (1, 10.0, 1),
    }
    assert users == {
        ("A-1", date(2026, 11, 1), "u1"): (2, 0, 0.0),
        ("A-1", date(2026, 11, 1), "u2"): (1, 3, 0.0),
        ("A-2", date(2026, 11, 3), "u9"): (0, 0, 10.0),
    }


def test_importing_the_same_folder_again_changes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    base_folder(tmp_path)
    write(tmp_path, "usage_events.csv.gz", USAGE)
    write(tmp_path, "notes/kickoff.md", NOTE)
    write(tmp_path, "playbooks/kickoff.md", PLAYBOOK)
    import_directory(engine, tmp_path)
    before = {
        t: _table_rows(engine, t)
        for t in ("accounts", "usage_feature_daily", "usage_user_daily", "notes")
    }

    again = import_directory(engine, tmp_path)

    assert again.ok
    assert all(f.inserted == 0 and f.updated == 0 for f in again.files)
    assert sum(f.unchanged for f in again.files) == 2 + 1 + 2 + 3 + 1 + 1
    for table, rows in before.items():
        assert _table_rows(engine, table) == rows
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(PlaybookVersion)) == 1


def test_a_changed_row_is_updated_and_others_left_alone(
    engine: Engine, tmp_path: Path
) -> None:
    base_folder(tmp_path)
    import_directory(engine, tmp_path)
    write(
        tmp_path,
        "accounts.csv",
        "account_id,name,segment,arr\nA-1,Acme Corp,enterprise,300000\n"
        "A-2,Globex,smb,5000\n",
    )

    report = import_directory(engine, tmp_path)

    accounts = next(f for f in report.files if f.file == "accounts.csv")
    assert (accounts.inserted, accounts.updated, accounts.unchanged) == (0, 1, 1)


def test_a_usage_file_replaces_the_account_days_it_covers(
    engine: Engine, tmp_path: Path
) -> None:
    base_folder(tmp_path)
    write(tmp_path, "usage_events.csv", USAGE)
    import_directory(engine, tmp_path)
    write(
        tmp_path,
        "usage_events.csv",
        "account_id,user_id,event,occurred_at\nA-1,u1,login,2026-11-01T09:00:00Z\n",
    )

    report = import_directory(engine, tmp_path)

    usage = next(f for f in report.files if f.file == "usage_events.csv")
    assert (usage.inserted, usage.updated) == (0, 1)
    with Session(engine) as session:
        rows = session.scalars(
            select(UsageFeatureDaily).where(UsageFeatureDaily.account_id == "A-1")
        ).all()
        other = session.scalars(
            select(UsageFeatureDaily).where(UsageFeatureDaily.account_id == "A-2")
        ).all()
    assert [(r.event, r.events, r.users) for r in rows] == [("login", 1, 1)]
    assert len(other) == 1


def test_spilled_buffers_sum_to_the_same_aggregates(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(usage_module, "BUFFER_KEYS", 2)
    base_folder(tmp_path)
    lines = ["account_id,user_id,event,occurred_at"]
    lines += [f"A-1,u{i % 7},login,2026-11-0{1 + i % 3}T10:00:00Z" for i in range(60)]
    write(tmp_path, "usage_events.csv", "\n".join(lines) + "\n")

    import_directory(engine, tmp_path)

    with Session(engine) as session:
        logins = session.scalar(select(func.sum(UsageFeatureDaily.events)))
        distinct_users = session.scalar(
            select(func.count(func.distinct(UsageUserDaily.user_id)))
        )
    assert logins == 60
    assert distinct_users == 7


def test_notes_and_playbooks_load_and_a_playbook_edit_adds_a_version(
    session_factory: sessionmaker[Session], engine: Engine, tmp_path: Path
) -> None:
    base_folder(tmp_path)
    write(tmp_path, "notes/kickoff.md", NOTE)
    write(tmp_path, "playbooks/kickoff.md", PLAYBOOK)
    import_directory(engine, tmp_path)
    write(tmp_path, "playbooks/kickoff.md", PLAYBOOK + "\nAlso send a recap.\n")

    report = import_directory(engine, tmp_path)

    playbooks = next(f for f in report.files if f.file == "playbooks/")
    assert playbooks.updated == 1
    with session_factory() as session:
        versions = session.scalars(
            select(PlaybookVersion.version).order_by(PlaybookVersion.version)
        ).all()
        note = session.scalars(select(Note)).one()
    assert versions == [1, 2]
    assert note.note_id == "A-1:2026-10-14:kickoff-call"
    assert note.kind == "call"


def test_a_missing_optional_file_is_fine(engine: Engine, tmp_path: Path) -> None:
    write(tmp_path, "team.csv", "email,name,role\nx@vendor.example,X,admin\n")

    report = import_directory(engine, tmp_path)

    assert report.ok
    assert [f.file for f in report.files] == ["team.csv"]
    with Session(engine) as session:
        assert session.get(TeamMember, "x@vendor.example") is not None
