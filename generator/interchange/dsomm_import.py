"""The OWASP DevSecOps Maturity Model's generated `model.yaml` to the model's files.

Dimensions become groups, sub-dimensions pillars, levels 1-5 the stages above a `level-0`
everyone starts at, and each activity an item (with a practice holding its risk, measure and
dependencies) answered implemented or not. DSOMM's heatmap fills a sub-dimension's level by the
share of its activities there that are implemented, a level with no activities left blank; a
sub-dimension is at the highest level filled completely together with every level below. With a
stage threshold of 100 our pillar level is that level and the pillar's stage completion that share.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..clients.profiles import slugify
from ..errors import ContentError, Problem, display_path
from ..yamlio import MAX_BYTES, Document, UnreadableFile, parse_yaml, read_regular_file

Origins = dict[tuple[str, str], str]
LICENSE = {"name": "GPL-3.0", "url": "https://www.gnu.org/licenses/gpl-3.0.html"}
SOURCE = {"title": "OWASP DevSecOps Maturity Model (DSOMM)", "url": "https://dsomm.owasp.org/"}
# DSOMM's names for its levels (its application's settings, not part of model.yaml).
LEVELS = (
    "Basic understanding of security practices",
    "Adoption of basic security practices",
    "High adoption of security practices",
    "Very high adoption of security practices",
    "Advanced deployment of security practices at scale",
)
LABELS = {
    "stage": {"singular": "Level", "plural": "Levels"},
    "pillar": {"singular": "Sub-dimension", "plural": "Sub-dimensions"},
    "group": {"singular": "Dimension", "plural": "Dimensions"},
    "practice": {"singular": "Activity", "plural": "Activities"},
    "item": {"singular": "Activity", "plural": "Activities"},
}
ANSWERS = [
    {"value": "yes", "label": "Implemented", "credit": 1},
    {"value": "no", "label": "Not implemented", "credit": 0},
]
DIFFICULTY = ("knowledge", "time", "resources")
FILTERS = ["tags", "usefulness", "difficulty-knowledge", "difficulty-time", "difficulty-resources"]
_WHOLE = re.compile(r"[0-9]{1,3}")
_SEPARATOR = re.compile(r"^(---|\.\.\.)[ \t]*(#.*)?$")


def import_dsomm(path: Path) -> tuple[dict[str, dict], Origins]:
    """The model files ({file name: data}) that DSOMM's `model.yaml` at `path` holds, and where
    each entry came from; raises `ContentError` naming every missing key or broken dependency."""
    meta, document = _read(path)
    problems: list[Problem] = []
    mapping = _Mapping(document, problems)
    files = mapping.files(meta)
    if problems:
        raise ContentError(problems)
    return files, mapping.origins


def _read(path: Path) -> tuple[dict, Document]:
    """The `meta` document and the activities document of the file, every scalar as text; each
    document is parsed with the others blanked out, so that line numbers stay the file's."""
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except UnreadableFile as error:
        raise ContentError([Problem(display_path(path), 0, 0, "", str(error))]) from None
    try:
        lines = raw.decode("utf-8-sig").split("\n")
    except UnicodeDecodeError:
        parse_yaml(raw, path)  # says where the byte that is not UTF-8 is
        raise

    cuts = [i for i, line in enumerate(lines) if _SEPARATOR.match(line)] + [len(lines)]
    meta: dict = {}
    activities = None
    for start, end in zip([-1, *cuts], cuts, strict=False):
        part = [""] * (start + 1) + lines[start + 1 : end]
        document = parse_yaml("\n".join(part).encode(), path, text_scalars=True)
        if isinstance(document.data, dict) and set(document.data) == {"meta"}:
            meta = document.data["meta"] if isinstance(document.data["meta"], dict) else {}
        elif document.data is not None:
            activities = document
    if activities is None or not isinstance(activities.data, dict):
        message = "no dimensions of activities: give DSOMM's generated model.yaml"
        raise ContentError([Problem(display_path(path), 0, 0, "", message)])
    return meta, activities


