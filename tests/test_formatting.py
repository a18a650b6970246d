"""How each language writes numbers (generator/formatting.py); the page's twin in shared.js is
held to the same outputs by tests/assets/test_shared_js.py."""

from __future__ import annotations

import pytest

from generator.formatting import format_month, format_number, format_percent, plural_category

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "language, value, decimals, expected",
    [
        ("en", 0.842, 1, "0.8"),
        ("nb", 0.842, 1, "0,8"),
        ("zh", 0.842, 1, "0.8"),
        ("nb", 7.3333, 3, "7,333"),
        ("nb", 3.0, None, "3"),
        ("nb", 2.05, 1, "2,1"),  # half up, as the page's Math.round
        ("nb", -1.25, 1, "-1,2"),
        ("nb", 66.7, None, "66,7"),
        ("de", 0.5, None, "0.5"),  # no rule: as English writes it
    ],
)
def test_format_number_rounds_and_writes_the_decimal_sign(language, value, decimals, expected):
    assert format_number(language, value, decimals) == expected


@pytest.mark.parametrize(
    "language, value, decimals, expected",
    [
        ("en", 56.5, 0, "57%"),
        ("nb", 56.4, 0, f"56{NBSP}%"),
        ("zh", 56.4, 0, "56%"),
        ("nb", 62.5, None, f"62,5{NBSP}%"),
    ],
)
def test_format_percent_is_whole_unless_asked_and_places_the_sign(language, value, decimals, expected):
    assert format_percent(language, value, decimals) == expected


def test_plural_category_is_one_for_exactly_one_where_the_language_has_it():
    assert [plural_category("nb", n) for n in (0, 1, 2, 1.5)] == ["other", "one", "other", "other"]
    assert plural_category("en", 1) == "one"
    assert plural_category("zh", 1) == "other"


def test_format_month_names_the_month_in_each_language_and_keeps_an_unknown_one_as_given():
    assert [format_month(language, "2026-11") for language in ("en", "nb", "zh")] == [
        "November 2026",
        "november 2026",
        "2026年11月",
    ]
    assert format_month("tlh", "2026-11") == "2026-11"
