"""``csm outreach``: adoption nudges for the tech-touch tier, for review and export.

Nothing is ever sent: the command prints a table, JSON or CSV for a person or a
mail-merge tool to review.
"""

from __future__ import annotations

import csv
import sys
from typing import Annotated

import typer

from bots.cli.common import engine, print_json, settings
from bots.cli.options import AsOf, AsUser, parse_as_of

CSV_COLUMNS = (
    "account_id",
    "account_name",
    "segment",
    "csm_email",
    "to_name",
    "to_email",
    "to_title",
    "addressed_to_role",
    "channel",
    "subject",
    "body",
    "unused_features",
    "gaps",
)


def register(app: typer.Typer) -> None:
    """Add ``csm outreach``."""
    app.command("outreach")(outreach)


def outreach(
    segment: Annotated[
        str | None, typer.Option(help="enterprise, mid_market or smb.")
    ] = None,
    csm: Annotated[str | None, typer.Option(help="Only this CSM's accounts.")] = None,
    channel: Annotated[str, typer.Option(help="email, slack or in_app.")] = "email",
    tier: Annotated[
        list[str] | None,
        typer.Option("--tier", help="Coverage tier; repeat. Default: tech_touch."),
    ] = None,
    as_user: AsUser = None,
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_csv: Annotated[bool, typer.Option("--csv")] = False,
) -> None:
    """Draft an adoption nudge for every account under its adoption thresholds."""
    from assistant.answers import LOCAL_OPERATOR
    from assistant.container import Services
    from assistant.outreach import bulk_outreach

    day = parse_as_of(as_of)
    batch = bulk_outreach(
        Services(settings(), engine=engine()),
        as_user or LOCAL_OPERATOR,
        segment=segment,
        csm=csm,
        channel=channel,  # type: ignore[arg-type]  # validated by bulk_outreach
        tiers=tier or ["tech_touch"],  # type: ignore[arg-type]  # validated there too
        as_of=day,
    )
    if as_json:
        print_json(batch)
        return
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(CSV_COLUMNS)
        for d in batch.drafts:
            gaps = "; ".join(
                f"{g.indicator}={g.value:g}<{g.threshold:g}" for g in d.gaps
            )
            writer.writerow(
                [
                    d.account_id,
                    d.account_name,
                    d.segment,
                    d.csm_email or "",
                    d.to_name or "",
                    d.to_email or "",
                    d.to_title or "",
                    str(d.addressed_to_role).lower(),
                    d.channel,
                    d.subject,
                    d.body,
                    "; ".join(d.unused_features),
                    gaps,
                ]
            )
        return
    typer.echo(
        f"{batch.scope}, as of {batch.as_of}: {len(batch.drafts)} drafts from "
        f"{batch.considered} accounts (none sent)"
    )
    for reason, count in sorted(batch.skipped.items()):
        typer.echo(f"  skipped {count}: {reason}")
    for d in batch.drafts:
        to = d.to_name or "(no contact: addressed to the role)"
        typer.echo(
            f"{d.account_id} {d.account_name[:28]:28} → {to[:26]:26} "
            f"{', '.join(d.unused_features) or '(seats and habits)'}"
        )