class _Mapping:
    def __init__(self, document: Document, problems: list[Problem]):
        self.document, self.problems = document, problems
        self.place = display_path(document.path)
        self.origins: Origins = {}

    def problem(self, location: tuple, message: str) -> None:
        line, column = self.document.mark(location)
        self.problems.append(Problem(self.place, line, column, ".".join(map(str, location)), message))

    def need(self, activity: dict, location: tuple, key: str) -> Any:
        value = activity.get(key)
        if value in (None, "", [], {}):
            self.problem(location, f"missing key '{key}': add it to the activity")
        return value

    def number(self, activity: dict, location: tuple, key: str, high: int) -> int:
        text = self.need(activity, location, key)
        if text is not None and (not _WHOLE.fullmatch(str(text)) or not 1 <= int(text) <= high):
            self.problem(location + (key,), f"'{text}' is not a whole number from 1 to {high}: fix it")
            return 1
        return int(text) if text is not None else 1

    def activities(self) -> list[tuple[str, str, str, dict, tuple]]:
        """(dimension, sub-dimension, activity name, activity, its location), in file order."""
        found = []
        for dimension, subs in self.document.data.items():
            if not isinstance(subs, dict):
                self.problem((dimension,), "is not a mapping of sub-dimensions: check the file")
                continue
            for sub, acts in subs.items():
                for name, activity in (acts or {}).items() if isinstance(acts, dict) else []:
                    location = (dimension, sub, name)
                    if isinstance(activity, dict):
                        found.append((str(dimension), str(sub), str(name), activity, location))
                    else:
                        self.problem(location, "is not a mapping of the activity's keys: check the file")
        return found

    def files(self, meta: dict) -> dict[str, dict]:
        found = self.activities()
        ids: dict[str, str] = {}  # uuid or name (its first activity, if two share it): item id
        item_ids: list[str] = []  # each activity's, in file order, all different
        for _, sub, name, activity, _ in found:
            item_id = slugify(name)[:64].strip("-") or "activity"
            if item_id in item_ids:
                item_id = f"{slugify(sub)}-{item_id}"[:64].strip("-")
            base, number = item_id[:60].strip("-"), 2
            while item_id in item_ids:
                item_id, number = f"{base}-{number}", number + 1
            item_ids.append(item_id)
            ids.setdefault(name, item_id)
            if activity.get("uuid"):
                ids[str(activity["uuid"])] = item_id
        groups: dict[str, dict] = {}
        pillars: dict[str, dict] = {}
        practices: list[dict] = []
        items: list[dict] = []
        for (dimension, sub, name, activity, location), item_id in zip(found, item_ids, strict=True):
            pillar = slugify(sub)
            pillars.setdefault(pillar, {"id": pillar, "name": sub})
            group = groups.setdefault(
                dimension, {"id": slugify(dimension), "name": dimension, "summary": "", "pillars": []}
            )
            if pillar not in group["pillars"]:
                group["pillars"].append(pillar)
            practice, item = self.activity(item_id, name, activity, location, pillar, ids)
            line, column = self.document.mark(location)
            self.origins[("practices.yaml", f"practices[{len(practices)}]")] = f"{self.place}:{line}:{column}"
            self.origins[("checklist.yaml", f"items[{len(items)}]")] = f"{self.place}:{line}:{column}"
            practices.append(practice)
            items.append(item)
        for group in groups.values():
            names = [pillars[p]["name"] for p in group["pillars"]]
            group["summary"] = f"Its sub-dimensions: {', '.join(names)}."
        version = str(meta.get("version") or "4")
        model = {
            "id": "owasp-dsomm",
            "name": "OWASP DevSecOps Maturity Model",
            "version": version,
            "language": "en",
            "summary": "The OWASP DevSecOps Maturity Model: security activities for DevOps, by level.",
            "description": "The OWASP DevSecOps Maturity Model (DSOMM), imported from its generated model.yaml.",
            "license": LICENSE,
            "sources": [SOURCE],
            "labels": LABELS,
            "scoring": {"headline": "levels", "answers": ANSWERS, "stage_threshold": 100, "unanswered": "zero"},
        }
        stages = [
            {
                "id": "level-0",
                "name": "Level 0",
                "summary": "Where every team starts.",
                "description": "Where every team starts.",
            }
        ] + [
            {"id": f"level-{n}", "name": f"Level {n}", "summary": text, "description": text}
            for n, text in enumerate(LEVELS, 1)
        ]
        filters = [key for key in FILTERS if any(key in item["meta"] for item in items)]
        return {
            "model.yaml": model,
            "stages.yaml": {"stages": stages},
            "pillars.yaml": {"pillars": list(pillars.values()), "groups": list(groups.values())},
            "practices.yaml": {"practices": practices},
            "checklist.yaml": {"group_by": "pillar", **({"filters": filters} if filters else {}), "items": items},
        }

    def activity(
        self, item_id: str, name: str, activity: dict, location: tuple, pillar: str, ids: dict
    ) -> tuple[dict, dict]:
        stage = f"level-{self.number(activity, location, 'level', len(LEVELS))}"
        risk, measure = self.need(activity, location, "risk"), self.need(activity, location, "measure")
        requires = []
        for index, depends in enumerate(activity.get("dependsOn") or []):
            if str(depends) in ids:
                requires.append(ids[str(depends)])
            else:
                self.problem(location + ("dependsOn", index), f"no activity has uuid or name '{depends}': fix it")
        uuid = self.need(activity, location, "uuid")
        how = [str(measure or "").strip()]
        if activity.get("assessment"):
            how.append(f"Assessment: {str(activity['assessment']).strip()}")
        practice = {
            "id": item_id,
            "name": name,
            "summary": str(measure or "").strip(),
            "why": str(risk or "").strip(),
            "how": how,
            "pillars": [pillar],
            "stage": stage,
            **({"requires": requires} if requires else {}),
        }
        item: dict[str, Any] = {
            "id": item_id,
            "text": name,
            "pillar": pillar,
            "stage": stage,
            "practice": item_id,
            "aliases": [str(uuid)] if uuid else [],
            "meta": self.meta(activity, location),
        }
        if activity.get("description"):
            item["guidance"] = str(activity["description"]).strip()
        return practice, item

    def meta(self, activity: dict, location: tuple) -> dict[str, Any]:
        """What DSOMM filters and sorts activities by: tags, usefulness, difficulty, SAMM mapping."""
        meta: dict[str, Any] = {}
        tags = [str(t) for t in activity.get("tags") or [] if str(t) != "none"]
        if tags:
            meta["tags"] = tags
        meta["usefulness"] = self.number(activity, location, "usefulness", 5)
        difficulty = self.need(activity, location, "difficultyOfImplementation")
        if isinstance(difficulty, dict):
            for key in DIFFICULTY:
                meta[f"difficulty-{key}"] = self.number(difficulty, location + ("difficultyOfImplementation",), key, 5)
        samm = (activity.get("references") or {}).get("samm2") if isinstance(activity.get("references"), dict) else None
        if samm:
            meta["samm2"] = [str(s) for s in samm][:20]
        return meta
