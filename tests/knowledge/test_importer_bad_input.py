"""Every kind of bad input gets a located error and writes nothing of its file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from knowledge.importer import ImportReport, import_directory
from knowledge.models import (
    Account,
    Contact,
    Note,
    Playbook,
    Ticket,
    UsageFeatureDaily,
    UsageUserDaily,
)
from tests.knowledge.importer_files import NOTE, PLAYBOOK, USAGE, base_folder, write


def _refused(report: ImportReport, file: str) -> str:
    failed = {f.file: f for f in report.failed}
    assert file in failed, f"{file} was not refused: {report.model_dump()}"
    return "\n".join(failed[file].problems)


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


HEADER = "account_id,name,segment,arr\n"
GOOD_ROW = "A-8,Eight,smb,1\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (HEADER + GOOD_ROW + 'A-9,"Broken,enterprise,1\n', "accounts.csv, line"),
        (
            HEADER + GOOD_ROW + "A-9,Nine,enterprise,1,extra\n",
            "accounts.csv, line 3: expected 4 fields, found 5",
        ),
        (
            HEADER + GOOD_ROW + "A-9,Nine,huge,1\n",
            "accounts.csv, line 3, column 'segment': Input should be 'enterprise'",
        ),
        (
            HEADER + GOOD_ROW + "A-9,Nine,smb,lots\n",
            "accounts.csv, line 3, column 'arr'",
        ),
        (
            "account_id,name,segment,arr,renewal_date\nA-8,Eight,smb,1,\n"
            "A-9,Nine,smb,1,2026-13-45\n",
            "accounts.csv, line 3, column 'renewal_date'",
        ),
        (
            HEADER + GOOD_ROW + "A-9,Nine,smb,1\nA-9,Nine again,smb,2\n",
            "accounts.csv, line 4, column 'account_id': "
            "duplicate id A-9 (first on line 3)",
        ),
        (
            "account_id,name,arr\nA-9,Nine,1\n",
            "accounts.csv, line 1, column 'segment': required column missing",
        ),
        ("", "accounts.csv, line 1: file is empty (0 bytes)"),
    ],
    ids=[
        "bad-quote",
        "field-count",
        "unknown-enum",
        "not-a-number",
        "bad-date",
        "duplicate-id",
        "missing-column",
        "zero-bytes",
    ],
)
def test_a_broken_accounts_file_is_refused_with_its_location(
    engine: Engine, tmp_path: Path, content: str, expected: str
) -> None:
    write(tmp_path, "accounts.csv", content)

    report = import_directory(engine, tmp_path)

    assert expected in _refused(report, "accounts.csv")
    assert _count(engine, Account) == 0  # not even the valid row before the bad one


def test_wrong_encoding_is_refused_with_its_line(
    engine: Engine, tmp_path: Path
) -> None:
    write(
        tmp_path,
        "accounts.csv",
        "account_id,name,segment,arr\nA-1,Café,smb,1\n".encode("latin-1"),
    )

    report = import_directory(engine, tmp_path)

    assert "accounts.csv, line 2: not valid UTF-8 (byte 0xe9)" in _refused(
        report, "accounts.csv"
    )
    assert _count(engine, Account) == 0


def test_a_corrupt_gzip_file_is_refused(engine: Engine, tmp_path: Path) -> None:
    base_folder(tmp_path)
    (tmp_path / "usage_events.csv.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")

    report = import_directory(engine, tmp_path)

    assert "usage_events.csv.gz" in _refused(report, "usage_events.csv.gz")
    assert _count(engine, UsageFeatureDaily) == 0


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (
            "A-404,u1,login,,,2026-11-01T10:00:00Z",
            "line 7, column 'account_id': unknown account_id 'A-404'",
        ),
        (
            "A-1,u1,logout,,,2026-11-01T10:00:00Z",
            "line 7, column 'event': unknown event 'logout'",
        ),
        (
            "A-1,u1,feature_used,,,2026-11-01T10:00:00Z",
            "line 7, column 'feature_key': required for feature_used events",
        ),
        (
            "A-1,u1,feature_used,teleport,,2026-11-01T10:00:00Z",
            "line 7, column 'feature_key': unknown feature_key 'teleport'",
        ),
        ("A-1,u1,login,,,yesterday", "line 7, column 'occurred_at': not an ISO 8601"),
        ("A-1,u1,login,,-3,2026-11-01T10:00:00Z", "line 7, column 'quantity'"),
        (
            "A-1,,login,,,2026-11-01T10:00:00Z",
            "line 7, column 'user_id': required value is empty",
        ),
    ],
    ids=[
        "dangling-account",
        "unknown-event",
        "missing-feature",
        "unknown-feature",
        "bad-timestamp",
        "negative-quantity",
        "empty-user",
    ],
)
def test_a_bad_usage_row_at_the_end_writes_nothing_of_the_file(
    engine: Engine, tmp_path: Path, bad_row: str, expected: str
) -> None:
    base_folder(tmp_path)
    write(tmp_path, "usage_events.csv", USAGE + bad_row + "\n")

    report = import_directory(engine, tmp_path)

    assert f"usage_events.csv, {expected}" in _refused(report, "usage_events.csv")
    assert _count(engine, UsageFeatureDaily) == 0
    assert _count(engine, UsageUserDaily) == 0
    assert _count(engine, Account) == 2  # other files still loaded


def test_a_refused_usage_file_leaves_earlier_usage_untouched(
    engine: Engine, tmp_path: Path
) -> None:
    base_folder(tmp_path)
    write(tmp_path, "usage_events.csv", USAGE)
    import_directory(engine, tmp_path)
    write(
        tmp_path,
        "usage_events.csv",
        "account_id,user_id,event,occurred_at\nA-1,u1,login,2026-11-01T09:00:00Z\n"
        "A-1,u1,login,not-a-time\n",
    )

    report = import_directory(engine, tmp_path)

    assert "line 3" in _refused(report, "usage_events.csv")
    assert _count(engine, UsageFeatureDaily) == 3


def test_jsonl_usage_loads_and_bad_json_is_located(
    engine: Engine, tmp_path: Path
) -> None:
    base_folder(tmp_path)
    write(
        tmp_path,
        "usage_events.jsonl",
        '{"account_id": "A-1", "user_id": "u1", "event": "login",'
        ' "occurred_at": "2026-11-01T10:00:00Z"}\n{"account_id": "A-1", oops}\n',
    )

    report = import_directory(engine, tmp_path)

    assert "usage_events.jsonl, line 2: not valid JSON" in _refused(
        report, "usage_events.jsonl"
    )
    assert _count(engine, UsageFeatureDaily) == 0


def test_dangling_and_duplicate_ids_in_dependent_files(
    engine: Engine, tmp_path: Path
) -> None:
    base_folder(tmp_path)
    write(
        tmp_path,
        "contacts.csv",
        "contact_id,account_id,name,persona\nC-1,A-1,Pat,technical\nC-2,A-77,Lou,\n",
    )
    write(
        tmp_path,
        "tickets.csv",
        "ticket_id,account_id,subject,severity,status,opened_at\n"
        "T-1,A-1,SSO down,sev1,open,2026-11-01T10:00:00Z\n"
        "T-1,A-1,SSO down again,sev1,open,2026-11-02T10:00:00Z\n",
    )

    report = import_directory(engine, tmp_path)

    assert "contacts.csv, line 3, column 'account_id': unknown account_id 'A-77'" in (
        _refused(report, "contacts.csv")
    )
    assert "tickets.csv, line 3, column 'ticket_id': duplicate id T-1" in _refused(
        report, "tickets.csv"
    )
    assert _count(engine, Contact) == 0
    assert _count(engine, Ticket) == 0


@pytest.mark.parametrize(
    ("folder", "content", "expected"),
    [
        (
            "notes",
            NOTE.replace("account_id: A-1", "account_id: A-404"),
            "unknown account_id 'A-404'",
        ),
        ("notes", NOTE.replace("date: 2026-10-14", "date: someday"), "field 'date'"),
        ("notes", "Just text, no front matter.\n", "no YAML front matter"),
        (
            "playbooks",
            PLAYBOOK.replace("slug: onboarding-kickoff\n", ""),
            "front matter has no 'slug'",
        ),
        (
            "playbooks",
            PLAYBOOK.replace("stage: land", "stage: someday"),
            "field 'stage'",
        ),
        (
            "playbooks",
            PLAYBOOK.split("# Kickoff")[0],
            "has no text after its front matter",
        ),
    ],
    ids=[
        "note-unknown-account",
        "note-bad-date",
        "no-front-matter",
        "no-slug",
        "unknown-stage",
        "empty-body",
    ],
)
def test_a_bad_document_is_refused_and_the_others_load(
    engine: Engine, tmp_path: Path, folder: str, content: str, expected: str
) -> None:
    base_folder(tmp_path)
    write(tmp_path, f"{folder}/bad.md", content)
    write(tmp_path, "notes/good.md", NOTE.replace("Kickoff call", "Follow-up"))

    report = import_directory(engine, tmp_path)

    assert expected in _refused(report, f"{folder}/bad.md")
    assert _count(engine, Note) == 1
    assert _count(engine, Playbook) == 0


def test_duplicate_playbook_slugs_in_one_folder_are_refused(
    engine: Engine, tmp_path: Path
) -> None:
    write(tmp_path, "playbooks/a.md", PLAYBOOK)
    write(tmp_path, "playbooks/b.md", PLAYBOOK.replace("Agree on", "Settle"))

    report = import_directory(engine, tmp_path)

    assert "duplicate id 'onboarding-kickoff' (also in playbooks/a.md)" in _refused(
        report, "playbooks/b.md"
    )
    assert _count(engine, Playbook) == 1


def test_a_document_in_another_encoding_is_refused(
    engine: Engine, tmp_path: Path
) -> None:
    base_folder(tmp_path)
    write(
        tmp_path,
        "notes/latin.md",
        NOTE.replace("finance", "finanças").encode("latin-1"),
    )

    report = import_directory(engine, tmp_path)

    assert "not valid UTF-8" in _refused(report, "notes/latin.md")
    assert _count(engine, Note) == 0
