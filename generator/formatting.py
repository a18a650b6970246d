"""How each language writes the numbers and months shown to people, and which plural form a count takes.

One rule per language, the same in the page's scripts (`templates/assets/shared.js`:
`formatNumber`, `formatPercent`, `pluralOf`), so that the page and Python write the same text:

- en: `0.8`, `56%`; `1 answer`, `2 answers` (CLDR categories one and other).
- nb: `0,8`, `56 %` with a no-break space (U+00A0) before the sign, so that it never starts a
  line; one and other, as English.
- zh: `0.8`, `56%`; one form for every count (CLDR: other only).

A language without a rule here writes numbers as English does. Digits are not grouped: what the
site shows are scores, weights, percentages and counts. JSON and CSV keep full precision and never
pass through here. Month names come from CLDR (Babel), for any language it knows.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton


@dataclass(frozen=True)
class NumberStyle:
    """How one language writes a number: its decimal sign, its percentages, whether 1 is singular."""

    decimal: str = "."
    percent: str = "{number}%"
    singular_one: bool = True  # CLDR category `one` for a count of exactly 1; else `other` only


STYLES = {
    "en": NumberStyle(),
    "nb": NumberStyle(decimal=",", percent="{number}\u00a0%"),
    "zh": NumberStyle(singular_one=False),
}


def style(language: str) -> NumberStyle:
    return STYLES.get(language, STYLES["en"])


def rounded(value: float, decimals: int) -> float:
    """`value` rounded half up to `decimals` decimals, as the page's `Math.round(x * 10**d) / 10**d`."""
    scale = 10**decimals
    return math.floor(value * scale + 0.5) / scale


def format_number(language: str, value: float, decimals: int | None = None) -> str:
    """`value` as `language` writes it, rounded to at most `decimals` decimals (None: as it is),
    without trailing zeros: `0,8`, `3`, `7,333` in nb."""
    if decimals is not None:
        value = rounded(value, decimals)
    text = str(int(value)) if value == int(value) else repr(value)  # as JavaScript's String() prints it
    return text.replace(".", style(language).decimal)


def format_percent(language: str, value: float, decimals: int | None = 0) -> str:
    """A percentage (0 to 100) as `language` writes it, whole by default: `56 %` in nb, `56%` in en.
    A rule's own value (a threshold of 62.5) keeps its decimals with `decimals=None`."""
    return style(language).percent.format(number=format_number(language, value, decimals))


def plural_category(language: str, count: float) -> str:
    """The CLDR plural category of `count` in `language`: `one` or `other`."""
    return "one" if count == 1 and style(language).singular_one else "other"


def format_month(language: str, month: str) -> str:
    """A month (`YYYY-MM`) as `language` names it (CLDR): `November 2026`, `november 2026`, `2026年11月`;
    as given for a language CLDR does not know."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return month
    year, number = (int(part) for part in month.split("-"))
    return format_skeleton("yMMMM", datetime.date(year, number, 1), locale=locale)
