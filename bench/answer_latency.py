"""Benchmark: answer latency of the deterministic engine over the labelled set.

Warm process: every labelled question answered three times after a warm-up; p50
and p95 per answer, next to the floor: the bare tool calls and search of the same
question (replayed from its evidence, without understanding, permissions,
composing or checking). Cold start: a fresh process from start to first answer,
next to a fresh process that only imports and scores one account.

    python bench/answer_latency.py --workdir /tmp/csm-bench-answers
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "assistant" / "eval_answers.yaml"
sys.path.insert(0, str(ROOT))


def _replay(assistant: object, answer: object, as_of: date) -> float:
    """Seconds to run the answer's tool calls and one search, bare."""
    from assistant.answers import Answer
    from assistant.engine import Assistant
    from tools.expansion import expansion_signals
    from tools.health import score_account
    from tools.portfolio import portfolio_risk, upcoming_renewals
    from tools.usage import usage_report

    assert isinstance(assistant, Assistant)  # noqa: S101  # bench-only narrowing
    assert isinstance(answer, Answer)  # noqa: S101  # bench-only narrowing
    services = assistant.services
    engine, model = services.engine, services.health_model
    settings = services.settings
    started = time.perf_counter()
    for item in answer.evidence:
        if item.kind != "tool":
            continue
        args = item.arguments
        day = date.fromisoformat(str(args.get("as_of", as_of.isoformat())))
        if item.name == "score_account":
            score_account(engine, model, str(args["account"]), day)
        elif item.name == "usage_report":
            usage_report(engine, str(args["account"]), day, int(args["days"]))
        elif item.name == "expansion_signals":
            expansion_signals(engine, model, str(args["account"]), day)
        elif item.name in ("portfolio_risk", "upcoming_renewals"):
            ranked = portfolio_risk(
                engine,
                model,
                day,
                high_touch_min_arr=settings.high_touch_min_arr,
                tech_touch_max_arr=settings.tech_touch_max_arr,
            )
            if item.name == "upcoming_renewals":
                upcoming_renewals(ranked, int(args["days"]))
    if any(item.kind == "passage" for item in answer.evidence):
        services.knowledge_base.search(answer.question, k=3, log_question=False)
    return time.perf_counter() - started


def warm(workdir: Path, rounds: int) -> tuple[list[float], list[float]]:
    """Answer and floor seconds per question, over ``rounds`` passes."""
    from assistant.answers import LOCAL_OPERATOR, AskContext
    from assistant.evaluation.cases import load_cases
    from assistant.evaluation.demo import demo_assistant

    labelled = load_cases(CASES)
    as_of = date.fromisoformat(labelled.as_of)
    assistant = demo_assistant(
        workdir, accounts=labelled.accounts, seed=labelled.seed, as_of=as_of
    )
    assistant.services.warm_up()
    answers, floors = [], []
    for _ in range(rounds):
        for case in labelled.cases:
            context = AskContext(asker=case.asker or LOCAL_OPERATOR, as_of=as_of)
            started = time.perf_counter()
            answer = assistant.answer(case.q, context)
            answers.append(time.perf_counter() - started)
            floors.append(_replay(assistant, answer, as_of))
    return answers, floors


_COLD = """
import time, sys
started = float(sys.argv[1])
from datetime import date
from pathlib import Path
{body}
print(time.time() - started)
"""
_COLD_ANSWER = """
from assistant.answers import AskContext
from assistant.evaluation.demo import demo_assistant
a = demo_assistant(Path(sys.argv[2]), accounts=60, seed=7, as_of=date(2026, 11, 30))
a.answer("How is Acme Corp doing?", AskContext(as_of=date(2026, 11, 30)))
"""
_COLD_FLOOR = """
from knowledge.db import create_db_engine
from tools.health import score_account
from tools.model_file import load_model
engine = create_db_engine(f"sqlite:///{Path(sys.argv[2]) / 'answers.db'}")
score_account(engine, load_model(None), "A-1001", date(2026, 11, 30))
"""


def cold(workdir: Path, body: str) -> float:
    """Seconds from process start to the end of ``body`` in a fresh interpreter."""
    code = _COLD.format(body=body)
    result = subprocess.run(  # noqa: S603  # our own interpreter
        [sys.executable, "-c", code, str(time.time()), str(workdir)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print Markdown rows: figure and floor."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csm-bench-answers-") as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        answers, floors = warm(workdir, args.rounds)
        cold_answer = cold(workdir, _COLD_ANSWER)
        cold_floor = cold(workdir, _COLD_FLOOR)
    a, f = np.array(answers) * 1000, np.array(floors) * 1000
    print("| measure | figure | floor |")  # noqa: T201  # the bench's output
    print("|---|---|---|")  # noqa: T201
    for name, pct in (("p50", 50), ("p95", 95)):
        print(  # noqa: T201
            f"| answer latency {name}, warm, {len(a)} answers | "
            f"{np.percentile(a, pct):.0f} ms | {np.percentile(f, pct):.0f} ms "
            "(bare tool calls + search) |"
        )
    print(  # noqa: T201
        f"| cold start to first answer | {cold_answer:.1f} s | {cold_floor:.1f} s "
        "(start, import, one score_account) |"
    )


if __name__ == "__main__":
    main()
