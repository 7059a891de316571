"""The answer evaluation over the seeded demo book meets its targets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.evaluation.cases import load_cases
from assistant.evaluation.demo import demo_assistant
from assistant.evaluation.runner import run_eval

CASES = Path(__file__).with_name("eval_answers.yaml")


def test_labelled_set_is_large_and_covers_every_intent() -> None:
    labelled = load_cases(CASES)

    intents = {c.intent for c in labelled.cases if c.intent}
    assert len(labelled.cases) >= 80
    assert {
        "status", "why_changed", "usage", "portfolio", "risk", "expansion",
        "playbook", "talking_points", "draft_outreach", "draft_escalation",
        "meeting_brief", "help",
    } <= intents  # fmt: skip


def test_answers_meet_the_targets(tmp_path: Path) -> None:
    labelled = load_cases(CASES)
    assistant = demo_assistant(
        tmp_path,
        accounts=labelled.accounts,
        seed=labelled.seed,
        as_of=date.fromisoformat(labelled.as_of),
    )

    report = run_eval(assistant, labelled)

    failures = [f.model_dump(exclude={"ms"}) for f in report.failures]
    assert report.intent_accuracy >= 0.95, failures
    assert report.figure_correctness == 1.0, failures
    assert report.faithfulness_violations == 0, failures
    assert report.leaks == 0, failures
    assert report.clarification_correctness == 1.0, failures
    assert report.refusal_correctness == 1.0, failures
