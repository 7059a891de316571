"""Backups round-trip every row and a custom health model on both backends; damaged
or misplaced ones refuse."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from knowledge import schema
from knowledge.backup import backup_database, read_manifest, restore_database
from knowledge.backup import dump as dump_module
from knowledge.backup.codec import sha256
from knowledge.db import create_db_engine
from knowledge.documents import parse_note, parse_playbook
from knowledge.errors import ConflictError, InvalidInputError
from tests.ops.book import load_book, reflect, table_rows
from tests.ops.conftest import NewDatabase
from tools.model_file import DEFAULT_MODEL_PATH, load_model


@pytest.fixture
def source_url(new_database: NewDatabase, tmp_path: Path) -> str:
    url = new_database()
    engine = create_db_engine(url)
    schema.upgrade(engine)
    load_book(engine, tmp_path / "in")
    engine.dispose()
    return url


def test_backup_then_restore_into_a_fresh_database_loses_nothing(
    source_url: str, new_database: NewDatabase, tmp_path: Path
) -> None:
    source = create_db_engine(source_url)
    target = create_db_engine(new_database())

    written = backup_database(source, tmp_path / "backup")
    restored = restore_database(target, tmp_path / "backup")

    before, after = table_rows(source), table_rows(target)
    assert before == after
    assert all(before[name] for name in ("accounts", "usage_user_daily", "notes"))
    assert len(before["playbook_versions"]) == 2
    assert restored.rows == written.rows == sum(len(r) for r in before.values())
    assert schema.current_revision(target) == schema.head_revision()
    source.dispose()
    target.dispose()


def test_new_rows_after_a_restore_get_fresh_ids(
    source_url: str, new_database: NewDatabase, tmp_path: Path
) -> None:
    source = create_db_engine(source_url)
    target = create_db_engine(new_database())
    backup_database(source, tmp_path / "backup")
    restore_database(target, tmp_path / "backup")
    audit = reflect(target)["audit_log"]

    with target.begin() as conn:
        before = conn.execute(select(func.max(audit.c.id))).scalar_one()
        conn.execute(
            insert(audit).values(
                at=func.now(),
                actor="t",
                action="a",
                entity="e",
                entity_id="1",
                detail={},
            )
        )
        after = conn.execute(select(func.max(audit.c.id))).scalar_one()

    assert after == before + 1
    source.dispose()
    target.dispose()


def test_documents_are_written_as_contract_markdown(
    source_url: str, tmp_path: Path
) -> None:
    backup_database(create_db_engine(source_url), tmp_path / "backup")
    folder = tmp_path / "backup" / "documents"

    [note_file] = (folder / "notes").glob("*.md")
    versions = sorted((folder / "playbooks" / "onboarding-kickoff").glob("v*.md"))
    note = parse_note(note_file.read_text(), note_file.name)
    first = parse_playbook(versions[0].read_text(), versions[0].name)
    second = parse_playbook(versions[1].read_text(), versions[1].name)

    assert note.account_id == "A-1"
    assert "rollout plan" in note.body
    assert [v.name for v in versions] == ["v1.md", "v2.md"]
    assert "A second week." not in first.body
    assert "A second week." in second.body


def test_a_backup_restores_into_the_other_backend(
    source_url: str, tmp_path: Path
) -> None:
    target = create_db_engine(f"sqlite:///{tmp_path / 'other.db'}")
    source = create_db_engine(source_url)
    backup_database(source, tmp_path / "backup")

    restore_database(target, tmp_path / "backup")

    for name, rows in table_rows(source).items():
        assert len(table_rows(target)[name]) == len(rows), name
    with target.connect() as conn:
        notes = reflect(target)["notes"]
        assert conn.execute(select(notes.c.body)).scalar_one().startswith("Talked")
    source.dispose()
    target.dispose()


def test_restore_refuses_a_database_that_already_holds_data(
    source_url: str, tmp_path: Path
) -> None:
    source = create_db_engine(source_url)
    backup_database(source, tmp_path / "backup")

    with pytest.raises(ConflictError, match="already holds data"):
        restore_database(source, tmp_path / "backup")
    source.dispose()


def test_backup_refuses_a_folder_that_is_not_empty(
    source_url: str, tmp_path: Path
) -> None:
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "keep.txt").write_text("mine")

    with pytest.raises(ConflictError, match="not empty"):
        backup_database(create_db_engine(source_url), tmp_path / "backup")
    assert (tmp_path / "backup" / "keep.txt").read_text() == "mine"


def test_an_interrupted_backup_leaves_no_folder_that_looks_complete(
    source_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = dump_module._dump_table
    calls = []

    def failing(*args: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(dump_module, "_dump_table", failing)

    with pytest.raises(OSError, match="No space"):
        backup_database(create_db_engine(source_url), tmp_path / "out" / "backup")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_damaged_file_is_named_and_nothing_is_restored(
    source_url: str, new_database: NewDatabase, tmp_path: Path
) -> None:
    backup_database(create_db_engine(source_url), tmp_path / "backup")
    damaged = tmp_path / "backup" / "tables" / "accounts.jsonl.gz"
    damaged.write_bytes(gzip.compress(b'["account_id"]\n["A-9"]\n'))
    target = create_db_engine(new_database())

    with pytest.raises(InvalidInputError, match="checksum") as caught:
        restore_database(target, tmp_path / "backup")

    assert caught.value.location is not None
    assert caught.value.location.file == "tables/accounts.jsonl.gz"
    assert schema.current_revision(target) is None
    target.dispose()


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="not a backup"):
        read_manifest(tmp_path)


def test_a_backup_from_a_newer_version_is_refused(
    source_url: str, new_database: NewDatabase, tmp_path: Path
) -> None:
    backup_database(create_db_engine(source_url), tmp_path / "backup")
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["alembic_revision"] = "9999_from_the_future"
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(InvalidInputError, match="does not know"):
        restore_database(create_db_engine(new_database()), tmp_path / "backup")


def test_a_failed_load_leaves_the_database_empty(
    source_url: str, new_database: NewDatabase, tmp_path: Path
) -> None:
    backup_database(create_db_engine(source_url), tmp_path / "backup")
    # A row whose account does not exist: the foreign key fails halfway through.
    path = tmp_path / "backup" / "tables" / "contacts.jsonl.gz"
    path.write_bytes(
        gzip.compress(b'["contact_id","account_id","name"]\n["C-1","A-404","X"]\n')
    )
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for entry in manifest["tables"]:
        if entry["name"] == "contacts":
            entry["sha256"] = sha256(path)
    manifest_path.write_text(json.dumps(manifest))
    target = create_db_engine(new_database())

    with pytest.raises(InvalidInputError, match="(?i)foreign key") as caught:
        restore_database(target, tmp_path / "backup")

    assert caught.value.location is not None
    assert caught.value.location.file == "tables/contacts.jsonl.gz"
    assert all(not rows for rows in table_rows(target).values())
    target.dispose()


def _custom_model(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "health_model.yaml"
    path.write_text(DEFAULT_MODEL_PATH.read_text() + "# tuned by CS ops\n")
    return path


def test_a_custom_health_model_is_backed_up_and_restored_to_its_path(
    source_url: str, new_database: NewDatabase, tmp_path: Path
) -> None:
    model = _custom_model(tmp_path / "ops")
    target = tmp_path / "new-host" / "config" / "health_model.yaml"

    written = backup_database(
        create_db_engine(source_url), tmp_path / "backup", health_model=model
    )
    model.write_text("edited after the backup\n")
    restored = restore_database(
        create_db_engine(new_database()), tmp_path / "backup", health_model=target
    )

    manifest = read_manifest(tmp_path / "backup")
    assert written.health_model == model
    assert manifest["health_model"]["source"] == str(model)
    assert restored.health_model == target
    assert target.read_text().endswith("# tuned by CS ops\n")
    assert load_model(target) == load_model()


def test_restore_refuses_a_different_health_model_and_writes_nothing(
    source_url: str, new_database: NewDatabase, tmp_path: Path
) -> None:
    backup_database(
        create_db_engine(source_url),
        tmp_path / "backup",
        health_model=_custom_model(tmp_path / "ops"),
    )
    target = tmp_path / "new-host" / "health_model.yaml"
    target.parent.mkdir()
    target.write_text("someone else's model\n")
    database = create_db_engine(new_database())

    with pytest.raises(ConflictError, match="differs from the health model"):
        restore_database(database, tmp_path / "backup", health_model=target)

    assert target.read_text() == "someone else's model\n"
    assert schema.current_revision(database) is None
    database.dispose()


def test_restore_accepts_the_same_health_model_already_in_place(
    source_url: str, new_database: NewDatabase, tmp_path: Path
) -> None:
    model = _custom_model(tmp_path / "ops")
    backup_database(create_db_engine(source_url), tmp_path / "b", health_model=model)

    restored = restore_database(
        create_db_engine(new_database()), tmp_path / "b", health_model=model
    )

    assert restored.health_model == model
    assert model.read_text().endswith("# tuned by CS ops\n")


def test_a_health_model_with_no_path_to_go_to_stays_in_the_backup(
    source_url: str, new_database: NewDatabase, tmp_path: Path
) -> None:
    model = _custom_model(tmp_path / "ops")
    backup_database(create_db_engine(source_url), tmp_path / "b", health_model=model)

    restored = restore_database(create_db_engine(new_database()), tmp_path / "b")

    assert restored.health_model is None
    assert restored.health_model_left == tmp_path / "b" / "config/health_model.yaml"
    assert restored.health_model_left.read_bytes() == model.read_bytes()


def test_a_backup_without_a_custom_health_model_has_no_copy(
    source_url: str, tmp_path: Path
) -> None:
    written = backup_database(create_db_engine(source_url), tmp_path / "backup")

    assert written.health_model is None
    assert "health_model" not in read_manifest(tmp_path / "backup")
    assert not (tmp_path / "backup" / "config").exists()
