"""Spreadsheet tables to the model's files: each sheet's rows become entries of one YAML file.

Texts the format requires but a sheet leaves out are filled from what is there (a stage's
description from its summary, its summary from its name); stages, pillars and practices without
a sheet of their own are made from the checklist. Every problem is collected with its cell.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..clients.profiles import slugify
from ..errors import ContentError, display_path
from .sheet_layout import META_SHEETS, MODEL_KEYS, README_SHEET, SHEETS_BY_NAME
from .sheet_reading import Row, Table, read_tables
from .sheet_values import Cells, made_id

Entries = list[dict[str, Any]]
Origins = dict[tuple[str, str], str]  # (file, where in it, as `items[3].stage`): the cell it came from


def import_tables(source: Path) -> tuple[dict[str, dict], Origins, list]:
    """The model files ({file name: data}) that the spreadsheet at `source` holds, where each
    entry came from, and the warnings; raises `ContentError` with every problem."""
    reader = _Import(read_tables(source), source)
    files = reader.files()
    errors = [p for p in reader.cells.problems if p.severity == "error"]
    if errors:
        raise ContentError(reader.cells.problems)
    return files, reader.origins, reader.cells.problems


class _Import:
    def __init__(self, tables: dict[str, Table], source: Path):
        self.source = source
        self.cells = Cells()
        self.origins: Origins = {}
        self.tables: dict[str, Table] = {}
        for name, table in tables.items():
            sheet = SHEETS_BY_NAME.get(name)
            if sheet is None:
                if name != README_SHEET:
                    self.cells.warn(f"{table.file}:{table.name}", f"sheet '{name}' is not in the layout: left out")
            elif self.cells.check_headers(table, sheet):
                self.tables[name] = table
        if "checklist" not in tables:
            self.cells.error(display_path(source), "no sheet 'checklist': add it, one checklist item a row")

    def rows(self, sheet: str) -> list[Row]:
        table = self.tables.get(sheet)
        return table.rows if table else []

    def read(self, sheet: str, row: Row, file: str, where: str) -> dict[str, Any]:
        """The non-empty values of a row, by header; remembers each value's cell."""
        entry = {}
        self.origins[(file, where)] = row.place
        for column in SHEETS_BY_NAME[sheet].columns:
            value = self.cells.value(row, column)
            if value not in (None, []):
                entry[column.header] = value
                self.origins[(file, f"{where}.{column.header}")] = row.where(column.header)
        if sheet in META_SHEETS and (meta := self.cells.meta(row, SHEETS_BY_NAME[sheet])):
            entry["meta"] = meta
        return entry

    def files(self) -> dict[str, dict]:
        info, checklist = self.model_info()
        stage_ids, items_raw = self.item_rows()
        stages = self.stages(stage_ids)
        pillars, groups = self.pillars(items_raw)
        self.streams(items_raw, pillars)
        scales = self.scales(info)
        practices = self.practices(items_raw, [s["id"] for s in stages], pillars)
        items = self.items(items_raw, stages, pillars, practices, scales)
        files: dict[str, dict] = {"model.yaml": info}
        axes, quadrants = self.matrix()
        if axes or quadrants:
            files["axes.yaml"] = {"axes": axes, "quadrants": quadrants}
        files["stages.yaml"] = {"stages": stages}
        files["pillars.yaml"] = {"pillars": pillars, **({"groups": groups} if groups else {}), **self.elements()}
        files["practices.yaml"] = {"practices": practices}
        files["checklist.yaml"] = {**checklist, "items": items}
        return files

    # --- model ---------------------------------------------------------------------------------

    def model_info(self) -> tuple[dict, dict]:
        """model.yaml's data, and the keys of checklist.yaml the sheet model holds."""
        table = self.tables.get("model")
        values: dict[str, Any] = {}
        keys = {column.header: column for column in MODEL_KEYS}
        for row in self.rows("model"):
            key = row.text("key").lower()
            column = keys.get(key)
            if column is None:
                self.cells.warn(row.where("key"), f"'{key}' is not a key of the layout: left out")
                continue
            if key in values:
                self.cells.error(row.where("key"), f"'{key}' is given twice: keep one row")
                continue
            text = row.text("value")
            if key == "version" and "value" in row.cells and row.cells["value"].inexact:
                self.cells.error(row.where("value"), "the version was stored as a number: format the cell as Text")
                continue
            value = self.cells.convert(text, column.kind, row.where("value"), key) if text else None
            if value is not None:
                values[key] = value
                self.origins[("model.yaml", key)] = row.where("value")
        place = f"{table.file}:model" if table else str(self.source)
        if table is None:
            values = {"name": self.source.stem, "version": "1"}
            self.cells.warn(place, f"no sheet 'model': named the model '{self.source.stem}', version 1")
        for key in ("name", "version"):
            if key not in values and table is not None:
                self.cells.error(place, f"no row '{key}': add a row with key '{key}' and its value")
        name = values.get("name", "model")
        info: dict[str, Any] = {"id": values.pop("id", slugify(str(name)) or "model")}
        for key in ("name", "version", "updated", "language"):
            if key in values:
                info[key] = values.pop(key)
        info["summary"] = values.pop("summary", values.get("description", name))
        info["description"] = values.pop("description", info["summary"])
        checklist = {key: values.pop(key) for key in ("group_by", "filters") if key in values}
        sources = [
            self.read("sources", row, "model.yaml", f"sources[{i}]") for i, row in enumerate(self.rows("sources"))
        ]
        if sources:
            info["sources"] = sources
        for key, value in values.items():
            target = info
            *parents, last = key.split(".")
            for parent in parents:
                target = target.setdefault(parent, {})
            target[last] = value
        return info, checklist

    def scales(self, info: dict) -> set[str]:
        """Adds the sheet's answer scales to `info`; the names of the named scales."""
        scoring = info.setdefault("scoring", {})
        named: dict[str, list] = {}
        default: list = []
        for row in self.rows("scales"):
            scale = row.text("scale")
            target = named.setdefault(scale, []) if scale else default
            where = f"scoring.scales.{scale}[{len(target)}]" if scale else f"scoring.answers[{len(target)}]"
            option = self.read("scales", row, "model.yaml", where)
            option.pop("scale", None)
            if "credit" not in option:
                option["credit"] = None  # an empty credit: the answer is left out of scores
            target.append(option)
        if default:
            scoring["answers"] = default
        if named:
            scoring["scales"] = named
        if not scoring:
            del info["scoring"]
        return set(named)

    # --- stages, pillars, practices --------------------------------------------------------------

    def item_rows(self) -> tuple[list[str], list[tuple[Row, dict]]]:
        """Each checklist row's values (pillar and stage as written) and the stages they name in order."""
        found: list[tuple[Row, dict]] = []
        for row in self.rows("checklist"):
            entry: dict[str, Any] = {}
            for column in SHEETS_BY_NAME["checklist"].columns:
                if (
                    column.header in ("stage", "pillar", "practice", "stream")
                    and column.header + "s" not in self.tables
                ):
                    entry[column.header] = row.text(column.header) or None  # a name, made into an id below
                    if column.required and not entry[column.header]:
                        self.cells.error(row.where(column.header), f"{column.header} is empty: fill it in")
                else:
                    entry[column.header] = self.cells.value(row, column)
            if meta := self.cells.meta(row, SHEETS_BY_NAME["checklist"]):
                entry["meta"] = meta
            found.append((row, entry))
        order = list(dict.fromkeys(e["stage"] for _, e in found if e.get("stage")))
        return order, found

    def stages(self, from_items: list[str]) -> Entries:
        if "stages" not in self.tables:
            return [_named(made_id(name), name) for name in from_items]
        stages = []
        for i, row in enumerate(self.rows("stages")):
            stage = _filled(self.read("stages", row, "stages.yaml", f"stages[{i}]"), description="summary")
            stages.append(stage)
        self.attach("steps", stages, "stage", "stages.yaml", "stages")
        return stages

    def attach(self, sheet: str, parents: Entries, parent: str, file: str, key: str) -> Entries:
        """The rows of `sheet` (steps, challenges), each added to the list `sheet` of the parent
        entry its column `parent` names."""
        ids = [str(entry.get("id")) for entry in parents]
        attached = []
        for row in self.rows(sheet):
            owner = self.cells.refer(row, parent, row.text(parent), ids, parent) if row.text(parent) else None
            if not row.text(parent):
                self.cells.error(row.where(parent), f"{parent} is empty: fill it in")
            elif owner is not None:
                siblings = parents[ids.index(owner)].setdefault(sheet, [])
                child = self.read(sheet, row, file, f"{key}[{ids.index(owner)}].{sheet}[{len(siblings)}]")
                child.pop(parent, None)
                siblings.append(child)
                attached.append(child)
        return attached

    def pillars(self, items: list[tuple[Row, dict]]) -> tuple[Entries, Entries]:
        if "pillars" not in self.tables:
            names = dict.fromkeys(e["pillar"] for _, e in items if e.get("pillar"))
            return [_named(made_id(name), name) for name in names], []
        groups = []
        for i, row in enumerate(self.rows("groups")):
            groups.append(_filled(self.read("groups", row, "pillars.yaml", f"groups[{i}]")))
        pillars = []
        for i, row in enumerate(self.rows("pillars")):
            pillar = _filled(self.read("pillars", row, "pillars.yaml", f"pillars[{i}]"), description="summary")
            group = pillar.pop("group", None)
            if group:
                group_id = group if any(g.get("id") == group for g in groups) else made_id(group)
                owner = next((g for g in groups if g.get("id") == group_id), None)
                if owner is None:
                    owner = {"id": group_id, "name": group, "summary": group}
                    groups.append(owner)
                owner.setdefault("pillars", []).append(pillar.get("id"))
            pillars.append(pillar)
        for challenge in self.attach("challenges", pillars, "pillar", "pillars.yaml", "pillars"):
            challenge.setdefault("description", challenge.get("name"))
        return pillars, groups

    def streams(self, items: list[tuple[Row, dict]], pillars: Entries) -> None:
        """Adds the streams to their pillars: the sheet's rows, or one a name in the checklist's
        column stream (made unique across pillars by the pillar's id); items then name ids."""
        if "streams" in self.tables:
            self.attach("streams", pillars, "pillar", "pillars.yaml", "pillars")
            return
        by_id = {p.get("id"): p for p in pillars}
        made: dict[tuple[str, str], str] = {}
        for _, entry in items:
            name, pillar = entry.get("stream"), by_id.get(made_id(entry.get("pillar") or "-"))
            if not name or pillar is None:
                continue
            key = (str(pillar.get("id")), name)
            if key not in made:
                stream_id = made_id(name)
                if stream_id in made.values():
                    stream_id = f"{key[0]}-{stream_id}"
                made[key] = stream_id
                pillar.setdefault("streams", []).append({"id": stream_id, "name": name})
            entry["stream"] = made[key]

    def elements(self) -> dict:
        elements = [
            _filled(self.read("elements", row, "pillars.yaml", f"elements[{i}]"))
            for i, row in enumerate(self.rows("elements"))
        ]
        return {"elements": elements} if elements else {}

    def practices(self, items: list[tuple[Row, dict]], stage_order: list[str], pillars: Entries) -> Entries:
        if "practices" in self.tables:
            practices = []
            for i, row in enumerate(self.rows("practices")):
                practice = self.read("practices", row, "practices.yaml", f"practices[{i}]")
                practice = _filled(practice, why="summary")
                practice.setdefault("how", [practice.get("summary")])
                if "references" in practice:
                    practice["references"] = [self.reference(row, line) for line in practice["references"]]
                practices.append(practice)
        else:  # one practice a name in the checklist's column practice, else one a pillar (its texts)
            made: dict[str, dict] = {}
            by_id = {p.get("id"): p for p in pillars}
            for _, entry in items:
                named, pillar = entry.get("practice"), by_id.get(made_id(entry.get("pillar") or "-"))
                if named:
                    texts = {"id": made_id(named), "name": named, "summary": named}
                elif pillar:
                    texts = {"id": pillar.get("id"), "name": pillar.get("name"), "summary": pillar.get("summary")}
                else:
                    continue
                entry["practice"] = texts["id"]
                made.setdefault(texts["id"], texts)
            practices = [{**p, "why": p["summary"], "how": [p["summary"]]} for p in made.values()]
        for practice in practices:
            mine = [e for _, e in items if e.get("practice") == practice.get("id")]
            if "pillars" not in practice and mine:
                practice["pillars"] = list(dict.fromkeys(made_id(e["pillar"]) for e in mine if e.get("pillar")))
            if "stage" not in practice and mine:
                ranks = [made_id(e["stage"]) for e in mine if e.get("stage")]
                ranks.sort(key=lambda s: stage_order.index(s) if s in stage_order else len(stage_order))
                practice["stage"] = ranks[0] if ranks else None
        return practices

    def reference(self, row: Row, line: str) -> dict:
        title, _, url = line.rpartition("|")
        if not title.strip():
            self.cells.error(row.where("references"), f"'{line}' is not 'title | https://...': give both")
        return {"title": title.strip(), "url": url.strip()}

    # --- matrix and checklist ---------------------------------------------------------------------

    def matrix(self) -> tuple[Entries, Entries]:
        axes = [
            _filled(self.read("axes", row, "axes.yaml", f"axes[{i}]"), summary=False, measures="name")
            for i, row in enumerate(self.rows("axes"))
        ]
        quadrants = []
        for i, row in enumerate(self.rows("quadrants")):
            quadrant = _filled(
                self.read("quadrants", row, "axes.yaml", f"quadrants[{i}]"),
                profile="summary",
                recommendation="summary",
            )
            quadrant.setdefault("traits", [quadrant.get("summary")])
            position = {}
            for part in str(quadrant.get("position", "")).split(","):
                axis, _, side = part.replace(":", "=").partition("=")
                if side.strip() not in ("low", "high"):
                    self.cells.error(row.where("position"), f"'{part.strip()}' is not axis=low or axis=high")
                position[axis.strip()] = side.strip()
            quadrant["position"] = position
            quadrants.append(quadrant)
        return axes, quadrants

    def items(
        self, raw: list[tuple[Row, dict]], stages: Entries, pillars: Entries, practices: Entries, scales
    ) -> Entries:
        known = {
            "stage": [s.get("id") for s in stages],
            "pillar": [p.get("id") for p in pillars],
            "practice": [p.get("id") for p in practices],
            "scale": sorted(scales),
        }
        given = {e["id"] for _, e in raw if e.get("id")}
        items = []
        for i, (row, entry) in enumerate(raw):
            item = {key: value for key, value in entry.items() if value not in (None, [])}
            for kind in ("stage", "pillar", "practice"):
                if kind in item and kind + "s" in self.tables:
                    self.cells.refer(row, kind, item[kind], known[kind], kind)
                elif kind in item:
                    item[kind] = made_id(item[kind])
            if "scale" in item:
                self.cells.refer(row, "scale", item["scale"], known["scale"], "scale")
            if "stream" in item and "streams" in self.tables:
                streams = [
                    str(s.get("id")) for p in pillars if p.get("id") == item.get("pillar") for s in p.get("streams", [])
                ]
                self.cells.refer(row, "stream", item["stream"], streams, "stream")
            if "id" not in item and "text" in item:
                item = {"id": _item_id(item["text"], given), **item}
                given.add(item["id"])
            self.origins[("checklist.yaml", f"items[{i}]")] = row.place
            for key in item:
                self.origins[("checklist.yaml", f"items[{i}].{key}")] = row.where(key)
            items.append(item)
        return items


def _named(id_: str, name: str) -> dict:
    return {"id": id_, "name": name, "summary": name, "description": name}


def _item_id(text: str, taken: set[str]) -> str:
    """An item's id from its text, the same for the same text: its words, cut at a word's end."""
    words = slugify(text) or "item-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    base = words[:48].rsplit("-", 1)[0] if len(words) > 48 and "-" in words[:48] else words[:48]
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _filled(entry: dict, *, summary: bool = True, **fallbacks: str) -> dict:
    """`entry` with a summary (else its name) and each of `fallbacks` (key: the key it copies)."""
    if summary and "summary" not in entry and "name" in entry:
        entry["summary"] = entry["name"]
    for key, source in fallbacks.items():
        if key not in entry and source in entry:
            entry[key] = entry[source]
    return entry
