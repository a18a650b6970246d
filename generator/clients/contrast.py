"""Brand colours against WCAG 2: the contrast of a client's primary and accent colours where the
site draws them, and the nearest shade of each that passes when one does not.

Ratios follow WCAG 2.x: (L1 + 0.05) / (L2 + 0.05) of the relative luminances. Text needs 4.5:1
(AA); the "you are here" marker, a graphic, needs 3:1 (1.4.11). The checks are those of the
default (white) scheme: no colour keeps 4.5:1 on both white and the dark scheme's page, so a dark
scheme has to draw text in a shade of its own (`nearest_shade` finds one).
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from ..errors import Problem, display_path
from ..yamlio import Document

TEXT = 4.5
GRAPHIC = 3.0

# The theme's palette: {name: (colour, the text drawn on it)}, from mkdocs-material 9.8.1's
# assets/stylesheets/palette.*.min.css (`--md-primary-fg-color`/`--md-primary-bg-color`, and the
# `--md-accent-*` pair). A text colour with alpha is drawn over the colour it sits on.
PRIMARY = {
    "red": ("#ef5552", "#fff"),
    "pink": ("#e92063", "#fff"),
    "purple": ("#ab47bd", "#fff"),
    "deep-purple": ("#7e56c2", "#fff"),
    "indigo": ("#4051b5", "#fff"),
    "blue": ("#2094f3", "#fff"),
    "light-blue": ("#02a6f2", "#fff"),
    "cyan": ("#00bdd6", "#fff"),
    "teal": ("#009485", "#fff"),
    "green": ("#4cae4f", "#fff"),
    "light-green": ("#8bc34b", "#fff"),
    "lime": ("#cbdc38", "#000000de"),
    "yellow": ("#ffec3d", "#000000de"),
    "amber": ("#ffc105", "#000000de"),
    "orange": ("#ffa724", "#000000de"),
    "deep-orange": ("#ff6e42", "#fff"),
    "brown": ("#795649", "#fff"),
    "grey": ("#757575", "#fff"),
    "blue-grey": ("#546d78", "#fff"),
    "black": ("#14161a", "#fff"),  # hsl(225deg 15% 9%)
    "white": ("#fff", "#000000de"),
}
ACCENT = {
    "red": ("#ff1a47", "#fff"),
    "pink": ("#f50056", "#fff"),
    "purple": ("#df41fb", "#fff"),
    "deep-purple": ("#7c4dff", "#fff"),
    "indigo": ("#526cfe", "#fff"),
    "blue": ("#4287ff", "#fff"),
    "light-blue": ("#0091eb", "#fff"),
    "cyan": ("#00bad6", "#fff"),
    "teal": ("#00bda4", "#fff"),
    "green": ("#00c753", "#fff"),
    "light-green": ("#63de17", "#fff"),
    "lime": ("#b0eb00", "#000000de"),
    "yellow": ("#ffd500", "#000000de"),
    "amber": ("#ffaa00", "#000000de"),
    "orange": ("#ff9100", "#000000de"),
    "deep-orange": ("#ff6e42", "#fff"),
}
DEFAULT_ACCENT = ACCENT["indigo"]  # the theme has no accent of the other names: it keeps its default
CUSTOM_TEXT = "#fff"  # the theme's text on a #rrggbb colour (brand.css sets only the colour)

WHITE = "#ffffff"
DARK = "#1e2129"  # the slate scheme's page: hsl(225deg 15% 14%) (the theme's --md-hue is 225deg)
# A plain matrix cell (templates/assets/playbook.css `.pb-cell`): --md-default-fg-color--lightest
# (#00000012) over white; the client's own cell is the primary colour.
PLAIN_CELL = "#ededed"
MARKER_USE = 'as the "you are here" marker on the matrix'


@dataclass(frozen=True)
class Shortfall:
    """One use of a brand colour below its minimum ratio."""

    use: str
    ratio: float
    minimum: float


@dataclass(frozen=True)
class ColourCheck:
    """A brand colour's shortfalls, and the nearest shade of it that has none (None if no shade does)."""

    role: str  # primary | accent
    given: str
    colour: str
    shortfalls: tuple[Shortfall, ...]
    suggestion: str | None


def check_brand(primary: str, accent: str) -> list[ColourCheck]:
    """The primary and accent colours (palette names or #rrggbb) that fail a check, each with a shade that passes."""
    primary_colour, on_primary = palette_colour(PRIMARY, primary)
    accent_colour, _ = palette_colour(ACCENT, accent)

    def primary_uses(colour: str) -> list[tuple[str, float, float]]:
        return [
            ("with the header's text on it", ratio(colour, over(on_primary, colour)), TEXT),
            ("as link text on the white page", ratio(colour, WHITE), TEXT),
        ]

    def accent_uses(colour: str) -> list[tuple[str, float, float]]:
        return [
            ("as link text under the pointer on the white page", ratio(colour, WHITE), TEXT),
            (MARKER_USE, marker_ratio(colour, (PLAIN_CELL, primary_colour)), GRAPHIC),
        ]

    checks = []
    for role, given, colour, uses in (
        ("primary", primary, primary_colour, primary_uses),
        ("accent", accent, accent_colour, accent_uses),
    ):
        shortfalls = tuple(Shortfall(use, value, minimum) for use, value, minimum in uses(colour) if value < minimum)
        if shortfalls:
            passes = lambda shade, uses=uses: all(value >= minimum for _, value, minimum in uses(shade))  # noqa: E731
            checks.append(ColourCheck(role, given, colour, shortfalls, nearest_shade(colour, passes)))
    return checks


