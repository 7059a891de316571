"""``csm db``: apply and inspect migrations."""

from __future__ import annotations

import typer

from bots.cli.common import engine
from knowledge import schema

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Apply every pending migration (safe to run again)."""
    schema.upgrade(engine())
    typer.echo(f"database at revision {schema.current_revision(engine())}")


@app.command("status")
def status() -> None:
    """Show the current and newest revision."""
    current = schema.current_revision(engine())
    head = schema.head_revision()
    state = "up to date" if current == head else "needs `csm db upgrade`"
    typer.echo(f"current: {current or 'empty'}  head: {head}  ({state})")
