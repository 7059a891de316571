"""``csm kb``: search, curate and maintain the knowledge base.

The embedding model loads only for commands that embed (search, add, reindex of
changed text); listing, history, retiring and reports never load it.
"""

from __future__ import annotations

import getpass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from bots.cli.common import engine, print_json, settings

if TYPE_CHECKING:
    from retrieval.service import KnowledgeBase

app = typer.Typer(
    help="Knowledge base: playbooks and account notes.", no_args_is_help=True
)
report_app = typer.Typer(help="Curation reports.", no_args_is_help=True)
app.add_typer(report_app, name="report")

Actor = Annotated[
    str | None, typer.Option("--actor", help="Who makes the change (default: $USER).")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """The knowledge base named by the settings (built once per process)."""
    from retrieval.service import build_knowledge_base

    config = settings()
    return build_knowledge_base(
        engine(),
        chroma_path=config.chroma_path,
        chroma_url=config.chroma_url,
        model_path=config.embedding_model_path,
        question_log_days=config.question_log_days,
    )


def _actor(actor: str | None) -> str:
    return actor or f"cli:{getpass.getuser()}"


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="The question, as a CSM would ask it.")],
    account: Annotated[
        str | None, typer.Option("--account", help="Account id.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="playbook or note.")
    ] = None,
    stage: Annotated[str | None, typer.Option("--stage")] = None,
    audience: Annotated[str | None, typer.Option("--audience")] = None,
    segment: Annotated[str | None, typer.Option("--segment")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50)] = 5,
    as_json: AsJson = False,
) -> None:
    """Find passages that answer a question, with citations."""
    from retrieval.models import SearchFilters

    if kind not in (None, "playbook", "note"):
        raise typer.BadParameter("must be 'playbook' or 'note'", param_hint="--kind")
    filters = SearchFilters(
        account_id=account,
        kind=kind,
        stage=stage,
        audience=audience,
        segment=segment,
    )
    result = knowledge_base().search(query, filters, k=k, asker=_actor(None))
    if as_json:
        print_json(result)
        return
    if not result.answered:
        typer.echo(result.reason or "no supporting document")
        raise typer.Exit(1)
    for rank, passage in enumerate(result.passages, start=1):
        typer.echo(f"{rank}. {passage.citation}  [{passage.chunk_id}]")
        typer.echo(f"   score {passage.score:.4f}  similarity {passage.similarity:.2f}")
        typer.echo(f"   {passage.snippet}")


@app.command("add")
def add(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False)],
    actor: Actor = None,
) -> None:
    """Add or update playbooks and notes from Markdown files (all or none)."""
    results = knowledge_base().add_files(files, _actor(actor))
    failed = False
    for item in results:
        typer.echo(
            f"{item.outcome:9} {item.document_id} v{item.version}  ({item.source})"
        )
        if item.warning:
            failed = True
            typer.echo(f"          warning: {item.warning}", err=True)
    if failed:
        raise typer.Exit(5)


@app.command("list")
def list_playbooks(as_json: AsJson = False) -> None:
    """Every playbook with its status and the version users see."""
    playbooks = knowledge_base().list_playbooks()
    if as_json:
        print_json([p.model_dump(mode="json") for p in playbooks])
        return
    for p in playbooks:
        served = f"v{p.served_version}" if p.served_version else "none"
        typer.echo(
            f"{p.slug:40} {p.status:9} latest v{p.current_version}  served {served}"
            f"  {p.title}"
        )


@app.command("history")
def history(
    slug: str,
    diff: Annotated[
        tuple[int, int] | None,
        typer.Option("--diff", help="Show the diff between two versions."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Versions of a playbook: who changed it, when, and its status."""
    kb = knowledge_base()
    if diff is not None:
        typer.echo(kb.diff(slug, diff[0], diff[1]))
        return
    versions = kb.history(slug)
    if as_json:
        print_json([v.model_dump(mode="json") for v in versions])
        return
    for v in versions:
        typer.echo(
            f"v{v.version:<3} {v.created_at:%Y-%m-%d %H:%M}  {v.status:9} "
            f"{v.author or '-'}  {v.title}"
        )


def _set_status(slug: str, status: Literal["published", "retired"], actor: str) -> None:
    saved = knowledge_base().set_status(slug, status, actor)
    typer.echo(f"{slug}: {status} as v{saved.version} ({saved.outcome})")
    if saved.warning:
        typer.echo(f"warning: {saved.warning}", err=True)
        raise typer.Exit(5)


@app.command("publish")
def publish(slug: str, actor: Actor = None) -> None:
    """Publish a playbook's latest version."""
    _set_status(slug, "published", _actor(actor))


@app.command("retire")
def retire(slug: str, actor: Actor = None) -> None:
    """Retire a playbook: it stops reaching users at once."""
    _set_status(slug, "retired", _actor(actor))


@app.command("feedback")
def feedback(
    chunk_id: str,
    helpful: Annotated[bool, typer.Option("--helpful/--not-helpful")],
    actor: Actor = None,
) -> None:
    """Vote on a passage; votes nudge its rank within a bounded range."""
    knowledge_base().feedback(chunk_id, helpful, _actor(actor))
    typer.echo("thanks: vote recorded")


@app.command("reindex")
def reindex(
    full: Annotated[
        bool, typer.Option("--full", help="Drop the index and rebuild it.")
    ] = False,
) -> None:
    """Bring the vector index in line with the database."""
    report = knowledge_base().reindex(full=full)
    typer.echo(
        f"{report.documents} documents, {report.chunks} chunks: {report.written} "
        f"written, {report.deleted} deleted, {report.embedded} embedded "
        f"({report.cache_hits} from cache) in {report.seconds:.1f} s"
    )


@app.command("check")
def check(as_json: AsJson = False) -> None:
    """Report drift between the database and the index (exit 1 when any)."""
    drift = knowledge_base().check()
    if as_json:
        print_json(drift)
    else:
        typer.echo(
            f"{drift.documents} documents, {drift.chunks} chunks: "
            f"{len(drift.missing)} missing, {len(drift.stale)} stale, "
            f"{len(drift.orphans)} orphaned"
        )
        for label, ids in (
            ("missing", drift.missing),
            ("stale", drift.stale),
            ("orphan", drift.orphans),
        ):
            for chunk_id in ids[:20]:
                typer.echo(f"  {label:8} {chunk_id}")
    if not drift.clean:
        raise typer.Exit(1)


@report_app.command("stale")
def report_stale(
    days: Annotated[int, typer.Option("--days", min=1)] = 180,
    as_json: AsJson = False,
) -> None:
    """Playbooks not reviewed in N days, or with a newer draft waiting."""
    items = knowledge_base().stale_report(days)
    if as_json:
        print_json([i.model_dump(mode="json") for i in items])
        return
    if not items:
        typer.echo("no stale playbooks")
    for item in items:
        typer.echo(f"{item.slug:40} {item.reason:22} {item.detail}")


@report_app.command("unanswered")
def report_unanswered(
    days: Annotated[int, typer.Option("--days", min=1)] = 30,
    as_json: AsJson = False,
) -> None:
    """Questions no document supported, similar ones grouped, most asked first."""
    groups = knowledge_base().unanswered_report(days)
    if as_json:
        print_json([g.model_dump(mode="json") for g in groups])
        return
    if not groups:
        typer.echo("no unanswered questions")
    for group in groups:
        typer.echo(f"{group.count:4}  {group.question}")
        for example in group.examples[1:]:
            typer.echo(f"        also: {example}")
