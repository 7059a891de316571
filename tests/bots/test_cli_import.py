"""The ``csm`` command line: import summaries, exit codes, a light start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli_runner import run_csm
from tests.knowledge.importer_files import NOTE, USAGE, base_folder, write


def test_import_prints_a_json_summary_and_succeeds(tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "in")
    write(folder, "usage_events.csv", USAGE)

    result = run_csm("import", str(folder), "--json", database=tmp_path / "c.db")

    assert result.returncode == 0, result.stderr
    files = {f["file"]: f for f in json.loads(result.stdout)["files"]}
    assert files["usage_events.csv"]["rows_read"] == 5
    assert files["accounts.csv"]["inserted"] == 2


def test_a_refused_file_names_its_line_and_exits_non_zero(tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "in")
    write(folder, "usage_events.csv", USAGE + "A-404,u1,login,,,2026-11-01T10:00:00Z\n")

    result = run_csm("import", str(folder), database=tmp_path / "c.db")

    assert result.returncode == 2
    assert "usage_events.csv, line 7, column 'account_id'" in result.stdout
    assert "nothing of it was written" in result.stdout


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run_csm("import", str(tmp_path / "nope"), database=tmp_path / "c.db")

    assert result.returncode == 2
    assert "error:" in result.stderr
    assert "not a folder" in result.stderr


def test_the_command_line_starts_without_torch() -> None:
    code = (
        "import sys, bots.cli.main; "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'chromadb') "
        "if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run(  # noqa: S603  # our own interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


def test_imported_notes_are_searchable_at_once(tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "in")
    write(folder, "notes/kickoff.md", NOTE)
    env_chroma = tmp_path / "chroma"

    result = subprocess.run(  # noqa: S603  # our own interpreter and module
        [sys.executable, "-m", "bots.cli.main", "import", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "CSM_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
            "CSM_CHROMA_PATH": str(env_chroma),
            "CSM_LOG_FORMAT": "text",
        },
    )

    assert result.returncode == 0, result.stderr
    assert "search index: 1 chunks embedded" in result.stderr
