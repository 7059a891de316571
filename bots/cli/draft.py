"""``csm draft outreach|escalation ACCOUNT``: a draft to review; nothing is sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bots.cli.common import engine, print_json, settings
from bots.cli.options import AsOf, AsUser, parse_as_of

if TYPE_CHECKING:
    from assistant.answers import Answer
    from assistant.container import Services

draft_app = typer.Typer(
    help="Draft outreach to a customer or an internal escalation (never sent).",
    no_args_is_help=True,
)

AsJson = Annotated[bool, typer.Option("--json", help="Print the Answer as JSON.")]


def register(app: typer.Typer) -> None:
    """Add ``csm draft``."""
    app.add_typer(draft_app, name="draft")
    register_eval()


@draft_app.command("outreach")
def outreach(
    account: Annotated[str, typer.Argument(help="Account id or name.")],
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Persona (department_head, end_user, technical) or "
            "a job title; default: the purpose's usual reader.",
        ),
    ] = None,
    channel: Annotated[str, typer.Option(help="email, slack or in_app.")] = "email",
    purpose: Annotated[
        str | None,
        typer.Option(help="adoption, training, review, renewal or expansion."),
    ] = None,
    as_user: AsUser = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
) -> None:
    """Draft customer outreach from the account's facts."""
    from assistant.drafting.api import draft

    _draft_and_show(
        lambda services, asker, day: draft(
            services,
            "outreach",
            account,
            to,
            channel,
            asker,
            purpose=purpose,
            as_of=day,
        ),
        as_user,
        as_of,
        as_json,
    )


@draft_app.command("escalation")
def escalation(
    account: Annotated[str, typer.Argument(help="Account id or name.")],
    to: Annotated[
        str | None,
        typer.Option("--to", help="support, engineering, product or leadership."),
    ] = None,
    about: Annotated[
        str | None, typer.Option("--about", help="What it is about, e.g. 'SSO outage'.")
    ] = None,
    as_user: AsUser = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
) -> None:
    """Draft an internal escalation with impact, ARR, severity, timeline and ask."""
    from assistant.drafting.api import draft

    _draft_and_show(
        lambda services, asker, day: draft(
            services, "escalation", account, to, asker=asker, topic=about, as_of=day
        ),
        as_user,
        as_of,
        as_json,
    )


@draft_app.command("points")
def points(
    account: Annotated[str, typer.Argument(help="Account id or name.")],
    audience: Annotated[
        str | None,
        typer.Option(help="department_head, end_user, technical or a job title."),
    ] = None,
    as_user: AsUser = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
) -> None:
    """Talking points for one audience, each citing its evidence."""
    from assistant.drafting.api import talking_points

    _draft_and_show(
        lambda services, asker, day: talking_points(
            services, account, audience, asker, as_of=day
        ),
        as_user,
        as_of,
        as_json,
    )


def _draft_and_show(
    make: Callable[[Services, str, date | None], Answer],
    as_user: str | None,
    as_of: str | None,
    as_json: bool,
) -> None:
    """Draft with ``make`` for the asker and day the options name, then print it."""
    from assistant.answers import LOCAL_OPERATOR
    from assistant.container import Services

    services = Services(settings(), engine=engine())
    answer = make(services, as_user or LOCAL_OPERATOR, parse_as_of(as_of))
    _show(answer, as_json)


def _show(answer: Answer, as_json: bool) -> None:
    if as_json:
        print_json(answer)
        return
    typer.echo(answer.text)
    typer.echo("")
    typer.echo("Evidence:")
    for item in answer.evidence:
        if item.kind == "tool":
            typer.echo(f"  {item.id} {item.name}: {item.summary}")
        else:
            typer.echo(f"  {item.id} {item.title} § {item.heading}")
    for missing in answer.missing:
        typer.echo(f"Missing: {missing}")
    for note in answer.notes:
        typer.echo(f"Note: {note}")


def register_eval() -> None:
    """Attach ``drafting`` to ``csm eval``."""
    from bots.cli.eval_retrieval import eval_app

    eval_app.command("drafting")(eval_drafting)


DEFAULT_CASES = (
    Path(__file__).resolve().parents[2] / "tests" / "assistant" / "eval_drafting.yaml"
)


def eval_drafting(
    cases: Annotated[
        Path, typer.Option("--cases", exists=True, dir_okay=False)
    ] = DEFAULT_CASES,
    workdir: Annotated[
        Path | None,
        typer.Option("--workdir", help="Keep the demo database and index here."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Score talking points, drafts and briefs on the labelled drafting requests."""
    import tempfile

    from assistant.drafting.evaluation import (
        demo_assistant,
        load_drafting_cases,
        run_drafting_eval,
    )

    labelled = load_drafting_cases(cases)
    with tempfile.TemporaryDirectory(prefix="csm-eval-drafting-") as scratch:
        folder = workdir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        assistant = demo_assistant(folder, labelled, settings())
        report = run_drafting_eval(assistant, labelled)
    if as_json:
        print_json(report)
    else:
        for result in report.failures:
            typer.echo(f"FAIL {result.q}")
            for problem in result.problems:
                typer.echo(f"     {problem}")
        typer.echo(f"{report.passed}/{report.cases} drafting cases pass")
    if report.passed < report.cases:
        raise typer.Exit(1)
