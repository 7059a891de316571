"""Pure scoring: cohort choice, sub-scores, contributions, bands, path to green."""

from __future__ import annotations

from tools.curves import span, sub_score, value_for
from tools.health_model import Band, Cohort, HealthModel, Scoring
from tools.indicators import INDICATORS
from tools.results import IndicatorScore, Move, PathToGreen

Values = dict[str, float | None]


def stage_of(model: HealthModel, values: Values) -> str:
    """``onboarding``, ``renewal`` or ``established`` from tenure and renewal date."""
    tenure = values.get("tenure_days")
    to_renewal = values.get("days_to_renewal")
    if tenure is not None and tenure < model.lifecycle.onboarding_days:
        return "onboarding"
    if to_renewal is not None and 0 <= to_renewal <= model.lifecycle.renewal_days:
        return "renewal"
    return "established"


def cohort_for(model: HealthModel, segment: str, stage: str) -> Cohort:
    """The first cohort whose ``when`` matches; the last one catches the rest."""
    for cohort in model.cohorts:
        when = cohort.when
        if when is None:
            return cohort
        if when.segment is not None and segment not in when.segment:
            continue
        if when.stage is not None and stage not in when.stage:
            continue
        return cohort
    return model.cohorts[-1]


def band_of(model: HealthModel, score: float) -> Band:
    """The band a score falls in."""
    if score >= model.bands.green:
        return "green"
    if score >= model.bands.yellow:
        return "yellow"
    return "red"


def score_values(
    model: HealthModel, cohort: Cohort, values: Values
) -> tuple[float | None, list[IndicatorScore]]:
    """Score and per-indicator breakdown; None when no weighted indicator has data.

    Indicators without data drop out and their weight is shared among the others
    in proportion, so the score stays on the 0–100 scale; the breakdown says so.
    """
    present = {n: w for n, w in cohort.weights.items() if values.get(n) is not None}
    total = sum(present.values())
    rows: list[IndicatorScore] = []
    score = 0.0
    for name, weight in cohort.weights.items():
        spec = INDICATORS[name]
        value = values.get(name)
        if value is None or total <= 0:
            rows.append(
                IndicatorScore(
                    name=name,
                    label=spec.label,
                    unit=spec.unit,
                    value=None,
                    sub_score=None,
                    weight=weight,
                    effective_weight=0.0,
                    contribution=0.0,
                    note="no data; its weight is shared among the others",
                )
            )
            continue
        effective = weight * 100.0 / total
        sub = sub_score(model.scoring(cohort, name), value)
        contribution = effective * sub / 100.0
        score += contribution
        rows.append(
            IndicatorScore(
                name=name,
                label=spec.label,
                unit=spec.unit,
                value=round(value, 4),
                sub_score=round(sub, 2),
                weight=weight,
                effective_weight=round(effective, 4),
                contribution=round(contribution, 2),
            )
        )
    if total <= 0:
        return None, rows
    return round(score, 2), rows


def path_to_green(
    model: HealthModel, cohort: Cohort, score: float, rows: list[IndicatorScore]
) -> PathToGreen:
    """The smallest single-indicator moves that reach green, else a combination.

    Moves are ranked by how far the indicator must travel as a share of its scored
    range, so that moves in different units compare; ties go to the catalog order.
    """
    needed = round(model.bands.green - score, 4)
    if needed <= 0:
        return PathToGreen(already_green=True, reachable=True, points_needed=0.0)

    singles: list[tuple[float, int, Move]] = []
    full: list[tuple[float, int, Move]] = []
    for order, row in enumerate(rows):
        if row.value is None or row.sub_score is None or row.effective_weight <= 0:
            continue
        scoring = model.scoring(cohort, row.name)
        integral = INDICATORS[row.name].integral
        gain_room = row.effective_weight * (100.0 - row.sub_score) / 100.0
        if gain_room <= 1e-9:
            continue
        wanted = row.sub_score + needed * 100.0 / row.effective_weight
        top = value_for(scoring, row.value, 100.0, integral)
        if top is not None:
            full.append(_ranked(row, top.value, top.op, 100.0, scoring, order))
        if wanted <= 100.0 + 1e-9:
            target = value_for(scoring, row.value, min(wanted, 100.0), integral)
            if target is not None:
                after = sub_score(scoring, _inside(target.value, target.op))
                singles.append(
                    _ranked(row, target.value, target.op, after, scoring, order)
                )

    if singles:
        singles.sort(key=lambda item: (item[0], item[1]))
        return PathToGreen(
            already_green=False,
            reachable=True,
            points_needed=needed,
            single_moves=[move for _, _, move in singles],
        )

    # No single move suffices: take the biggest gains first until green.
    full.sort(key=lambda item: (-item[2].gain, item[1]))
    combined: list[Move] = []
    gained = 0.0
    for _, _, move in full:
        combined.append(move)
        gained += move.gain
        if gained >= needed - 1e-9:
            break
    return PathToGreen(
        already_green=False,
        reachable=gained >= needed - 1e-9,
        points_needed=needed,
        combined=combined,
    )


def _inside(value: float, op: str) -> float:
    # A "< b" target is met just below b; score it there.
    return value - 1e-6 if op == "<" else value


def _ranked(
    row: IndicatorScore,
    target: float,
    op: str,
    after: float,
    scoring: Scoring,
    order: int,
) -> tuple[float, int, Move]:
    current = row.value or 0.0
    now = row.sub_score or 0.0
    gain = row.effective_weight * (after - now) / 100.0
    move = Move(
        indicator=row.name,
        label=row.label,
        current=current,
        op=op,
        target=round(target, 4),
        sub_score_now=now,
        sub_score_after=round(after, 2),
        gain=round(gain, 2),
    )
    return abs(target - current) / max(span(scoring), 1e-9), order, move
