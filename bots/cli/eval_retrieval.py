"""``csm eval retrieval``: recall@5, MRR and nDCG@10 of dense, BM25 and hybrid."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from bots.cli.common import print_json, settings

DEFAULT_QUESTIONS = (
    Path(__file__).resolve().parents[2] / "tests" / "retrieval" / "eval_questions.yaml"
)

eval_app = typer.Typer(help="Evaluation harnesses.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``csm eval`` (other harnesses attach to ``eval_app``)."""
    app.add_typer(eval_app, name="eval")


@eval_app.command("retrieval")
def retrieval(
    questions: Annotated[
        Path, typer.Option("--questions", exists=True, dir_okay=False)
    ] = DEFAULT_QUESTIONS,
    workdir: Annotated[
        Path | None,
        typer.Option(
            "--workdir",
            help="Keep the demo database and index here and reuse them next time.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score retrieval on the labelled questions over the demo knowledge base."""
    from retrieval.evaluation import demo_knowledge_base, evaluate, load_questions

    labelled = load_questions(questions)
    with tempfile.TemporaryDirectory(prefix="csm-eval-") as scratch:
        folder = workdir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        kb = demo_knowledge_base(folder, model_path=settings().embedding_model_path)
        scores = evaluate(kb, labelled)
    if as_json:
        print_json([s.model_dump() for s in scores])
        return
    typer.echo(f"{len(labelled)} questions")
    typer.echo(f"{'mode':8} {'recall@5':>9} {'MRR':>7} {'nDCG@10':>8}")
    for s in scores:
        typer.echo(f"{s.mode:8} {s.recall_at_5:9.3f} {s.mrr:7.3f} {s.ndcg_at_10:8.3f}")
    hybrid = scores[-1]
    best_single = max(scores[0].recall_at_5, scores[1].recall_at_5)
    met = hybrid.recall_at_5 >= 0.90 and hybrid.recall_at_5 > best_single
    typer.echo(
        f"target: hybrid recall@5 >= 0.90 and above dense and BM25 alone "
        f"({hybrid.recall_at_5:.3f} vs {best_single:.3f}): "
        f"{'met' if met else 'NOT met'}"
    )
    for miss in hybrid.misses:
        typer.echo(f"  hybrid miss: {miss}")
    if not met:
        raise typer.Exit(1)
