"""Page-exact numbers (generator/numbers.py)."""

from __future__ import annotations

from generator.numbers import round1


def test_round1_rounds_half_up():
    assert [round1(x) for x in (0.05, 0.15, 66.66666, 12.25)] == [0.1, 0.2, 66.7, 12.3]
