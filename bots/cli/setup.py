"""``csm setup``: migrate, load the demo into an empty database, bring the index up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import text

from bots.cli.common import engine, settings
from bots.cli.importing import print_report
from knowledge import schema
from knowledge.importer import import_directory


def _load_demo(folder: Path) -> None:
    from knowledge.demo import write_demo

    if not (folder / "accounts.csv").is_file():
        typer.echo(f"writing the demo book of business to {folder} …")
        summary = write_demo(folder)
        typer.echo(summary.line())
    typer.echo(f"importing {folder} …")
    report = import_directory(engine(), folder, actor="setup")
    print_report(report)
    if not report.ok:
        raise typer.Exit(2)


def setup(
    demo: Annotated[
        bool, typer.Option(help="Load the demo book of business if the DB is empty.")
    ] = True,
    demo_dir: Annotated[
        Path | None, typer.Option(help="Where to write the demo files.")
    ] = None,
    index: Annotated[
        bool, typer.Option(help="Bring the search index in line with the database.")
    ] = True,
) -> None:
    """Prepare a database to serve: migrations, the demo if empty, the search index.

    Safe to run again: an existing database is left as it is, and the index only
    embeds what changed.
    """
    schema.upgrade(engine())
    typer.echo(f"database ready at revision {schema.current_revision(engine())}")

    with engine().connect() as conn:
        accounts = conn.execute(text("SELECT COUNT(*) FROM accounts")).scalar_one()
    if accounts:
        typer.echo(f"{accounts} accounts already loaded; nothing imported")
    elif demo:
        _load_demo(demo_dir or settings().var_dir / "demo")

    if index:
        from bots.cli.kb import knowledge_base

        typer.echo("updating the search index (embeds only what changed) …")
        report = knowledge_base().reindex()
        typer.echo(
            f"index: {report.documents} documents, {report.chunks} chunks, "
            f"{report.embedded} embedded, {report.cache_hits} from cache, "
            f"{report.seconds:.1f}s"
        )
