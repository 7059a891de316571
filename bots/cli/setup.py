"""``csm setup``: migrate, load the demo book of business into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import text

from bots.cli.common import engine, settings
from bots.cli.importing import print_report
from knowledge import schema
from knowledge.importer import import_directory


def setup(
    demo: Annotated[
        bool, typer.Option(help="Load the demo book of business if the DB is empty.")
    ] = True,
    demo_dir: Annotated[
        Path | None, typer.Option(help="Where to write the demo files.")
    ] = None,
) -> None:
    """Prepare a database to serve: apply migrations, then load the demo if empty."""
    schema.upgrade(engine())
    typer.echo(f"database ready at revision {schema.current_revision(engine())}")

    with engine().connect() as conn:
        accounts = conn.execute(text("SELECT COUNT(*) FROM accounts")).scalar_one()
    if accounts or not demo:
        typer.echo(f"{accounts} accounts already loaded; nothing imported")
        return

    from knowledge.demo.writer import write_demo

    folder = demo_dir or settings().var_dir / "demo"
    if not (folder / "accounts.csv").is_file():
        typer.echo(f"writing the demo book of business to {folder} …")
        summary = write_demo(folder)
        typer.echo(summary.line())
    typer.echo(f"importing {folder} …")
    report = import_directory(engine(), folder, actor="setup")
    print_report(report)
    if not report.ok:
        raise typer.Exit(2)