def brand_problems(document: Document, primary: str, accent: str) -> list[Problem]:
    """`check_brand` as warnings at the `colors.primary` / `colors.accent` lines of a client profile."""
    problems = []
    for check in check_brand(primary, accent):
        location = ("colors", check.role)
        given = location in document.value_marks
        line, column = document.value_mark(location)
        name = check.given if check.given == check.colour else f"{check.given} ({check.colour})"
        uses = "; ".join(f"{floor2(s.ratio)}:1 {s.use} (needs {s.minimum:g}:1)" for s in check.shortfalls)
        if check.suggestion:
            fix = f"use {check.suggestion}, the nearest shade that passes"
        else:
            fix = "no shade of this colour passes: choose another"
        if not given:
            fix += f" (the default: set colors.{check.role})"
        problems.append(
            Problem(
                display_path(document.path),
                line,
                column,
                f"colors.{check.role}",
                f"{name} has too little contrast: {uses}; {fix}",
                severity="warning",
            )
        )
    return problems


def print_colours(primary: str, accent: str) -> dict[str, str]:
    """Brand colours for paper: `ink` (bars, the client's cell, the cover) keeps 4.5:1 with white
    text and paper, `mark` (the marker) 3:1 on the matrix (`marker_ratio`); each is the brand
    colour itself when it passes, else its nearest shade that does."""
    ink, _ = palette_colour(PRIMARY, primary)
    mark, _ = palette_colour(ACCENT, accent)
    ink = ink if ratio(ink, WHITE) >= TEXT else nearest_shade(ink, lambda c: ratio(c, WHITE) >= TEXT) or "#000000"
    marked = lambda c: marker_ratio(c, (PLAIN_CELL, ink)) >= GRAPHIC  # noqa: E731
    mark = mark if marked(mark) else nearest_shade(mark, marked) or "#000000"
    return {"ink": ink, "on_ink": WHITE, "mark": mark}


def marker_ratio(dot: str, cells: tuple[str, ...]) -> float:
    """How well the marker stands out on the weakest of `cells`: it is a dot ringed in the page's
    white (playbook.css `.pb-dot`), so the dot must stand out from its ring, and the ring or the
    dot from the cell (WCAG 1.4.11 counts a contrasting border)."""
    return min(ratio(dot, WHITE), *(max(ratio(dot, cell), ratio(WHITE, cell)) for cell in cells))


def ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two opaque colours (#rgb or #rrggbb), from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(colour: str) -> float:
    """WCAG relative luminance of an opaque colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _rgba(colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def over(colour: str, background: str) -> str:
    """`colour` (#rrggbbaa may be translucent) as drawn over an opaque `background`."""
    *top, alpha = _rgba(colour)
    bottom = _rgba(background)[:3]
    return _hex(tuple(alpha * t + (1 - alpha) * b for t, b in zip(top, bottom, strict=True)))


def nearest_shade(colour: str, passes) -> str | None:
    """The shade of `colour` (same hue and saturation) nearest in lightness for which `passes(shade)`."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgba(colour)[:3])
    for step in range(1, 101):
        for candidate in (max(lightness - step / 100, 0.0), min(lightness + step / 100, 1.0)):
            shade = _hex(colorsys.hls_to_rgb(hue, candidate, saturation))
            if passes(shade):
                return shade
    return None


def floor2(value: float) -> str:
    """A ratio to two decimals, rounded down: 4.499 must not read as passing 4.5."""
    return f"{int(value * 100) / 100:.2f}"


def palette_colour(table: dict[str, tuple[str, str]], value: str) -> tuple[str, str]:
    """(colour, text drawn on it) of a palette name or #rrggbb, as #rrggbb (the text may be #rrggbbaa)."""
    if value.startswith("#"):
        return value.lower(), CUSTOM_TEXT
    colour, text = table.get(value, DEFAULT_ACCENT)
    return _hex(_rgba(colour)[:3]), text


def _rgba(colour: str) -> tuple[float, float, float, float]:
    digits = colour.lstrip("#")
    if len(digits) in (3, 4):
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in range(0, len(digits), 2)]
    return (*channels, 1.0) if len(channels) == 3 else tuple(channels)  # type: ignore[return-value]


def _hex(channels) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in channels)
