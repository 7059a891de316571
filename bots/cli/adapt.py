"""``csm adapt``: load outside data sets through their documented adapters."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bots.cli.common import engine
from knowledge import schema

app = typer.Typer(help="Load outside data sets via an adapter.", no_args_is_help=True)


@app.command("saas-churn")
def saas_churn(
    csv_file: Annotated[Path, typer.Argument(help="saas_churn.csv (PySurvival).")],
) -> None:
    """Load the public SaaS churn data set as accounts, usage and renewal outcomes.

    Load it into an empty database (for example CSM_DATABASE_URL pointing at a new
    SQLite file), then run `csm health calibrate` to learn from its outcomes.
    """
    from knowledge.adapters.saas_churn import load_customers, read_customers

    schema.upgrade(engine())
    loaded = load_customers(engine(), read_customers(csv_file))
    typer.echo(f"loaded {loaded} customers from {csv_file}")
