"""``csm health``, ``csm usage`` and ``csm portfolio``: health, usage and risk views."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

# Typer vendors Click and exposes its Context only from the vendored module.
from typer._click.core import Context as ClickContext
from typer.core import TyperGroup

from assistant.answers import LOCAL_OPERATOR
from assistant.permissions import require_view, resolve_principal, visible_scope
from bots.cli.common import engine, print_json, settings
from tools.health_model import HealthModel
from tools.portfolio import Portfolio, csm_pool_queue, portfolio_risk, upcoming_renewals
from tools.results import HealthReport


class _AccountFirstGroup(TyperGroup):
    """``csm health ACME`` means ``csm health show ACME``; subcommands still work."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


health_app = typer.Typer(
    cls=_AccountFirstGroup,
    help="Explainable health: csm health ACCOUNT, calibrate, lift.",
    no_args_is_help=True,
)
portfolio_app = typer.Typer(help="Accounts ranked by risk, renewals, CSM pool.")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Date YYYY-MM-DD; default today (UTC).")
]


AsMember = Annotated[
    str | None,
    typer.Option("--as", help="Team member email whose rights apply (default: all)."),
]


def _visible_account_id(account: str, asker: str | None) -> str:
    """Resolve the account and check the asker may see it in full.

    Raises:
        ForbiddenError: the asker is unknown or the account is not in their book.
    """
    from tools.resolve import require_account

    record = require_account(engine(), account)
    principal = resolve_principal(engine(), asker or LOCAL_OPERATOR)
    require_view(principal, record.account_id, record.name)
    return record.account_id


def _as_of(value: str | None) -> date:
    if value is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"--as-of must be YYYY-MM-DD, not {value!r}") from exc


def _model() -> HealthModel:
    from tools.model_file import load_model

    return load_model(settings().health_model_path)


@health_app.command("show")
def show(
    account: Annotated[str, typer.Argument(help="Account id or name.")],
    json_out: JsonFlag = False,
    as_of: AsOf = None,
    asker: AsMember = None,
) -> None:
    """Score, band, trend, contributions, flags and what would bring it to green."""
    from tools.health import score_account

    account_id = _visible_account_id(account, asker)
    report = score_account(engine(), _model(), account_id, _as_of(as_of))
    if json_out:
        print_json(report)
        return
    _print_health(report)


def _print_health(r: HealthReport) -> None:
    score = "no score" if r.score is None else f"{r.score:.1f}"
    trend = "" if r.change is None else f" ({r.change:+.1f} since {r.previous_score})"
    typer.echo(f"{r.account_name} ({r.account_id}) as of {r.provenance.as_of}")
    typer.echo(f"  health {score} {r.band}{trend}; cohort {r.cohort}, stage {r.stage}")
    typer.echo("  indicator                       value    sub  weight  points")
    for row in r.indicators:
        value = "—" if row.value is None else f"{row.value:.4g}"
        sub = "—" if row.sub_score is None else f"{row.sub_score:.0f}"
        typer.echo(
            f"  {row.label:<30}{value:>7}{sub:>7}{row.effective_weight:>8.1f}"
            f"{row.contribution:>8.1f}"
        )
    for flag in r.flags:
        typer.echo(
            f"  FLAG {flag.rule} [{flag.severity}]: {flag.description}: "
            f"{flag.observed:g} {flag.op} {flag.threshold:g}"
        )
    if r.to_green and not r.to_green.already_green:
        how = "any one of" if r.to_green.single_moves else "all of"
        typer.echo(f"  to green (+{r.to_green.points_needed:g} points), {how}:")
        for move in r.to_green.single_moves or r.to_green.combined:
            typer.echo(
                f"    {move.label}: {move.current:.4g} -> {move.op} {move.target:.4g} "
                f"(+{move.gain:g})"
            )
    for gap in r.gaps:
        typer.echo(f"  note: {gap}")


@health_app.command("calibrate")
def calibrate_command(
    json_out: JsonFlag = False,
    write: Annotated[
        Path | None, typer.Option("--write", help="Write the proposed model here.")
    ] = None,
    lead_days: Annotated[int, typer.Option(help="Days before each end date.")] = 30,
) -> None:
    """Learn thresholds and weights from renewal outcomes; never activates them."""
    from tools.model_file import DEFAULT_MODEL_PATH, write_model
    from tools.proposal import calibrate, proposal_header

    report = calibrate(engine(), _model(), lead_days=lead_days)
    if write is not None and report.proposed_model is not None:
        active = settings().health_model_path or DEFAULT_MODEL_PATH
        header = proposal_header(report, datetime.now(UTC).date())
        write_model(report.proposed_model, write, header, active)
    if json_out:
        print_json(report)
        return
    for c in [report.pooled, *report.cohorts]:
        if c.status != "learned":
            typer.echo(f"{c.cohort}: skipped: {c.message}")
            continue
        typer.echo(
            f"{c.cohort}: {c.outcomes} outcomes, {c.churned} churned; AUC {c.auc_cv} "
            f"({c.folds}-fold CV); best single {c.best_single_indicator} "
            f"{c.best_single_auc}; top-decile lift {c.top_decile_lift}"
        )
        for s in c.separating[:4]:
            typer.echo(
                f"    {s.indicator}: churn {s.churn_when} {s.threshold:g} "
                f"({s.churn_rate_below:.0%} below vs {s.churn_rate_at_or_above:.0%})"
            )
    if write is not None:
        typer.echo(f"proposed model written to {write}; review it before use")


