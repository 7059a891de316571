"""The ``csm`` command: one Typer app, sub-commands registered from their modules.

Sub-command modules import heavy libraries (torch, Chroma) inside their functions so
that ``csm --help`` and data commands stay fast.
"""

from __future__ import annotations

import sys

import typer
from sqlalchemy.exc import OperationalError

from bots.cli import (
    adapt,
    ask,
    backup,
    brief,
    demo,
    draft,
    eval_answers,
    eval_retrieval,
    health,
    importing,
    kb,
    keys,
    outreach,
    serve,
    setup,
)
from bots.cli import db as db_commands
from bots.cli import slack as slack_commands
from knowledge.errors import (
    CsmError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    UpstreamUnavailableError,
)

app = typer.Typer(
    name="csm",
    help="csm-assistant: a customer-success assistant whose figures are traceable.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db_commands.app, name="db")
app.add_typer(adapt.app, name="adapt")
app.add_typer(kb.app, name="kb")
app.add_typer(slack_commands.app, name="slack")
app.add_typer(keys.app, name="keys")
eval_retrieval.register(app)
eval_answers.register()
ask.register(app)
importing.register(app)
backup.register(app)
health.register(app)
brief.register(app)
draft.register(app)
outreach.register(app)
app.command("demo-data")(demo.demo_data)
app.command("serve")(serve.serve)
app.command("setup")(setup.setup)

_EXIT_CODES: dict[type[CsmError], int] = {
    InvalidInputError: 2,
    NotFoundError: 3,
    ForbiddenError: 4,
    UpstreamUnavailableError: 5,
}


def run() -> None:
    """Console entry point: domain errors become one clear line and an exit code."""
    try:
        app()
    except CsmError as exc:
        sys.stderr.write(f"error: {exc.message}\n")
        if isinstance(exc, InvalidInputError) and len(exc.problems) > 1:
            for problem in exc.problems[1:]:
                sys.stderr.write(f"       {problem}\n")
        code = next((c for t, c in _EXIT_CODES.items() if isinstance(exc, t)), 1)
        raise SystemExit(code) from None
    except OperationalError as exc:
        # Whichever command first touches an unreachable database: one line, no trace.
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        sys.stderr.write(f"error: database unavailable: {reason}\n")
        raise SystemExit(_EXIT_CODES[UpstreamUnavailableError]) from None


if __name__ == "__main__":
    run()
