"""A health model file with mistakes is refused, naming the mistake and its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import InvalidInputError
from tests.tools.book import TEST_MODEL
from tools.model_file import DEFAULT_MODEL_PATH, load_model, parse_model, write_model


def test_shipped_model_loads() -> None:
    model = load_model()
    assert model.cohorts[-1].when is None
    assert {r.id for r in model.rules} >= {"low_early_breadth", "logins_falling"}


def test_unknown_key_is_named_with_its_line() -> None:
    text = TEST_MODEL.replace("weights: {logins_per_active_user: 100}", "weigths: {}")
    with pytest.raises(InvalidInputError) as caught:
        parse_model(text, "model.yaml")
    assert "unknown key 'weigths' at cohorts[0].weigths" in caught.value.message
    assert "model.yaml, line 15" in caught.value.message


def test_unknown_indicator_gets_a_suggestion() -> None:
    text = TEST_MODEL.replace("{logins_per_active_user: 100}", "{login_per_user: 100}")
    with pytest.raises(
        InvalidInputError, match="did you mean 'logins_per_active_user'"
    ):
        parse_model(text, "model.yaml")


def test_weights_must_sum_to_100() -> None:
    text = TEST_MODEL.replace("open_sev1: 20", "open_sev1: 15")
    with pytest.raises(
        InvalidInputError, match="cohort 'default': weights sum to 95, they must sum"
    ):
        parse_model(text, "model.yaml")


def test_curve_must_increase() -> None:
    text = TEST_MODEL.replace("{value: 10, score: 100}", "{value: 0, score: 100}")
    with pytest.raises(InvalidInputError, match="increasing 'value'"):
        parse_model(text, "model.yaml")


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(InvalidInputError, match="line"):
        parse_model("bands: {green: 60\nyellow: [", "model.yaml")


def test_proposal_never_replaces_the_active_model(tmp_path: Path) -> None:
    model = load_model()
    with pytest.raises(InvalidInputError, match="refusing to overwrite"):
        write_model(model, DEFAULT_MODEL_PATH, "proposal", DEFAULT_MODEL_PATH)
    target = tmp_path / "proposed.yaml"
    write_model(model, target, "proposal", DEFAULT_MODEL_PATH)
    assert load_model(target) == model
