"""A model as rows of the spreadsheet layout, and the annotated empty template.

Everything that scores or names a result goes into the sheet: importing the export gives a
model that scores every answers file the same. What the layout has no place for (the model's
version history, its translations) is listed so the command can say so.
"""

from __future__ import annotations

from ..model.model import Model
from ..model.schema import Labels, Scoring
from ..numbers import number_text
from .sheet_layout import ALIASES, IDS, LINES, MODEL_KEYS, SHEETS
from .workbook_writing import layout_workbook


def export_rows(model: Model) -> tuple[dict[str, list[list[str]]], dict[str, list[str]], list[str]]:
    """({sheet: rows of text, in the layout's column order then the meta keys'}, {sheet: its meta
    keys}, what was left out)."""
    rows: dict[str, list[dict[str, object]]] = {
        "model": [{"key": key, "value": value} for key, value in _model_values(model)],
        "sources": [source.model_dump() for source in model.info.sources],
        "stages": [stage.model_dump(exclude={"steps"}) for stage in model.stages],
        "steps": [{"stage": stage.id, **step.model_dump()} for stage in model.stages for step in stage.steps],
        "pillars": [
            {**pillar.model_dump(exclude={"challenges"}), "group": _group(model, pillar.id)} for pillar in model.pillars
        ],
        "groups": [group.model_dump(exclude={"pillars"}) for group in model.groups],
        "streams": [{"pillar": p.id, **stream.model_dump()} for p in model.pillars for stream in p.streams],
        "challenges": [{"pillar": p.id, **c.model_dump()} for p in model.pillars for c in p.challenges],
        "elements": [element.model_dump() for element in model.elements],
        "axes": [axis.model_dump() for axis in model.axes],
        "quadrants": [
            {**q.model_dump(), "position": ", ".join(f"{a}={side}" for a, side in q.position.items())}
            for q in model.quadrants
        ],
        "scales": [
            {"scale": name, **option.model_dump()}
            for name, options in [("", model.scoring.answers), *model.scoring.scales.items()]
            for option in options
        ],
        "practices": [
            {**p.model_dump(), "references": [f"{r.title} | {r.url}" for r in p.references]} for p in model.practices
        ],
        "checklist": [item.model_dump() for item in model.items],
    }
    left_out = [f"{len(model.info.changes)} version changes (for `playbook migrate`)"] if model.info.changes else []
    meta = {name: list(dict.fromkeys(key for entry in found for key in _meta(entry))) for name, found in rows.items()}
    tables = {
        sheet.name: [
            [_text(entry.get(c.header), c.kind) for c in sheet.columns]
            + [_text(_meta(entry).get(key), LINES) for key in meta[sheet.name]]
            for entry in rows[sheet.name]
        ]
        for sheet in SHEETS
    }
    return tables, {name: keys for name, keys in meta.items() if keys}, left_out


def export_workbook(model: Model) -> tuple[bytes, list[str]]:
    """The model as an .xlsx workbook in the layout, and what it leaves out."""
    rows, meta, left_out = export_rows(model)
    return layout_workbook(rows, meta=meta), left_out


def template_workbook() -> bytes:
    """An empty workbook in the layout: each header annotated, and a sheet that explains them."""
    readme = [["Sheet", "What it holds"], *([sheet.name, sheet.note] for sheet in SHEETS), []]
    readme += [["model key", "Its value"], *([c.header, c.note] for c in MODEL_KEYS), []]
    readme += [["", "Every cell is read as text: type 1.10 and it stays 1.10; No stays No."]]
    return layout_workbook({}, readme=readme)


def _model_values(model: Model) -> list[tuple[str, object]]:
    info = model.info
    values: list[tuple[str, object]] = [
        (key, getattr(info, key))
        for key in ("id", "name", "version", "updated", "language", "summary", "description", "about")
    ]
    if info.license:
        values += [("license.name", info.license.name), ("license.url", info.license.url)]
    values += [("group_by", model.group_by), ("filters", ", ".join(model.filters) or None)]
    defaults = Scoring()
    for key in (
        "stage_threshold",
        "axis_threshold",
        "max_next_steps",
        "headline",
        "merge",
        "unanswered",
        "min_answered",
    ):
        if getattr(model.scoring, key) != getattr(defaults, key):
            values.append((f"scoring.{key}", getattr(model.scoring, key)))
    for kind, label in model.labels:
        if label != getattr(Labels(), kind):
            values += [(f"labels.{kind}.singular", label.singular), (f"labels.{kind}.plural", label.plural)]
    return [(key, value) for key, value in values if value is not None]


def _meta(entry: dict[str, object]) -> dict[str, object]:
    found = entry.get("meta")
    return found if isinstance(found, dict) else {}


def _group(model: Model, pillar: str) -> str | None:
    return next((group.id for group in model.groups if pillar in group.pillars), None)


def _text(value: object, kind: str) -> str:
    """A value as its cell's text: numbers as written, ids comma-separated, lists one entry a line
    (a blank line between entries when one spans lines)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(float(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        entries = [str(entry) for entry in value]
        if kind in (IDS, ALIASES):
            return ", ".join(entries)
        return ("\n\n" if any("\n" in entry for entry in entries) else "\n").join(entries)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
