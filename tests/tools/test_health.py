"""Health scores, trends, flags and the path to green on a hand-computed book."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from knowledge.errors import NotFoundError
from tests.tools.book import AS_OF, build_book, small_model
from tools.health import score_account
from tools.results import HealthReport


@pytest.fixture
def acme(engine: Engine) -> HealthReport:
    build_book(engine)
    return score_account(engine, small_model(), "acme", AS_OF)


def test_score_is_the_sum_of_hand_computed_contributions(acme: HealthReport) -> None:
    rows = {row.name: row for row in acme.indicators}
    assert rows["logins_per_active_user"].value == 8.0
    assert rows["logins_per_active_user"].sub_score == 80.0
    assert rows["logins_per_active_user"].contribution == 24.0
    assert rows["key_feature_breadth_pct"].value == 50.0
    assert rows["key_feature_breadth_pct"].contribution == 15.0
    assert rows["open_sev1"].value == 1.0
    assert rows["open_sev1"].contribution == 0.0
    assert rows["seat_utilization_pct"].value == 50.0
    assert rows["seat_utilization_pct"].contribution == 10.0
    assert acme.score == 49.0
    assert acme.band == "yellow"
    assert acme.cohort == "default"
    assert acme.stage == "established"


def test_health_drops_when_logins_and_users_fall(acme: HealthReport) -> None:
    assert acme.previous_score == 73.5
    assert acme.previous_band == "green"
    assert acme.change == -24.5


def test_flags_name_the_rule_the_observed_value_and_the_threshold(
    acme: HealthReport,
) -> None:
    flags = {flag.rule: flag for flag in acme.flags}
    assert set(flags) == {"logins_falling", "stale_sev1", "low_early_breadth"}
    assert flags["logins_falling"].observed == -50.0
    assert flags["logins_falling"].threshold == -30.0
    assert flags["stale_sev1"].observed == 10.0
    assert flags["low_early_breadth"].observed == 1.0
    assert flags["low_early_breadth"].conditions[0].observed == 180.0


def test_path_to_green_lists_the_smallest_single_moves_first(
    acme: HealthReport,
) -> None:
    path = acme.to_green
    assert path is not None
    assert path.points_needed == 11.0
    moves = [(m.indicator, m.op, m.target) for m in path.single_moves]
    assert moves == [
        ("key_feature_breadth_pct", ">=", pytest.approx(86.6667, abs=1e-3)),
        ("open_sev1", "<=", 0.0),
    ]
    assert path.single_moves[1].gain == 20.0


def test_every_report_carries_as_of_windows_and_query(acme: HealthReport) -> None:
    assert acme.provenance.as_of == AS_OF
    assert str(acme.provenance.window.start) == "2026-06-01"
    assert str(acme.provenance.previous_window.end) == "2026-05-31"
    assert "usage_feature_daily" in acme.provenance.query


def test_account_with_no_usage_is_not_scored(engine: Engine) -> None:
    build_book(engine)
    report = score_account(engine, small_model(), "Globex", AS_OF)
    assert report.score is None
    assert report.band == "no_data"
    assert report.flags == []
    assert any("no usage recorded for Globex" in gap for gap in report.gaps)


def test_quiet_window_scores_zero_and_says_so(engine: Engine) -> None:
    build_book(engine)
    report = score_account(engine, small_model(), "A-3", AS_OF)
    assert report.cohort == "smb"
    assert report.score == 0.0
    assert report.band == "red"
    assert any("last activity 2026-03-10" in gap for gap in report.gaps)
    flags = {flag.rule: flag for flag in report.flags}
    assert flags["renewal_soon_and_red"].observed == 62.0
    assert flags["renewal_soon_and_red"].conditions[0].observed == "red"


def test_unknown_account_is_refused_with_a_suggestion(engine: Engine) -> None:
    build_book(engine)
    with pytest.raises(NotFoundError, match="no account named 'Initek Systems'"):
        score_account(engine, small_model(), "Initek Systems", AS_OF)
