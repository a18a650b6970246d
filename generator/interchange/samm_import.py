"""OWASP SAMM v2 core data (its `model/` folder of YAML files) to the model's files.

Business functions become groups, security practices pillars with SAMM's streams, maturity
levels the stages above a `level-0` everyone starts at, and each question an item of its stream
and level, answered on its own answer set. An answer's credit is SAMM's answer value, so a
pillar's maturity score is SAMM's practice score (the sum over levels of the mean of its streams'
values), a group's is the business function's and the overall score SAMM's overall score.
Every scalar is read as text: SAMM writes the answer `No` unquoted, which YAML 1.1 reads as false.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..clients.profiles import slugify
from ..errors import ContentError, Problem, display_path
from ..yamlio import Document, load_yaml

Origins = dict[tuple[str, str], str]
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_MODEL_CODE = re.compile(r"SAMM(\d)(\d+)")  # the model code SAMM's files name: SAMM20 is 2.0
FOLDERS = (
    "business_functions",
    "security_practices",
    "streams",
    "maturity_levels",
    "practice_levels",
    "activities",
    "questions",
    "answer_sets",
)
LICENSE = {"name": "CC BY-SA 4.0", "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
SOURCE = {
    "title": "OWASP Software Assurance Maturity Model (SAMM)",
    "author": "OWASP SAMM project",
    "url": "https://owaspsamm.org/model/",
}
LABELS = {
    "stage": {"singular": "Maturity level", "plural": "Maturity levels"},
    "pillar": {"singular": "Security practice", "plural": "Security practices"},
    "group": {"singular": "Business function", "plural": "Business functions"},
    "practice": {"singular": "Activity", "plural": "Activities"},
    "item": {"singular": "Question", "plural": "Questions"},
}


class _Entry:
    """One source file's mapping, read key by key; a missing or empty key is a problem at the file."""

    def __init__(self, document: Document, problems: list[Problem], data: Any = None, base: tuple = ()):
        self.document, self.problems, self.base = document, problems, base
        data = document.data if data is None else data
        self.data = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problem((), "is not a mapping of keys: is this a SAMM model file?")

    @property
    def place(self) -> str:
        return display_path(self.document.path)

    def problem(self, location: tuple, message: str) -> None:
        location = self.base + location
        line, column = self.document.mark(location)
        self.problems.append(Problem(self.place, line, column, ".".join(map(str, location)), message))

    def get(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key)
        return default if value in (None, "", []) else value

    def need(self, key: str) -> Any:
        value = self.get(key)
        if value is None:
            self.problem((), f"missing key '{key}': add it (see the SAMM core data's template)")
            return ""
        return value

    def text(self, key: str) -> str:
        value = self.need(key)
        return value.strip() if isinstance(value, str) else ""


def import_samm(folder: Path, version: str | None = None) -> tuple[dict[str, dict], Origins]:
    """The model files ({file name: data}) that the SAMM `model/` folder holds, and where each
    entry came from; raises `ContentError` naming every missing file, key or broken link.

    `version` is the SAMM release the files are from; else the model code they name gives it."""
    problems: list[Problem] = []
    entries = _read_folders(folder, problems)
    if problems:
        raise ContentError(problems)
    files, origins = _Mapping(entries, problems).files(version)
    if problems:
        raise ContentError(problems)
    return files, origins


def _read_folders(folder: Path, problems: list[Problem]) -> dict[str, list[_Entry]]:
    entries: dict[str, list[_Entry]] = {}
    for name in FOLDERS:
        paths = sorted((folder / name).glob("*.yml")) + sorted((folder / name).glob("*.yaml"))
        if not paths:
            message = f"no {name} files (*.yml): give the `model/` folder of SAMM's core data"
            problems.append(Problem(display_path(folder / name), 0, 0, "", message))
            continue
        entries[name] = []
        for path in paths:
            try:
                entries[name].append(_Entry(load_yaml(path, text_scalars=True), problems))
            except ContentError as error:
                problems.extend(error.problems)
    return entries


