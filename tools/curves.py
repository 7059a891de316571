"""Sub-scores from curves and thresholds, and the value that reaches a sub-score."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tools.health_model import Scoring


def sub_score(scoring: Scoring, value: float) -> float:
    """The 0–100 sub-score of ``value`` (curves clamp beyond their ends)."""
    if scoring.thresholds is not None:
        for step in scoring.thresholds:
            if step.below is None or value < step.below:
                return step.score
    points = scoring.curve or []
    if value <= points[0].value:
        return points[0].score
    for left, right in zip(points, points[1:], strict=False):
        if value <= right.value:
            share = (value - left.value) / (right.value - left.value)
            return left.score + share * (right.score - left.score)
    return points[-1].score


@dataclass(frozen=True)
class Target:
    """Where an indicator must go: ``op`` is ``>=``, ``<=`` or ``<``."""

    value: float
    op: str


def _intervals(scoring: Scoring, needed: float) -> list[tuple[float, float, bool]]:
    """Intervals (low, high, high_open) of values whose sub-score is >= needed."""
    found: list[tuple[float, float, bool]] = []
    if scoring.thresholds is not None:
        low = -math.inf
        for step in scoring.thresholds:
            high = step.below if step.below is not None else math.inf
            if step.score >= needed - 1e-9:
                found.append((low, high, step.below is not None))
            low = high
        return found
    points = scoring.curve or []
    if points[0].score >= needed - 1e-9:
        found.append((-math.inf, points[0].value, False))
    for left, right in zip(points, points[1:], strict=False):
        if max(left.score, right.score) < needed - 1e-9:
            continue
        if left.score == right.score:
            found.append((left.value, right.value, False))
            continue
        cut = left.value + (needed - left.score) * (right.value - left.value) / (
            right.score - left.score
        )
        if right.score > left.score:
            found.append((max(cut, left.value), right.value, False))
        else:
            found.append((left.value, min(cut, right.value), False))
    if points[-1].score >= needed - 1e-9:
        found.append((points[-1].value, math.inf, False))
    return found


def value_for(
    scoring: Scoring, current: float, needed: float, integral: bool
) -> Target | None:
    """The value nearest ``current`` whose sub-score is at least ``needed``.

    Returns:
        None when no value reaches ``needed``; for whole-number indicators a raise is
        rounded up and a cut rounded down so the target is attainable.
    """
    best: Target | None = None
    best_distance = math.inf
    for low, high, high_open in _intervals(scoring, needed):
        if low <= current < high or (current == high and not high_open):
            return Target(current, ">=")
        if current < low:
            value = math.ceil(low - 1e-9) if integral else low
            candidate = Target(float(value), ">=")
        elif high_open and integral:
            candidate = Target(float(math.ceil(high - 1e-9) - 1), "<=")
        elif high_open:
            candidate = Target(high, "<")
        else:
            value = math.floor(high + 1e-9) if integral else high
            candidate = Target(float(value), "<=")
        distance = abs(candidate.value - current)
        if distance < best_distance:
            best, best_distance = candidate, distance
    return best


def span(scoring: Scoring) -> float:
    """The width of the scored range, used to compare moves across units."""
    if scoring.curve is not None:
        return scoring.curve[-1].value - scoring.curve[0].value
    bounds = [s.below for s in scoring.thresholds or [] if s.below is not None]
    return max(bounds[-1] - bounds[0], 1.0) if len(bounds) > 1 else 1.0
