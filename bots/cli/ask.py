"""``csm ask "…"``: one question answered with its evidence, as text or JSON."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from bots.cli.common import engine, print_json, settings


def register(app: typer.Typer) -> None:
    """Add ``csm ask``."""
    app.command("ask")(ask)


def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Answer with this team member's rights (email). Default: the local "
            "operator, with full rights.",
        ),
    ] = None,
    thread: Annotated[
        str | None, typer.Option("--thread", help="Conversation id for follow-ups.")
    ] = None,
    account: Annotated[
        str | None, typer.Option("--account", help="Account hint (id or name).")
    ] = None,
    audience: Annotated[
        str | None,
        typer.Option(help="department_head, end_user or technical."),
    ] = None,
    channel: Annotated[str | None, typer.Option(help="email, slack or in_app.")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date YYYY-MM-DD; default today.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the Answer as JSON.")
    ] = False,
) -> None:
    """Ask the assistant a question; every figure comes with its evidence."""
    from pydantic import ValidationError

    from assistant.answers import LOCAL_OPERATOR, Answer, AskContext
    from assistant.container import Services
    from assistant.engine import Assistant

    try:
        context = AskContext(
            asker=as_user or LOCAL_OPERATOR,
            thread_id=thread,
            account=account,
            audience=audience,
            channel=channel,
            as_of=date.fromisoformat(as_of) if as_of else None,
        )
    except (ValidationError, ValueError) as exc:
        raise typer.BadParameter(str(exc).splitlines()[0]) from exc
    services = Services(settings(), engine=engine())
    result: Answer = Assistant(services).answer(question, context)
    if as_json:
        print_json(result)
    else:
        _print(result)
    if result.status == "refused":
        raise typer.Exit(4)


def _print(result: object) -> None:
    from assistant.answers import Answer

    assert isinstance(result, Answer)  # noqa: S101  # narrowing for the type checker
    typer.echo(result.text)
    typer.echo("")
    typer.echo(
        f"[{result.status} · {result.intent} · {result.engine}"
        + (f" · as of {result.as_of}" if result.as_of else "")
        + "]"
    )
    if result.evidence:
        typer.echo("Evidence:")
        for item in result.evidence:
            if item.kind == "tool":
                typer.echo(
                    f"  {item.id} {item.name}({_args(item.arguments)}): {item.summary}"
                )
            else:
                typer.echo(
                    f"  {item.id} {item.title} § {item.heading} (v{item.version}, "
                    f"{item.document_id})"
                )
    for note in result.notes:
        typer.echo(f"Note: {note}")
    if result.follow_ups:
        typer.echo("Next: " + " | ".join(result.follow_ups))


def _args(arguments: dict[str, object]) -> str:
    return ", ".join(f"{k}={v}" for k, v in arguments.items())
