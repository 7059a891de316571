"""Options that several commands take alike: whose rights apply, and as of which day."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

AsUser = Annotated[
    str | None, typer.Option("--as", help="Team member email whose rights apply.")
]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Date YYYY-MM-DD; default today.")
]


def parse_as_of(value: str | None) -> date | None:
    """The day an ``--as-of`` value names, or None when it was not given.

    Raises:
        typer.BadParameter: the value is not a YYYY-MM-DD date.
    """
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise typer.BadParameter(f"--as-of must be YYYY-MM-DD, not {value}") from exc
