"""``csm eval answers``: intent, accounts, figures, faithfulness, refusals, latency."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from bots.cli.common import print_json, settings
from bots.cli.eval_retrieval import eval_app

DEFAULT_CASES = (
    Path(__file__).resolve().parents[2] / "tests" / "assistant" / "eval_answers.yaml"
)
# Talking points, drafts and briefs, labelled in the same format over the same book.
DRAFTING_CASES = DEFAULT_CASES.with_name("eval_drafting.yaml")


def register() -> None:
    """Attach ``answers`` to ``csm eval``."""
    eval_app.command("answers")(answers)


def answers(
    cases: Annotated[
        Path, typer.Option("--cases", exists=True, dir_okay=False)
    ] = DEFAULT_CASES,
    workdir: Annotated[
        Path | None,
        typer.Option(
            "--workdir", help="Keep the demo database and index here and reuse them."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    show_failures: Annotated[bool, typer.Option("--failures")] = False,
) -> None:
    """Answer the labelled questions over the demo book and score the answers."""
    from assistant.evaluation.cases import load_cases
    from assistant.evaluation.demo import demo_assistant
    from assistant.evaluation.runner import run_eval

    labelled = load_cases(cases)
    if cases == DEFAULT_CASES and DRAFTING_CASES.exists():
        labelled.cases += load_cases(DRAFTING_CASES).cases
    with tempfile.TemporaryDirectory(prefix="csm-eval-answers-") as scratch:
        folder = workdir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        assistant = demo_assistant(
            folder,
            accounts=labelled.accounts,
            seed=labelled.seed,
            as_of=date.fromisoformat(labelled.as_of),
            settings=settings(),
        )
        assistant.services.warm_up()
        report = run_eval(assistant, labelled)
    if as_json:
        print_json(report)
        return
    rows = [
        ("questions", f"{report.questions}", ""),
        ("intent accuracy", f"{report.intent_accuracy:.1%}", ">= 95%"),
        ("account accuracy", f"{report.account_accuracy:.1%}", ""),
        ("figure correctness", f"{report.figure_correctness:.1%}", "100%"),
        ("faithfulness violations", f"{report.faithfulness_violations}", "0"),
        (
            "clarification correctness",
            f"{report.clarification_correctness:.1%}",
            "100%",
        ),
        ("refusal / no-data correctness", f"{report.refusal_correctness:.1%}", "100%"),
        ("status accuracy", f"{report.status_accuracy:.1%}", ""),
        ("leaks (other accounts, injected text)", f"{report.leaks}", "0"),
        ("latency p50", f"{report.p50_ms:.0f} ms", "< 150 ms"),
        ("latency p95", f"{report.p95_ms:.0f} ms", "< 400 ms"),
    ]
    for name, value, target in rows:
        typer.echo(f"{name:40} {value:>10}  {target}")
    typer.echo(f"targets: {'met' if report.meets_targets() else 'NOT met'}")
    if show_failures:
        for failure in report.failures:
            typer.echo(f"- {failure.model_dump_json(exclude={'ms'})}")
    if not report.meets_targets():
        raise typer.Exit(1)
