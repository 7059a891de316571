"""``csm keys``: create, list and revoke API keys of the HTTP API."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from bots.cli.common import engine, print_json

app = typer.Typer(help="API keys of the HTTP API.", no_args_is_help=True)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


@app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="Who or what uses the key.")],
    scopes: Annotated[
        str,
        typer.Option(
            "--scopes",
            help="Comma-separated: read, ask, draft, kb:write, import, admin.",
        ),
    ],
) -> None:
    """Create a key; it is shown once, alone on the last line, and stored hashed."""
    from assistant.api.scopes import parse_scopes
    from knowledge.queries.api_keys import create_key

    try:
        wanted = parse_scopes(scopes)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--scopes") from exc
    record, secret = create_key(engine(), name, wanted, _actor())
    typer.echo(f"created key {record.key_id} '{record.name}': {', '.join(wanted)}")
    typer.echo("store it now; it is not shown again:")
    typer.echo(secret)


@app.command("list")
def list_keys(
    include_revoked: Annotated[
        bool, typer.Option("--all", help="Include revoked keys.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Keys with their scopes; never the keys themselves."""
    from knowledge.queries.api_keys import list_keys as stored_keys

    keys = stored_keys(engine(), include_revoked=include_revoked)
    if as_json:
        print_json(
            [
                {
                    "key_id": k.key_id,
                    "name": k.name,
                    "scopes": list(k.scopes),
                    "created_at": k.created_at.isoformat(),
                    "created_by": k.created_by,
                    "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
                }
                for k in keys
            ]
        )
        return
    if not keys:
        typer.echo("no API keys; create one with `csm keys create`")
    for k in keys:
        state = f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else "active"
        typer.echo(
            f"{k.key_id}  {k.name:30} {','.join(k.scopes):28} "
            f"created {k.created_at:%Y-%m-%d}  {state}"
        )


@app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key id (not the key).")],
) -> None:
    """Revoke a key; requests with it get 401 from then on."""
    from knowledge.queries.api_keys import revoke_key

    record = revoke_key(engine(), key_id, _actor())
    typer.echo(f"revoked key {record.key_id} '{record.name}'")
