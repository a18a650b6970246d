"""Checks on the model as a whole: unique ids, resolvable references, a complete matrix.

Each check returns problems positioned at the YAML node they are about. Errors stop a build;
warnings are printed (and become errors under `validate --strict`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from .errors import Problem, display_path
from .model import Model
from .yamlio import where_text


class _Reporter:
    """Collects problems, placing each at a location in one of the model's files."""

    def __init__(self, model: Model):
        self.model = model
        self.problems: list[Problem] = []

    def add(self, file: str, location: tuple, message: str, severity: str = "error") -> None:
        document = self.model.documents[file]
        line, column = document.value_mark(location)
        problem = Problem(display_path(document.path), line, column, where_text(location), message, severity)
        self.problems.append(problem)


def check_model(model: Model) -> list[Problem]:
    """Every cross-file problem of the model, errors and warnings."""
    report = _Reporter(model)
    _check_unique_ids(model, report)
    _check_answers(model, report)
    _check_matrix(model, report)
    _check_references(model, report)
    _check_coverage(model, report)
    return report.problems


def _entities(model: Model) -> Iterator[tuple[str, str, str, Iterable]]:
    """(kind, file, list key, entities) for every kind of thing that has an id."""
    yield "axis", "axes.yaml", "axes", model.axes
    yield "quadrant", "axes.yaml", "quadrants", model.quadrants
    yield "stage", "stages.yaml", "stages", model.stages
    yield "pillar", "pillars.yaml", "pillars", model.pillars
    yield "element", "pillars.yaml", "elements", model.elements
    yield "practice", "practices.yaml", "practices", model.practices
    yield "checklist item", "checklist.yaml", "items", model.items


PAGE_KINDS = {"quadrant", "stage", "pillar", "practice"}


def _check_unique_ids(model: Model, report: _Reporter) -> None:
    for kind, file, key, entities in _entities(model):
        _unique(report, kind, file, [((key, i), e.id) for i, e in enumerate(entities)])
        for i, entity in enumerate(entities):
            if kind in PAGE_KINDS and entity.id == "index":
                report.add(file, (key, i, "id"), f"'index' is the name of the {kind} overview page: choose another id")
    steps = [((("stages", s, "steps", i)), step.id) for s, stage in enumerate(model.stages) for i, step in enumerate(stage.steps)]
    _unique(report, "step", "stages.yaml", steps)
    challenges = [(("pillars", p, "challenges", i), c.id) for p, pillar in enumerate(model.pillars)
                  for i, c in enumerate(pillar.challenges)]
    _unique(report, "challenge", "pillars.yaml", challenges)


def _unique(report: _Reporter, kind: str, file: str, located_ids: list[tuple[tuple, str]]) -> None:
    first: dict[str, tuple] = {}
    for location, entity_id in located_ids:
        if entity_id in first:
            line = report.model.documents[file].mark(first[entity_id] + ("id",))[0]
            report.add(file, location + ("id",), f"duplicate {kind} id '{entity_id}' (first on line {line}): ids must be unique")
        else:
            first[entity_id] = location


def _check_answers(model: Model, report: _Reporter) -> None:
    options = model.scoring.answers
    seen = Counter(option.value for option in options)
    for i, option in enumerate(options):
        if seen[option.value] > 1:
            report.add("model.yaml", ("scoring", "answers", i, "value"), f"answer value '{option.value}' is listed twice")
    if not any(option.credit == 1 for option in options) or not any(option.credit == 0 for option in options):
        report.add("model.yaml", ("scoring", "answers"), "the answers need one with credit 1 (fully met) and one with credit 0")


def _check_matrix(model: Model, report: _Reporter) -> None:
    axis_ids = [axis.id for axis in model.axes]
    seen: dict[tuple, int] = {}
    for i, quadrant in enumerate(model.quadrants):
        if sorted(quadrant.position) != sorted(axis_ids):
            report.add("axes.yaml", ("quadrants", i, "position"),
                       f"position must give 'low' or 'high' for each axis: {', '.join(axis_ids)}")
            continue
        cell = tuple(quadrant.position[a] for a in axis_ids)
        if cell in seen:
            report.add("axes.yaml", ("quadrants", i, "position"),
                       f"quadrants '{model.quadrants[seen[cell]].id}' and '{quadrant.id}' sit in the same cell: give each its own")
        seen[cell] = i


def _check_references(model: Model, report: _Reporter) -> None:
    ids = {kind: {e.id for e in entities} for kind, _, _, entities in _entities(model)}
    ids["step"] = {step.id for stage in model.stages for step in stage.steps}

    def refer(file: str, location: tuple, kind: str, value: str | None) -> None:
        if value is not None and value not in ids[kind]:
            known = ", ".join(sorted(ids[kind]))
            report.add(file, location, f"unknown {kind} '{value}': use one of {known}")

    for i, item in enumerate(model.items):
        for field, kind in (("axis", "axis"), ("pillar", "pillar"), ("stage", "stage"), ("practice", "practice"), ("step", "step")):
            refer("checklist.yaml", ("items", i, field), kind, getattr(item, field))
    for i, practice in enumerate(model.practices):
        refer("practices.yaml", ("practices", i, "stage"), "stage", practice.stage)
        for j, pillar in enumerate(practice.pillars):
            refer("practices.yaml", ("practices", i, "pillars", j), "pillar", pillar)
    for s, stage in enumerate(model.stages):
        for i, step in enumerate(stage.steps):
            for j, practice in enumerate(step.practices):
                refer("stages.yaml", ("stages", s, "steps", i, "practices", j), "practice", practice)


def _check_coverage(model: Model, report: _Reporter) -> None:
    """Every axis needs items (or no score exists); empty stages and pillars are suspicious."""
    used = {field: Counter(getattr(item, field) for item in model.items) for field in ("axis", "stage", "pillar", "practice")}
    for i, axis in enumerate(model.axes):
        if not used["axis"][axis.id]:
            report.add("axes.yaml", ("axes", i), f"axis '{axis.id}' has no checklist items: its score cannot be computed")
    for i, stage in enumerate(model.stages):
        if not used["stage"][stage.id]:
            report.add("stages.yaml", ("stages", i), f"stage '{stage.id}' has no checklist items", "warning")
    for i, pillar in enumerate(model.pillars):
        if not used["pillar"][pillar.id]:
            report.add("pillars.yaml", ("pillars", i), f"pillar '{pillar.id}' has no checklist items", "warning")
    evidenced = {item.step for item in model.items}
    for s, stage in enumerate(model.stages):
        for i, step in enumerate(stage.steps):
            if step.id not in evidenced:
                report.add("stages.yaml", ("stages", s, "steps", i),
                           f"step '{step.id}' has no checklist item (items name it in 'step'): its progress cannot be "
                           "measured", "warning")
    for i, practice in enumerate(model.practices):
        if not used["practice"][practice.id]:
            report.add("practices.yaml", ("practices", i), f"practice '{practice.id}' has no checklist items", "warning")
