"""Usage metrics of one account, checked against the hand-built book."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from knowledge.errors import InvalidInputError
from tests.tools.book import AS_OF, build_book
from tools.usage import usage_report


def test_usage_figures_match_hand_counts(engine: Engine) -> None:
    build_book(engine)
    report = usage_report(engine, "ACME Corp.", AS_OF)
    figures = {m.name: m.value for m in report.metrics}
    assert figures["logins"] == 40
    assert figures["login_change_pct"] == -50
    assert figures["active_users"] == 5
    assert figures["seat_utilization_pct"] == 50
    assert figures["logins_per_active_user"] == 8
    assert figures["messages"] == 300
    assert figures["messages_total"] == 400
    assert figures["value_attainment_pct"] == 80
    assert figures["days_to_renewal"] == 184
    assert report.key_features_used == ["k1", "k2"]
    assert report.key_features_unused == ["k3", "k4"]
    assert [(d.feature_key, d.events) for d in report.feature_depth] == [
        ("n1", 7),
        ("k1", 4),
        ("k2", 2),
    ]
    assert report.open_tickets_by_severity == {"sev1": 1}


def test_every_figure_carries_window_as_of_and_query(engine: Engine) -> None:
    build_book(engine)
    report = usage_report(engine, "A-1", AS_OF, days=7)
    logins = next(m for m in report.metrics if m.name == "logins")
    assert logins.window is not None
    assert (str(logins.window.start), logins.window.days) == ("2026-06-24", 7)
    assert logins.as_of == AS_OF
    assert "7 days" in logins.query
    assert logins.value == 0


def test_window_with_no_data_says_so(engine: Engine) -> None:
    build_book(engine)
    report = usage_report(engine, "Initech", AS_OF)
    assert report.gaps == [
        "no usage between 2026-06-01 and 2026-06-30; last activity 2026-03-10"
    ]


def test_account_with_no_usage_yet_reports_unknown_not_zero(engine: Engine) -> None:
    build_book(engine)
    report = usage_report(engine, "Globex", AS_OF)
    figures = {m.name: m.value for m in report.metrics}
    assert figures["logins"] is None
    assert report.gaps == ["no usage recorded for Globex up to 2026-06-30"]


def test_window_length_is_checked(engine: Engine) -> None:
    build_book(engine)
    with pytest.raises(InvalidInputError, match="between 1 and 365"):
        usage_report(engine, "Acme", AS_OF, days=0)
