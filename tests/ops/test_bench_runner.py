"""``make bench``: rows are collected from each script; failures are listed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

RUNNER = Path(__file__).resolve().parents[2] / "bench" / "run_all.py"


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run_all", RUNNER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up by name while the class is built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body)
    return path


def test_figure_rows_are_kept_and_headers_and_prose_dropped(
    runner: ModuleType,
) -> None:
    output = "warming up\n| what | figure | floor |\n|---|---|---|\n| a | 1 s | 2 s |\n"

    assert runner.table_rows(output) == [["a", "1 s", "2 s"]]


def test_wide_rows_are_folded_with_their_column_names(runner: ModuleType) -> None:
    narrow = "| endpoint | clients | p95 ms |\n|---|---|---|\n| GET /x | 20 | 7.5 |\n"
    wide = (
        "| endpoint | clients | p95 | errors |\n|---|---|---|---|\n| /x | 4 | 9 | 0 |"
    )

    assert runner.table_rows(narrow) == [["GET /x", "20", "7.5"]]
    assert runner.table_rows(wide) == [["/x", "clients 4; p95 9; errors 0", ""]]


def test_a_floor_column_of_a_wide_row_stays_a_floor(runner: ModuleType) -> None:
    output = (
        "| m | figure | floor (warm) | ratio |\n|---|---|---|---|\n| b | 9 | 3 | 3x |"
    )

    assert runner.table_rows(output) == [["b", "figure 9; ratio 3x", "floor (warm) 3"]]


def test_a_script_s_rows_land_in_the_table_with_its_command(
    runner: ModuleType, tmp_path: Path
) -> None:
    script = _script(tmp_path, "fast.py", "print('| lookups | 9 ms | 1 ms |')\n")

    outcome = runner.run_script(script, tmp_path)
    report = runner.render([outcome], [], 1.0)

    assert outcome.problem is None
    assert "| lookups | 9 ms | 1 ms | `python bench/fast.py` |" in report


def test_failing_silent_and_missing_scripts_are_listed(
    runner: ModuleType, tmp_path: Path
) -> None:
    broken = _script(tmp_path, "broken.py", "raise SystemExit('no data')\n")
    silent = _script(tmp_path, "silent.py", "print('done')\n")

    outcomes = [
        runner.run_script(broken, tmp_path),
        runner.run_script(silent, tmp_path),
    ]
    report = runner.render(outcomes, ["answer_latency.py"], 1.0)

    assert "`broken.py`: failed (exit 1): no data" in report
    assert "`silent.py`: ran, but printed no `| ` table row" in report
    assert "`answer_latency.py` (end-to-end answer latency): no such script" in report
