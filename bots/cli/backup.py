"""``csm backup`` and ``csm restore``: a portable copy of everything the team added."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bots.cli.common import engine, settings
from knowledge.backup import backup_database, restore_database
from knowledge.errors import CsmError
from tools.model_file import DEFAULT_MODEL_PATH

REINDEX_COMMAND = "csm kb reindex --full"


def custom_health_model() -> Path | None:
    """The health model file CSM_HEALTH_MODEL_PATH names, unless the shipped one."""
    path = settings().health_model_path
    if path is None or path.resolve() == DEFAULT_MODEL_PATH.resolve():
        return None
    return path


def backup(
    directory: Annotated[
        Path, typer.Argument(help="New or empty folder to write the backup to.")
    ],
) -> None:
    """Write every table and every document to DIRECTORY (safe while serving).

    The copy is consistent: rows written while it runs stay out of it. A custom
    health model (CSM_HEALTH_MODEL_PATH) is copied too. The search index is not
    copied; it is rebuilt from the tables after a restore.
    """
    summary = backup_database(engine(), directory, health_model=custom_health_model())
    typer.echo(
        f"backup written to {summary.directory}: {len(summary.tables)} tables, "
        f"{summary.rows:,} rows, {summary.documents} documents, "
        f"schema revision {summary.revision or 'empty'}"
    )
    if summary.health_model is not None:
        typer.echo(f"health model {summary.health_model} included")


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
    loaded in one transaction, so a failed restore leaves the database empty. A
    health model in the backup goes to CSM_HEALTH_MODEL_PATH; a different file
    already there stops the restore before anything is written.
    """
    summary = restore_database(engine(), directory, health_model=custom_health_model())
    typer.echo(
        f"restored {summary.rows:,} rows into {len(summary.tables)} tables "
        f"from {summary.directory}"
    )
    if summary.health_model is not None:
        typer.echo(f"health model restored to {summary.health_model}")
    if summary.health_model_left is not None:
        typer.echo(
            f"the backup holds a custom health model that was not restored: copy "
            f"{summary.health_model_left} and set CSM_HEALTH_MODEL_PATH to it",
            err=True,
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
