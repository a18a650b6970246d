"""Targets: what an organisation aims for, and how far it has come.

    target:
      stage: evolving                 # every pillar at this stage, or
      pillars: {people: mastering}    # a stage per pillar (wins over `stage` for that pillar), and/or
      answers: {written-policy: yes}  # the answer aimed for on single items (wins over both)

Reaching a stage means, for the roadmap, meeting every item of that stage and the ones below it
(the stage itself is reached earlier, at the model's stage threshold). Without a target, each
pillar aims at its next level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, display_path, one_of
from ..model.model import Model
from ..numbers import round1
from ..yamlio import Document, where_text
from .scoring import Result


@dataclass(frozen=True)
class Target:
    """A checked target: a stage for all pillars, stages per pillar, answers per item."""

    stage: str | None = None
    pillars: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)


def read_target(document: Document, location: tuple, model: Model) -> tuple[Target | None, list[Problem]]:
    """The target at `location` in `document` (None if there is none), checked against `model`."""
    problems: list[Problem] = []

    def problem(at: tuple, message: str) -> None:
        line, column = document.value_mark(at)
        problems.append(Problem(display_path(document.path), line, column, where_text(at), message))

    data: Any = document.data
    for part in location:
        if not isinstance(data, dict) or part not in data:
            return None, problems
        data = data[part]
    if data is None:
        return None, problems
    if not isinstance(data, dict) or not data:
        problem(location, "expected a mapping with 'stage', 'pillars' or 'answers'")
        return None, problems
    stages = tuple(s.id for s in model.stages)
    pillars = tuple(p.id for p in model.pillars)
    items = {item.id: item for item in model.items}
    for key in data:
        if key not in ("stage", "pillars", "answers"):
            problem(location + (key,), f"unknown key '{key}': a target has 'stage', 'pillars' or 'answers'")
    stage = data.get("stage")
    if stage is not None and stage not in stages:
        problem(location + ("stage",), f"unknown stage '{stage}': use one of {one_of(stages, str(stage))}")
        stage = None
    per_pillar: dict[str, str] = {}
    raw_pillars = data.get("pillars") or {}
    if not isinstance(raw_pillars, dict):
        problem(location + ("pillars",), "expected a mapping of pillar ids to stage ids")
        raw_pillars = {}
    for pillar, pillar_stage in raw_pillars.items():
        at = location + ("pillars", pillar)
        if pillar not in pillars:
            problem(at, f"unknown pillar '{pillar}': use one of {one_of(pillars, str(pillar))}")
        elif pillar_stage not in stages:
            problem(at, f"unknown stage '{pillar_stage}': use one of {one_of(stages, str(pillar_stage))}")
        else:
            per_pillar[pillar] = pillar_stage
    answers: dict[str, str] = {}
    raw_answers = data.get("answers") or {}
    if not isinstance(raw_answers, dict):
        problem(location + ("answers",), "expected a mapping of checklist item ids to answers")
        raw_answers = {}
    for item_id, value in raw_answers.items():
        at = location + ("answers", item_id)
        if item_id not in items:
            problem(at, f"unknown checklist item '{item_id}': use an id from `playbook checklist`")
            continue
        values = [o.value for o in model.scale_of(items[item_id]) if o.credit is not None]
        if value not in values:
            problem(at, f"'{value}' is not an answer to aim for: use one of {one_of(values, str(value))}")
        else:
            answers[item_id] = value
    return Target(stage, per_pillar, answers), problems


def target_levels(model: Model, target: Target | None, result: Result) -> dict[str, str]:
    """{pillar id: the stage it aims for} of every pillar the target names (all of them when it names a
    stage); without a target, each pillar's next level."""
    order = [s.id for s in model.stages]
    if target is None:
        return {p.id: order[min(order.index(result.levels[p.id]) + 1, len(order) - 1)] for p in model.pillars}
    aims = {p.id: target.pillars.get(p.id) or target.stage for p in model.pillars}
    return {pillar: stage for pillar, stage in aims.items() if stage}


def target_credits(model: Model, target: Target | None, result: Result) -> dict[str, float]:
    """{item id: the credit aimed for} of every item the target asks something of."""
    order = [s.id for s in model.stages]
    levels = target_levels(model, target, result)
    aimed: dict[str, float] = {}
    for item in model.items:
        if target and item.id in target.answers:
            aimed[item.id] = next(o.credit for o in model.scale_of(item) if o.value == target.answers[item.id]) or 0.0
        elif item.pillar in levels and order.index(item.stage) <= order.index(levels[item.pillar]):
            aimed[item.id] = 1.0
    return {item_id: credit for item_id, credit in aimed.items() if credit > 0}


def progress(model: Model, credits: dict[str, float | None], aimed: dict[str, float]) -> dict[str, Any]:
    """Progress to target in percent, overall and per pillar: credited weight of what the target asks,
    capped at the target (n/a items left out; 100 when the target asks nothing more)."""

    def percent(items) -> float:
        earned = needed = 0.0
        for item in items:
            credit = credits.get(item.id, 0.0)
            if item.id in aimed and credit is not None:
                earned += item.weight * min(credit, aimed[item.id])
                needed += item.weight * aimed[item.id]
        return round1(earned / needed * 100) if needed else 100.0

    return {
        "overall": percent(model.items),
        "pillars": {p.id: percent([i for i in model.items if i.pillar == p.id]) for p in model.pillars},
    }
