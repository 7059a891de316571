"""The catalog of health indicators and how each is derived from raw figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from knowledge.queries.indicators import RawIndicators


@dataclass(frozen=True)
class IndicatorSpec:
    """What an indicator means, in which unit, and whether it counts whole things."""

    label: str
    unit: str
    integral: bool
    uses_usage: bool
    description: str


INDICATORS: dict[str, IndicatorSpec] = {
    "logins": IndicatorSpec(
        "Logins", "logins", True, True, "logins in the current window"
    ),
    "login_change_pct": IndicatorSpec(
        "Login change",
        "%",
        False,
        True,
        "logins in the current window vs the previous one, in percent",
    ),
    "active_users": IndicatorSpec(
        "Active users", "users", True, True, "distinct users active in the window"
    ),
    "seat_utilization_pct": IndicatorSpec(
        "Seat utilization", "%", False, True, "active users / seats purchased"
    ),
    "logins_per_active_user": IndicatorSpec(
        "Logins per active user",
        "logins/user",
        False,
        True,
        "logins in the window divided by distinct active users",
    ),
    "key_feature_breadth_pct": IndicatorSpec(
        "Key feature breadth",
        "%",
        False,
        True,
        "key features used in the window / key features in the catalog",
    ),
    "key_features_used": IndicatorSpec(
        "Key features used", "features", True, True, "key features used in the window"
    ),
    "key_features_first_60d": IndicatorSpec(
        "Key features in first 60 days",
        "features",
        True,
        True,
        "key features used in the first 60 days of the contract",
    ),
    "messages": IndicatorSpec(
        "Messages sent", "messages", False, True, "messages sent in the window"
    ),
    "messages_total": IndicatorSpec(
        "Messages sent since contract start",
        "messages",
        False,
        True,
        "messages sent from the contract start to the as-of date",
    ),
    "messages_first_90d": IndicatorSpec(
        "Messages in first 90 days",
        "messages",
        False,
        True,
        "messages sent in the first 90 days of the contract",
    ),
    "value_attainment_pct": IndicatorSpec(
        "Value vs target",
        "%",
        False,
        False,
        "mean attainment of the latest period of each value metric with a target",
    ),
    "open_sev1": IndicatorSpec(
        "Open sev1 tickets", "tickets", True, False, "sev1 tickets open at the as-of"
    ),
    "open_sev2": IndicatorSpec(
        "Open sev2 tickets", "tickets", True, False, "sev2 tickets open at the as-of"
    ),
    "open_tickets": IndicatorSpec(
        "Open tickets", "tickets", True, False, "tickets of any severity still open"
    ),
    "oldest_open_sev1_days": IndicatorSpec(
        "Oldest open sev1",
        "days",
        False,
        False,
        "age in days of the oldest open sev1 ticket (0 when none)",
    ),
    "days_to_renewal": IndicatorSpec(
        "Days to renewal", "days", True, False, "days from the as-of to the renewal"
    ),
    "tenure_days": IndicatorSpec(
        "Tenure", "days", True, False, "days since the contract started"
    ),
}


@dataclass(frozen=True)
class TermContext:
    """The contract term an account is looked at in."""

    seats: int | None
    start: date | None
    renewal: date | None


def indicator_values(
    raw: RawIndicators, term: TermContext, key_catalog_size: int
) -> dict[str, float | None]:
    """Every catalog indicator for one target; None where it cannot be known.

    Usage indicators are None when the account has no usage at all up to the as-of
    date (no data is not the same as zero use); ratios are None when the
    denominator is missing.
    """
    values: dict[str, float | None] = {}
    usage = raw.has_usage

    values["logins"] = float(raw.logins) if usage else None
    values["login_change_pct"] = (
        100.0 * (raw.logins - raw.logins_prev) / raw.logins_prev
        if usage and raw.logins_prev > 0
        else None
    )
    values["active_users"] = float(raw.active_users) if usage else None
    values["seat_utilization_pct"] = (
        100.0 * raw.active_users / term.seats if usage and term.seats else None
    )
    values["logins_per_active_user"] = (
        (raw.logins / raw.active_users if raw.active_users else 0.0) if usage else None
    )
    values["key_feature_breadth_pct"] = (
        100.0 * raw.key_features_used / key_catalog_size
        if usage and key_catalog_size
        else None
    )
    values["key_features_used"] = float(raw.key_features_used) if usage else None
    values["key_features_first_60d"] = (
        float(raw.key_features_first_60d) if usage else None
    )
    values["messages"] = raw.messages if usage else None
    values["messages_total"] = raw.messages_total if usage else None
    values["messages_first_90d"] = raw.messages_first_90d if usage else None

    values["value_attainment_pct"] = raw.value_attainment_pct
    values["open_sev1"] = float(raw.open_tickets.get("sev1", 0))
    values["open_sev2"] = float(raw.open_tickets.get("sev2", 0))
    values["open_tickets"] = float(sum(raw.open_tickets.values()))
    values["oldest_open_sev1_days"] = (
        float((raw.as_of - raw.oldest_open_sev1.date()).days)
        if raw.oldest_open_sev1 is not None
        else 0.0
    )
    values["days_to_renewal"] = (
        float((term.renewal - raw.as_of).days) if term.renewal else None
    )
    values["tenure_days"] = float((raw.as_of - term.start).days) if term.start else None
    return values
