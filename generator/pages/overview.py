"""The report's overview chart of every pillar: a radar (spider) chart of now, the previous
assessment and the target, laid out here so that its geometry can be tested without a browser;
bars below three pillars (a radar needs three spokes) and a heatmap table above ten (spokes crowd).
Drawn by templates/partials/overview.svg.j2."""

from __future__ import annotations

import math
from typing import Any

RADAR_MIN = 3
RADAR_MAX = 10

WIDTH = 640
RADIUS = 120
FONT = 18  # viewBox units; printed 120 mm wide (print.css) that is 9.6 pt, on screen the same share
LINE = 21
GAP = 14  # between the outer ring and a label
WRAP = 15  # characters a label line holds before it wraps
CHAR = 0.6  # a character's width as a share of the font size, generous for the theme's fonts
BLEED = 2  # how far a glyph may reach past its anchor
LEGEND = 34  # the legend's band under the chart


def overview_chart(names: list[str], series: list[dict[str, Any]]) -> dict[str, Any]:
    """The chart for pillars `names` and `series` ({kind, label, values} in the pillars' order, 0-100,
    kind now, previous or target): its `kind` (radar, bars or heatmap), `rows` (each pillar with
    its values, the text equivalent) and for a radar its geometry in viewBox units."""
    rows = [{"name": name, "values": [s["values"][i] for s in series]} for i, name in enumerate(names)]
    chart: dict[str, Any] = {"series": [{"kind": s["kind"], "label": s["label"]} for s in series], "rows": rows}
    if len(names) < RADAR_MIN:
        return chart | {"kind": "bars", "bars": [{"name": row["name"], "value": row["values"][0]} for row in rows]}
    if len(names) > RADAR_MAX:
        return chart | {"kind": "heatmap"}
    labels = _apart([_label(name, i, len(names), series[0]["values"][i]) for i, name in enumerate(names)])
    top = min(min(box["top"] for box in labels), -RADIUS) - 4
    bottom = max(max(box["bottom"] for box in labels), RADIUS) + 8
    centre = (WIDTH / 2, -top)
    height = bottom - top + LEGEND
    shift = _shift(centre)
    return chart | {
        "kind": "radar",
        "height": round(height),
        "centre": [round(c, 1) for c in centre],
        "rings": [round(RADIUS * share / 4, 1) for share in (1, 2, 3, 4)],
        "spokes": [dict(zip("xy", _xy(centre, i, len(names), 100), strict=True)) for i in range(len(names))],
        "polygons": [
            {"kind": s["kind"], "points": " ".join(_point(centre, i, len(names), v) for i, v in enumerate(s["values"]))}
            for s in series
        ],
        "labels": [shift(box) for box in labels],
        "legend": [
            {"kind": s["kind"], "label": s["label"], "x": round(WIDTH / 2 + (i - len(series) / 2) * 190, 1)}
            for i, s in enumerate(series)
        ],
        "legend_y": round(height - LEGEND / 2, 1),
    }


def _angle(index: int, count: int) -> float:
    """The spoke's angle, the first straight up and the rest clockwise."""
    return 2 * math.pi * index / count


def _xy(centre: tuple[float, float], index: int, count: int, value: float) -> tuple[float, float]:
    """Where `value` (0-100) lies on spoke `index`."""
    angle, r = _angle(index, count), RADIUS * max(0.0, min(value, 100.0)) / 100
    return round(centre[0] + r * math.sin(angle), 1), round(centre[1] - r * math.cos(angle), 1)


def _point(centre: tuple[float, float], index: int, count: int, value: float) -> str:
    x, y = _xy(centre, index, count, value)
    return f"{x},{y}"


def wrap(text: str, width: int = WRAP) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _label(name: str, index: int, count: int, value: float) -> dict[str, Any]:
    """A pillar's name (wrapped) and its score now, just outside its spoke's end, relative to the
    centre: anchored away from the chart, stacked upwards above it and downwards below it."""
    angle = _angle(index, count)
    sin, cos = math.sin(angle), math.cos(angle)
    lines = wrap(name) + [None]  # the last line is the score, written by the template
    x, y = (RADIUS + GAP) * sin, -(RADIUS + GAP) * cos
    anchor = "start" if sin > 0.25 else "end" if sin < -0.25 else "middle"
    height = len(lines) * LINE
    top = y - height if cos > 0.25 else y if cos < -0.25 else y - height / 2
    width = max(len(line or "100") for line in lines) * FONT * CHAR + 2 * BLEED
    left = x - BLEED if anchor == "start" else x - width + BLEED if anchor == "end" else x - width / 2
    return {
        "x": x,
        "cos": cos,
        "anchor": anchor,
        "lines": [{"text": line, "dy": (n + 0.78) * LINE} for n, line in enumerate(lines)],
        "value": value,
        "top": top,
        "bottom": top + height,
        "left": left,
        "right": left + width,
    }


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _apart(labels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The labels moved up (upper half) or down (lower half), away from the rings, until none
    overlaps another; those nearest the horizontal keep their place, the others give way."""
    placed: dict[int, dict[str, Any]] = {}
    for index in sorted(range(len(labels)), key=lambda i: abs(labels[i]["cos"])):
        box = labels[index]
        while clash := next((other for other in placed.values() if _overlap(box, other)), None):
            move = clash["top"] - box["bottom"] - 2 if box["cos"] > 0 else clash["bottom"] - box["top"] + 2
            box = box | {"top": box["top"] + move, "bottom": box["bottom"] + move}
        placed[index] = box
    return [placed[index] for index in range(len(labels))]


def _shift(centre: tuple[float, float]):
    """Moves a label from centre-relative to viewBox units, rounded."""

    def moved(box: dict[str, Any]) -> dict[str, Any]:
        cx, cy = centre
        return box | {
            "x": round(box["x"] + cx, 1),
            "lines": [{"text": line["text"], "y": round(box["top"] + line["dy"] + cy, 1)} for line in box["lines"]],
            "box": [
                round(box["left"] + cx, 1),
                round(box["top"] + cy, 1),
                round(box["right"] + cx, 1),
                round(box["bottom"] + cy, 1),
            ],
        }

    return moved
