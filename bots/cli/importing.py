"""``csm import``: load a folder of contract files (filled in below)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the import command to the top-level app."""
    _ = app
