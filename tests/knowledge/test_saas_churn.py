"""The saas_churn adapter maps the outside file into the contract, and calibration on
it beats the best single indicator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from knowledge.adapters.saas_churn import load_customers, read_customers
from knowledge.errors import InvalidInputError
from tools.model_file import load_model
from tools.proposal import calibrate
from tools.usage import usage_report

# CI and developers keep the shared data folder beside the checkout.
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "saas_churn.csv"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason="saas_churn.csv not present")


def test_first_row_maps_to_contract_records() -> None:
    first = read_customers(DATA)[0]
    # 2048,Free-Trial,Active,No,9,4,0,14,1,8.3,10-50,West North Central,3.0,1.0
    assert first.account_id == "SC-0001"
    assert (first.segment, first.seats) == ("mid_market", 30)
    assert first.products == {
        "travel_expense": "Free-Trial",
        "payroll": "Active",
        "accounting": "No",
    }
    assert (first.logins, first.messages, first.csat) == (5, 14.0, 9.0)
    assert first.as_of == date(2026, 5, 31)
    assert (first.as_of - first.start).days == 90
    assert first.churned


def test_bad_value_names_line_and_column(tmp_path: Path) -> None:
    lines = DATA.read_text(encoding="utf-8").splitlines()[:3]
    lines[2] = lines[2].replace("100-250", "huge")
    broken = tmp_path / "churn.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="line 3, column 'company_size'"):
        read_customers(broken)


def test_calibration_beats_the_best_single_indicator(engine: Engine) -> None:
    load_customers(engine, read_customers(DATA))
    assert usage_report(engine, "SC-0001", date(2026, 5, 31)).key_features_used == [
        "payroll"
    ]
    report = calibrate(engine, load_model())
    pooled = report.pooled
    assert (report.outcomes, report.churned) == (2000, 932)
    assert pooled.auc_cv is not None
    assert pooled.best_single_auc is not None
    assert pooled.auc_cv > pooled.best_single_auc + 0.05