@health_app.command("lift")
def lift_command(json_out: JsonFlag = False) -> None:
    """Renewal rate of terms that used each feature vs those that did not."""
    from tools.lift import feature_lift

    report = feature_lift(engine())
    if json_out:
        print_json(report)
        return
    typer.echo(f"{report.outcomes} outcomes, {report.retained} retained")
    for f in report.features:
        lift = "—" if f.lift is None else f"{f.lift:+.0%}"
        typer.echo(
            f"  {f.feature_key:<26} with {f.retained_with}/{f.terms_with} "
            f"without {f.retained_without}/{f.terms_without}  lift {lift}"
        )


def usage(
    account: Annotated[str, typer.Argument(help="Account id or name.")],
    days: Annotated[int, typer.Option(help="Window length in days.")] = 30,
    json_out: JsonFlag = False,
    as_of: AsOf = None,
    asker: AsMember = None,
) -> None:
    """Usage metrics of one account over a window, against the window before."""
    from tools.usage import usage_report

    account_id = _visible_account_id(account, asker)
    report = usage_report(engine(), account_id, _as_of(as_of), days)
    if json_out:
        print_json(report)
        return
    w = report.window
    typer.echo(f"{report.account_name} ({report.account_id}), {w.start} to {w.end}")
    for m in report.metrics:
        value = "—" if m.value is None else f"{m.value:g}"
        typer.echo(f"  {m.label:<34}{value:>10} {m.unit}")
    typer.echo(f"  key features used: {', '.join(report.key_features_used) or 'none'}")
    for gap in report.gaps:
        typer.echo(f"  note: {gap}")


def _portfolio(
    csm: str | None, segment: str | None, as_of: str | None, asker: str | None
) -> Portfolio:
    s = settings()
    principal = resolve_principal(engine(), asker or LOCAL_OPERATOR)
    portfolio = portfolio_risk(
        engine(),
        _model(),
        _as_of(as_of),
        high_touch_min_arr=s.high_touch_min_arr,
        tech_touch_max_arr=s.tech_touch_max_arr,
        csm_email=csm,
        segment=segment,
    )
    scope = visible_scope(principal)
    if scope is None:
        return portfolio
    return portfolio.model_copy(
        update={"rows": [r for r in portfolio.rows if r.account_id in scope]}
    )


def _print_portfolio(portfolio: Portfolio, json_out: bool) -> None:
    if json_out:
        print_json(portfolio)
        return
    typer.echo(f"{portfolio.scope}, as of {portfolio.as_of}")
    for r in portfolio.rows:
        score = "—" if r.score is None else f"{r.score:.0f}"
        at_risk = "—" if r.revenue_at_risk is None else f"{r.revenue_at_risk:,.0f}"
        typer.echo(
            f"  {r.account_name:<28}{score:>5} {r.band:<8}{at_risk:>12} at risk  "
            f"{r.coverage:<10} renews {r.renewal_date}  {' '.join(r.flags)}"
        )


Csm = Annotated[str | None, typer.Option("--csm", help="Only this CSM's accounts.")]
Segment = Annotated[str | None, typer.Option(help="Only this segment.")]


@portfolio_app.command("risk")
def risk_command(
    csm: Csm = None,
    segment: Segment = None,
    json_out: JsonFlag = False,
    as_of: AsOf = None,
    asker: AsMember = None,
) -> None:
    """Accounts ranked by risk × ARR (only the asker's book with --as)."""
    _print_portfolio(_portfolio(csm, segment, as_of, asker), json_out)


@portfolio_app.command("renewals")
def renewals_command(
    days: Annotated[int, typer.Option(help="Renewing within this many days.")] = 90,
    csm: Csm = None,
    json_out: JsonFlag = False,
    as_of: AsOf = None,
    asker: AsMember = None,
) -> None:
    """Renewals in the next N days with their band."""
    portfolio = _portfolio(csm, None, as_of, asker)
    _print_portfolio(upcoming_renewals(portfolio, days), json_out)


@portfolio_app.command("pool")
def pool_command(
    limit: Annotated[int, typer.Option(help="Accounts to list.")] = 20,
    json_out: JsonFlag = False,
    as_of: AsOf = None,
    asker: AsMember = None,
) -> None:
    """The CSM-pool queue: risky, valuable low- and tech-touch accounts."""
    portfolio = _portfolio(None, None, as_of, asker)
    _print_portfolio(csm_pool_queue(portfolio, limit), json_out)


def register(app: typer.Typer) -> None:
    """Add ``health``, ``usage`` and ``portfolio`` to the top-level app."""
    app.add_typer(health_app, name="health")
    app.command("usage")(usage)
    app.add_typer(portfolio_app, name="portfolio")
