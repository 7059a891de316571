"""``csm brief ACCOUNT``: a meeting-prep brief as Markdown, HTML or Slack blocks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bots.cli.common import engine, settings
from bots.cli.options import AsOf, AsUser, parse_as_of


def register(app: typer.Typer) -> None:
    """Add ``csm brief``."""
    app.command("brief")(brief)


def brief(
    account: Annotated[str, typer.Argument(help="Account id or name.")],
    audience: Annotated[
        str | None,
        typer.Option(
            help="department_head, end_user, technical or a job title; "
            "default: all three."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="markdown, html or slack (Block Kit JSON).")
    ] = "markdown",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
    attendee: Annotated[
        list[str] | None,
        typer.Option("--attendee", help="Contact name or email; repeat per person."),
    ] = None,
    as_user: AsUser = None,
    as_of: AsOf = None,
) -> None:
    """Prepare a meeting brief for one account; every figure cites its evidence."""
    from assistant.answers import LOCAL_OPERATOR
    from assistant.briefs import build_brief
    from assistant.container import Services

    services = Services(settings(), engine=engine())
    document = build_brief(
        services,
        account,
        audience,
        fmt,
        as_user or LOCAL_OPERATOR,
        attendees=attendee or [],
        as_of=parse_as_of(as_of),
    )
    if out is not None:
        out.write_text(document.content, encoding="utf-8")
        typer.echo(
            f"wrote {document.format} brief of {document.brief.account_name} to {out}"
        )
    else:
        sys.stdout.write(document.content)
    for note in document.brief.notes:
        typer.echo(f"Note: {note}", err=True)
