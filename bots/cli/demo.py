"""``csm demo-data``: write a seeded demo book of business to a folder."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from knowledge.errors import InvalidInputError


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInputError(
            f"--as-of must be a date like 2026-10-14, got {value!r}"
        ) from exc


def demo_data(
    directory: Annotated[Path, typer.Argument(help="Folder to write the files into.")],
    accounts: Annotated[int, typer.Option(help="Number of accounts.")] = 200,
    days: Annotated[int, typer.Option(help="Days of usage ending on --as-of.")] = 730,
    seed: Annotated[int, typer.Option(help="Seed; same seed, same files.")] = 7,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Last day of the data, YYYY-MM-DD (default: today UTC)."
        ),
    ] = None,
) -> None:
    """Write a realistic, seeded book of business shaped like the data contract."""
    from knowledge.demo import write_demo

    started = time.perf_counter()
    summary = write_demo(
        directory, accounts=accounts, days=days, seed=seed, as_of=_as_of(as_of)
    )
    elapsed = time.perf_counter() - started
    print(f"{summary.line()} -> {directory} in {elapsed:.1f}s")