def _number(entry: _Entry, key: str) -> float:
    text = str(entry.need(key))
    if not _NUMBER.fullmatch(text):
        if text:
            entry.problem((key,), f"'{text}' is not a number: write it as SAMM does, e.g. 0.25")
        return 0.0
    return float(text)


class _Mapping:
    def __init__(self, entries: dict[str, list[_Entry]], problems: list[Problem]):
        self.entries, self.problems = entries, problems
        self.by_id = {e.get("id"): e for files in entries.values() for e in files if e.get("id")}
        self.origins: Origins = {}

    def linked(self, entry: _Entry, key: str, folder: str) -> _Entry | None:
        """The entry of `folder` that `entry`'s `key` names by id."""
        target = self.by_id.get(entry.need(key))
        if target is None or target not in self.entries[folder]:
            if entry.get(key):
                entry.problem((key,), f"no file in {folder}/ has id '{entry.get(key)}': fix the link")
            return None
        return target

    def ordered(self, folder: str) -> list[_Entry]:
        return sorted(self.entries[folder], key=lambda e: _number(e, "order"))

    def files(self, version: str | None) -> tuple[dict[str, dict], Origins]:
        functions = self.ordered("business_functions")
        codes = {id(f): f.text("name")[:1].upper() for f in functions}
        practices = self.ordered("security_practices")
        pillar_of: dict[int, dict] = {}
        groups = []
        function_of = {id(p): self.linked(p, "function", "business_functions") for p in practices}  # each once
        for function in functions:
            own = [p for p in practices if function_of[id(p)] is function]
            for practice in own:
                code = f"{codes[id(function)]}-{practice.text('shortName')}"
                pillar_of[id(practice)] = {
                    "id": slugify(practice.text("name")),
                    "code": code,
                    "entry": practice,
                    "order": len(pillar_of),
                }
            description = function.text("description")
            groups.append(
                {
                    "id": slugify(function.text("name")),
                    "name": function.text("name"),
                    "summary": description.split("\n\n")[0],
                    "description": description,
                    "pillars": [pillar_of[id(p)]["id"] for p in own],
                }
            )
        levels = sorted(self.entries["maturity_levels"], key=lambda e: _number(e, "number"))
        stages = [_start_stage()] + [_stage(level) for level in levels]
        stage_of = {id(level): stage["id"] for level, stage in zip(levels, stages[1:], strict=True)}
        streams = self.ordered("streams")
        stream_of = {}
        for stream in streams:
            owner = self.linked(stream, "practice", "security_practices")
            if owner is not None and id(owner) in pillar_of:
                stream_of[id(stream)] = (
                    pillar_of[id(owner)],
                    f"{pillar_of[id(owner)]['code']}-{stream.text('letter')}",
                )
        pillars = [self.pillar(i, p, streams, stream_of) for i, p in enumerate(pillar_of.values())]
        scales = {slugify(Path(s.document.path).stem): self.scale(s) for s in self.entries["answer_sets"]}
        scale_of = {id(s): slugify(Path(s.document.path).stem) for s in self.entries["answer_sets"]}
        activities, items = self.activities_and_items(stage_of, stream_of, scale_of)
        first = next(iter(scales.values()), [])
        model = {
            "id": "owasp-samm",
            "name": "OWASP SAMM",
            "version": version or _version(functions),
            "language": "en",
            "summary": "The OWASP Software Assurance Maturity Model: measure and improve software security.",
            "description": "OWASP SAMM (Software Assurance Maturity Model), imported from its published core data.",
            "license": LICENSE,
            "sources": [SOURCE],
            "labels": LABELS,
            "scoring": {"headline": "score", "answers": first, "scales": scales},
        }
        files: dict[str, dict] = {
            "model.yaml": model,
            "stages.yaml": {"stages": stages},
            "pillars.yaml": {"pillars": pillars, "groups": groups},
            "practices.yaml": {"practices": activities},
            "checklist.yaml": {"group_by": "pillar", "items": items},
        }
        return files, self.origins

    def pillar(self, index: int, pillar: dict, streams: list[_Entry], stream_of: dict) -> dict:
        entry = pillar["entry"]
        self.origins[("pillars.yaml", f"pillars[{index}]")] = entry.place
        own = [s for s in streams if id(s) in stream_of and stream_of[id(s)][0] is pillar]
        return {
            "id": pillar["id"],
            "name": entry.text("name"),
            "summary": entry.text("shortDescription"),
            "description": entry.text("longDescription"),
            "streams": [
                {
                    "id": stream_of[id(s)][1].lower(),
                    "name": s.text("name"),
                    **({"description": s.get("description").strip()} if s.get("description") else {}),
                }
                for s in own
            ],
            "meta": {"samm-id": pillar["code"]},
        }

    def scale(self, answer_set: _Entry) -> list[dict]:
        values = answer_set.need("values")
        if not isinstance(values, list):
            return []
        options = []
        for index, value in enumerate(values):
            entry = _Entry(answer_set.document, self.problems, value, ("values", index))
            number = _number(entry, "value")
            if not 0 <= number <= 1:
                entry.problem(("value",), f"value {number} is outside 0..1: SAMM answers score 0 to 1")
            options.append({"value": str(entry.need("value")), "label": entry.text("text"), "credit": number})
        return options

    def activities_and_items(self, stage_of: dict, stream_of: dict, scale_of: dict) -> tuple[list, list]:
        """A practice and an item for each question, by pillar, level and stream."""
        rows = []
        for question in self.entries["questions"]:
            activity = self.linked(question, "activity", "activities")
            answer_set = self.linked(question, "answerSet", "answer_sets")
            if activity is None or answer_set is None:
                continue
            stream = self.linked(activity, "stream", "streams")
            practice_level = self.linked(activity, "level", "practice_levels")
            level = self.linked(practice_level, "maturityLevel", "maturity_levels") if practice_level else None
            if stream is None or id(stream) not in stream_of or level is None:
                continue
            pillar, stream_code = stream_of[id(stream)]
            code = f"{pillar['code']}-{_number(level, 'number'):g}-{stream.text('letter')}".lower()
            stage = stage_of[id(level)]
            long_text = activity.get("longDescription", "").strip()
            practice = {
                "id": code,
                "name": activity.text("title"),
                "summary": activity.text("shortDescription"),
                "why": activity.text("benefit"),
                "how": [p.strip() for p in long_text.split("\n\n") if p.strip()] or [activity.text("shortDescription")],
                "pillars": [pillar["id"]],
                "stage": stage,
            }
            item = {
                "id": code,
                "text": question.text("text"),
                "pillar": pillar["id"],
                "stage": stage,
                "stream": stream_code.lower(),
                "practice": code,
                "scale": scale_of[id(answer_set)],
                "criteria": [str(c).strip() for c in question.get("quality", []) if str(c).strip()],
                "aliases": [str(question.need("id")), str(activity.need("id"))],
            }
            rows.append(((pillar["order"], stage_of[id(level)], code), practice, item, activity.place, question.place))
        rows.sort(key=lambda row: row[0])
        for index, (_, _, _, activity_place, question_place) in enumerate(rows):
            self.origins[("practices.yaml", f"practices[{index}]")] = activity_place
            self.origins[("checklist.yaml", f"items[{index}]")] = question_place
        return [row[1] for row in rows], [row[2] for row in rows]


def _start_stage() -> dict:
    return {
        "id": "level-0",
        "name": "Level 0",
        "summary": "Where every organisation starts: no practice at level 1 yet.",
        "description": "Where every organisation starts: no practice at level 1 yet.",
    }


def _stage(level: _Entry) -> dict:
    number = f"{_number(level, 'number'):g}"
    description = level.text("description")
    return {"id": f"level-{number}", "name": f"Level {number}", "summary": description, "description": description}


def _version(functions: list[_Entry]) -> str:
    """SAMM's version from the model code its files name (`SAMM20` is 2.0)."""
    codes = {str(f.get("model", "")) for f in functions}
    match = _MODEL_CODE.fullmatch(codes.pop()) if len(codes) == 1 else None
    return f"{match.group(1)}.{match.group(2)}" if match else "2"
