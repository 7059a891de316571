"""Run every benchmark under bench/ at small, seeded sizes; write one Markdown table.

Each script prints its figures as Markdown table rows (lines starting with ``| ``):
what was measured, the figure, and the floor measured in the same run. This runner
collects those rows from every script into ``bench/out/results.md`` and prints it,
then lists the benchmarks that are missing, failed, or printed no row.

    python bench/run_all.py                    # every script, quick sizes
    python bench/run_all.py import_usage.py    # just some
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out" / "results.md"
SEED = 7

# Small sizes that keep the whole run to a few minutes on two cores. "{tmp}" is a
# fresh folder per run, so no script writes where another run does.
QUICK_ARGS: dict[str, list[str]] = {
    "answer_latency.py": ["--workdir", "{tmp}/answers", "--rounds", "1"],
    "backup_restore.py": ["--rows", "100000", "--seed", str(SEED)],
    "brief_latency.py": [
        "--accounts",
        "30",
        "--days",
        "180",
        "--repeat",
        "1",
        "--workdir",
        "{tmp}/b",
    ],
    "import_usage.py": ["--rows", "200000", "--accounts", "500", "--seed", str(SEED)],
    "index_documents.py": ["--chunks", "200", "--noop-chunks", "2000", "--seed", "7"],
    "load_api.py": ["--seconds", "5", "--accounts", "30"],
    "outreach_bulk.py": ["--accounts", "300", "--days", "90", "--workdir", "{tmp}/o"],
    "query_latency.py": ["--sizes", "10000", "--rounds", "2", "--seed", str(SEED)],
    "score_accounts.py": ["--accounts", "1000", "--days", "180", "--db", "{tmp}/s.db"],
    "slack_ack.py": ["30"],
}
# What the README's performance claims rest on; a missing script is reported.
EXPECTED = {
    "import_usage.py": "usage import throughput and memory",
    "score_accounts.py": "health scoring of every account",
    "slack_ack.py": "Slack acknowledgement time",
    "backup_restore.py": "backup and restore throughput",
    "query_latency.py": "search latency over the knowledge base",
    "index_documents.py": "indexing throughput",
    "answer_latency.py": "end-to-end answer latency",
    "load_api.py": "the HTTP API under concurrent clients",
}
SKIPPED = {"run_all.py"}
TIMEOUT_SECONDS = 900


@dataclass
class Outcome:
    """What one script did."""

    script: str
    command: str
    seconds: float = 0.0
    rows: list[list[str]] = field(default_factory=list)
    problem: str | None = None


def _cells(line: str) -> list[str] | None:
    if not (line.startswith("|") and line.rstrip().endswith("|")):
        return None
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _is_separator(cells: list[str] | None) -> bool:
    return cells is not None and not set("".join(cells)) - set("-: ")


def table_rows(output: str) -> list[list[str]]:
    """Every figure row a script printed, as three cells: what, figure, floor.

    A script's own header row (the one above a ``|---|`` line) is not a figure.
    Rows wider than three cells are folded, each value named by its column, so that
    every script fits the one table.
    """
    lines = [_cells(line) for line in output.splitlines()]
    rows: list[list[str]] = []
    header: list[str] | None = None
    for index, cells in enumerate(lines):
        if cells is None:
            header = None
            continue
        if _is_separator(cells):
            continue
        if index + 1 < len(lines) and _is_separator(lines[index + 1]):
            header = cells
            continue
        if len(cells) > 3:
            names = header[1:] if header else [""] * (len(cells) - 1)
            pairs = list(zip(names, cells[1:], strict=False))
            floor = [f"{n} {v}".strip() for n, v in pairs if n.startswith("floor")]
            named = [f"{n} {v}".strip() for n, v in pairs if not n.startswith("floor")]
            rows.append([cells[0], "; ".join(named), "; ".join(floor)])
        else:
            rows.append((cells + ["", "", ""])[:3])
    return rows


def run_script(script: Path, tmp: Path) -> Outcome:
    """Run one benchmark with its quick arguments and collect its table rows."""
    args = [a.replace("{tmp}", str(tmp)) for a in QUICK_ARGS.get(script.name, [])]
    shown = " ".join(
        ["python", f"bench/{script.name}", *QUICK_ARGS.get(script.name, [])]
    )
    outcome = Outcome(script.name, shown.replace("{tmp}", "$TMP"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONHASHSEED": "0",
        "CSM_BENCH_SEED": str(SEED),
        "CSM_LOG_LEVEL": "WARNING",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
    }
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603  # our own interpreter and scripts
            [sys.executable, str(script), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        outcome.problem = f"timed out after {TIMEOUT_SECONDS} s"
        return outcome
    outcome.seconds = time.perf_counter() - started
    outcome.rows = table_rows(done.stdout)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        outcome.problem = f"failed (exit {done.returncode}): {last[:200]}"
    elif not outcome.rows:
        outcome.problem = "ran, but printed no `| ` table row"
    return outcome


def render(outcomes: list[Outcome], missing: list[str], total: float) -> str:
    """The results as one Markdown document."""
    lines = [
        "# Benchmark results",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this host'}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, seed {SEED}, "
        f"{total:.0f} s in all. Each figure sits next to a floor measured in the "
        "same run; compare ratios, not absolute numbers, across machines.",
        "",
        "| what | figure | floor / reference | command |",
        "|---|---|---|---|",
    ]
    for outcome in outcomes:
        for what, figure, floor in outcome.rows:
            lines.append(f"| {what} | {figure} | {floor} | `{outcome.command}` |")
    problems = [o for o in outcomes if o.problem]
    if problems or missing:
        lines += ["", "## Not measured", ""]
        lines += [f"- `{o.script}`: {o.problem}" for o in problems]
        lines += [
            f"- `{name}` ({EXPECTED[name]}): no such script yet" for name in missing
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scripts", nargs="*", help="script names (default: all)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    found = sorted(
        p
        for p in BENCH.glob("*.py")
        if p.name not in SKIPPED and not p.name.startswith("_")
    )
    chosen = [p for p in found if not args.scripts or p.name in args.scripts]
    missing = [name for name in EXPECTED if not (BENCH / name).is_file()]
    unknown = set(args.scripts) - {p.name for p in found}
    if unknown:
        parser.error(f"no such benchmark: {', '.join(sorted(unknown))}")

    started = time.perf_counter()
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="csm-bench-") as tmp:
        for script in chosen:
            print(f"running {script.name} …", file=sys.stderr, flush=True)
            outcomes.append(run_script(script, Path(tmp)))
            print(f"  {outcomes[-1].seconds:.0f} s", file=sys.stderr, flush=True)
    report = render(
        outcomes, missing if not args.scripts else [], time.perf_counter() - started
    )

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)
    print(f"written to {args.out}", file=sys.stderr)
    return 1 if any(o.problem for o in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
