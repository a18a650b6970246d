"""Numbers computed exactly as the checklist page computes them: the same sums in the same
order and the same rounding, so the page and `playbook score` agree to the last digit."""

from __future__ import annotations

import math


def total(values) -> float:
    """The sum of `values` added left to right, as the page adds them (from Python 3.12 on, `sum`
    adds floats with compensation and could differ in the last digit)."""
    result = 0.0
    for value in values:
        result += value
    return result


def round0(value: float) -> float:
    """Round half up to a whole number, exactly as the page does (`Math.round(x)`)."""
    return float(math.floor(value + 0.5))


def round1(value: float) -> float:
    """Round half up to one decimal, exactly as the page does (`Math.round(x * 10) / 10`)."""
    return math.floor(value * 10 + 0.5) / 10


def round3(value: float) -> float:
    """Round half up to three decimals, exactly as the page does (for maturity scores)."""
    return math.floor(value * 1000 + 0.5) / 1000


def number_text(value: float) -> str:
    """A number as JavaScript's `String()` prints it: `50`, `66.7`."""
    return str(int(value)) if value == int(value) else repr(value)


def chart_position(score: float, threshold: float) -> float:
    """Where a score sits on the 2x2 chart (0-100), with the threshold on the middle line."""
    if score < threshold:
        return score / threshold * 50
    return 50 + ((score - threshold) / (100 - threshold) * 50 if threshold < 100 else 50)
