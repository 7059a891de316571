"""Usage metrics for one account and a window, each figure with its provenance."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from knowledge.errors import InvalidInputError
from knowledge.queries.catalog import list_features
from knowledge.queries.indicators import Target, compute_raw_indicators, describe_query
from knowledge.queries.usage import feature_depth
from tools.health import windows
from tools.indicators import INDICATORS, TermContext, indicator_values
from tools.resolve import require_account
from tools.results import Window

_WINDOWED = {
    "logins",
    "login_change_pct",
    "active_users",
    "seat_utilization_pct",
    "logins_per_active_user",
    "key_feature_breadth_pct",
    "key_features_used",
    "messages",
}


class Metric(BaseModel):
    """One figure, with the window it covers, its as-of date and its query."""

    name: str
    label: str
    value: float | None
    unit: str
    window: Window | None = Field(
        description="Days the figure sums over; None for point-in-time figures."
    )
    as_of: date
    query: str


class FeatureUse(BaseModel):
    """Depth of use of one feature in the window."""

    feature_key: str
    name: str
    is_key: bool
    events: int
    active_days: int
    peak_daily_users: int


class ValueFigure(BaseModel):
    """The latest period of a value metric against its target."""

    metric: str
    value: float
    target: float
    higher_is_better: bool


class UsageReport(BaseModel):
    """Usage of one account in a window compared with the window before."""

    account_id: str
    account_name: str
    as_of: date
    window: Window
    previous_window: Window
    metrics: list[Metric]
    key_features_in_catalog: int
    key_features_used: list[str]
    key_features_unused: list[str]
    feature_depth: list[FeatureUse]
    open_tickets_by_severity: dict[str, int]
    value_metrics: list[ValueFigure]
    gaps: list[str] = Field(default_factory=list)


def usage_report(
    engine: Engine, account: str, as_of: date, days: int = 30
) -> UsageReport:
    """Usage metrics of one account over ``days`` ending on ``as_of``.

    Raises:
        NotFoundError: no account matches ``account``.
        InvalidInputError: ``days`` is not between 1 and 365, or the name is ambiguous.
    """
    if not 1 <= days <= 365:
        raise InvalidInputError(f"days must be between 1 and 365, not {days}")
    record = require_account(engine, account)
    features = list_features(engine)
    key_names = {f.feature_key: f.name for f in features if f.is_key}
    raw = compute_raw_indicators(
        engine,
        [Target("now", record.account_id, as_of, record.contract_start)],
        window_days=days,
        key_features=list(key_names),
    )["now"]
    term = TermContext(record.seats, record.contract_start, record.renewal_date)
    values = indicator_values(raw, term, len(key_names))
    current, previous = windows(as_of, days)
    query = describe_query(days)

    metrics = [
        Metric(
            name=name,
            label=spec.label,
            value=None if values[name] is None else round(values[name] or 0.0, 4),
            unit=spec.unit,
            window=current if name in _WINDOWED else None,
            as_of=as_of,
            query=query,
        )
        for name, spec in INDICATORS.items()
    ]
    depth = feature_depth(engine, record.account_id, current.start, current.end)
    names = {f.feature_key: f.name for f in features}
    used = sorted(d.feature_key for d in depth if d.feature_key in key_names)
    gaps: list[str] = []
    if not raw.has_usage:
        gaps.append(f"no usage recorded for {record.name} up to {as_of}")
    elif raw.logins == 0 and raw.feature_events == 0 and raw.messages == 0:
        gaps.append(
            f"no usage between {current.start} and {current.end}; "
            f"last activity {raw.last_activity}"
        )
    return UsageReport(
        account_id=record.account_id,
        account_name=record.name,
        as_of=as_of,
        window=current,
        previous_window=previous,
        metrics=metrics,
        key_features_in_catalog=len(key_names),
        key_features_used=used,
        key_features_unused=sorted(set(key_names) - set(used)),
        feature_depth=[
            FeatureUse(
                feature_key=d.feature_key,
                name=names.get(d.feature_key, d.feature_key),
                is_key=d.feature_key in key_names,
                events=d.events,
                active_days=d.active_days,
                peak_daily_users=d.peak_daily_users,
            )
            for d in depth
        ],
        open_tickets_by_severity=dict(sorted(raw.open_tickets.items())),
        value_metrics=[
            ValueFigure(metric=m, value=v, target=t, higher_is_better=h)
            for m, v, t, h in raw.value_metrics
        ],
        gaps=gaps,
    )
