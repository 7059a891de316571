"""``csm import``: load a folder of contract files, with progress and a summary."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from bots.cli.common import engine, print_json
from knowledge import schema
from knowledge.importer import ImportReport, import_directory
from knowledge.importer.directory import ProgressCallback


@contextmanager
def _progress_bar() -> Iterator[ProgressCallback | None]:
    """A byte-based progress bar on a terminal; nothing (log lines only) otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:,} rows"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(file: str, rows: int, done: int, total: int) -> None:
            if file not in tasks:
                tasks[file] = bar.add_task(file, total=total or None, rows=0)
            bar.update(tasks[file], completed=done, rows=rows)

        yield update


def print_report(report: ImportReport) -> None:
    """The per-file summary table, then every refused file with its problems."""
    table = Table(title="import summary")
    for column in ("file", "rows read", "inserted", "updated", "unchanged", "result"):
        table.add_column(
            column, justify="left" if column in ("file", "result") else "right"
        )
    for item in report.files:
        table.add_row(
            item.file,
            f"{item.rows_read:,}",
            f"{item.inserted:,}",
            f"{item.updated:,}",
            f"{item.unchanged:,}",
            "ok" if item.ok else "[red]refused[/red]",
        )
    console = Console()
    console.print(table)
    for item in report.failed:
        console.print(f"[red]refused[/red] {item.file}: nothing of it was written")
        for problem in item.problems:
            console.print(f"  {problem}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the import command to the top-level app."""

    @app.command("import")
    def import_command(
        directory: Annotated[Path, typer.Argument(help="Folder of contract files.")],
        actor: Annotated[str, typer.Option(help="Name recorded in the audit log.")] = (
            "import"
        ),
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        index: Annotated[
            bool,
            typer.Option(
                help="Update the search index when notes or playbooks changed."
            ),
        ] = True,
    ) -> None:
        """Load any subset of the data contract's files from DIRECTORY.

        Each file loads whole or not at all; running the same import again changes
        nothing.
        """
        schema.upgrade(engine())
        with _progress_bar() as progress:
            report = import_directory(engine(), directory, actor, progress)
        if as_json:
            print_json(report)
        else:
            print_report(report)
        documents_changed = any(
            f.file in ("notes/", "playbooks/") and (f.inserted or f.updated)
            for f in report.files
        )
        if index and documents_changed:
            # The index is derived from the database; bring it in line now so the
            # new notes and playbooks are searchable (only changed text is embedded).
            from bots.cli.kb import knowledge_base

            indexed = knowledge_base().reindex()
            sys.stderr.write(
                f"search index: {indexed.embedded} chunks embedded, "
                f"{indexed.cache_hits} from cache\n"
            )
        if not report.ok:
            raise typer.Exit(2)
