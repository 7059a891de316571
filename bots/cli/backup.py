"""``csm backup`` and ``csm restore``: a portable copy of everything the team added."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bots.cli.common import engine
from knowledge.backup import backup_database, restore_database
from knowledge.errors import CsmError

REINDEX_COMMAND = "csm kb reindex --full"


def backup(
    directory: Annotated[
        Path, typer.Argument(help="New or empty folder to write the backup to.")
    ],
) -> None:
    """Write every table and every document to DIRECTORY (safe while serving).

    The copy is consistent: rows written while it runs stay out of it. The search
    index is not copied; it is rebuilt from the tables after a restore.
    """
    summary = backup_database(engine(), directory)
    typer.echo(
        f"backup written to {summary.directory}: {len(summary.tables)} tables, "
        f"{summary.rows:,} rows, {summary.documents} documents, "
        f"schema revision {summary.revision or 'empty'}"
    )


def restore(
    directory: Annotated[Path, typer.Argument(help="A folder written by csm backup.")],
    reindex: Annotated[
        bool,
        typer.Option(help="Rebuild the search index afterwards (loads the model)."),
    ] = True,
) -> None:
    """Load a backup into a new, empty database, then rebuild the search index.

    The database named by CSM_DATABASE_URL must hold no data; its schema is created
    at the backup's revision and migrated to the newest afterwards. Every row is
    loaded in one transaction, so a failed restore leaves the database empty.
    """
    summary = restore_database(engine(), directory)
    typer.echo(
        f"restored {summary.rows:,} rows into {len(summary.tables)} tables "
        f"from {summary.directory}"
    )
    if not reindex:
        typer.echo(f"search index not rebuilt; run `{REINDEX_COMMAND}` before serving")
        return

    # Imported here: the model and Chroma load only when the index is rebuilt.
    from bots.cli.kb import knowledge_base

    try:
        report = knowledge_base().reindex(full=True)
    except CsmError:
        typer.echo(
            f"the data is restored but the search index is not; run "
            f"`{REINDEX_COMMAND}` once the vector store is reachable",
            err=True,
        )
        raise
    typer.echo(f"search index rebuilt: {report.documents} documents")


def register(app: typer.Typer) -> None:
    """Add the backup and restore commands to the top-level app."""
    app.command("backup")(backup)
    app.command("restore")(restore)
