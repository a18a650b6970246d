"""Targets: what an organisation aims for, and how far it has come.

    target:
      stage: evolving                 # every pillar at this stage, or
      pillars: {people: mastering}    # a stage per pillar (wins over `stage` for that pillar), and/or
      answers: {written-policy: yes}  # the answer aimed for on single items (wins over both)

Reaching a stage means, for the roadmap, meeting every item of that stage and the ones below it
(the stage itself is reached earlier, at the model's stage threshold). Without a target, each
pillar aims at its next level.

Where the model leads with its maturity score (`headline: score`), a pillar may aim at a score
instead (`pillars: {threats: "1.5"}`): every item of the pillar's first stage with items is met,
and each item of its second asks for half its credit, just as the score counts them.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, display_path, one_of
from ..model.fields import check_date
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
    scores: dict[str, float] = field(default_factory=dict)  # {pillar id: maturity score aimed for}
    by: datetime.date | None = None  # when a phase of a phased target (a profile's `targets`) is due


def read_target(
    document: Document, location: tuple, model: Model, *, dated: bool = False
) -> tuple[Target | None, list[Problem]]:
    """The target at `location` in `document` (None if there is none), checked against `model`;
    a `dated` one is a phase of a phased target and needs `by`, the date it is due."""
    problems: list[Problem] = []

    def problem(at: tuple, message: str) -> None:
        line, column = document.value_mark(at)
        problems.append(Problem(display_path(document.path), line, column, where_text(at), message))

    data: Any = document.data
    for part in location:
        if isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
            continue
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
    keys = ("stage", "pillars", "answers") + (("by",) if dated else ())
    for key in data:
        if key not in keys:
            problem(location + (key,), f"unknown key '{key}': a target has {', '.join(repr(k) for k in keys)}")
    by = None
    if dated and data.get("by") is None:
        problem(location, "a target phase needs 'by': the date it is due (YYYY-MM-DD)")
    elif dated:
        try:
            by = check_date(datetime.date.fromisoformat(str(data["by"])))
        except ValueError as error:
            reason = str(error) if "check the year" in str(error) else "write it as YYYY-MM-DD"
            problem(location + ("by",), f"'{data['by']}' is not a date: {reason}")
    stage = data.get("stage")
    if stage is not None and stage not in stages:
        problem(location + ("stage",), f"unknown stage '{stage}': use one of {one_of(stages, str(stage))}")
        stage = None
    per_pillar: dict[str, str] = {}
    raw_pillars = data.get("pillars") or {}
    if not isinstance(raw_pillars, dict):
        problem(location + ("pillars",), "expected a mapping of pillar ids to stage ids")
        raw_pillars = {}
    scores: dict[str, float] = {}
    for pillar, pillar_stage in raw_pillars.items():
        at = location + ("pillars", pillar)
        top = len(scored_stages(model, pillar))
        if pillar not in pillars:
            problem(at, f"unknown pillar '{pillar}': use one of {one_of(pillars, str(pillar))}")
        elif pillar_stage in stages:
            per_pillar[pillar] = pillar_stage
        elif model.scoring.headline == "score" and (score := _score(pillar_stage)) is not None and 0 <= score <= top:
            scores[pillar] = score
        elif model.scoring.headline == "score":
            problem(
                at,
                f"'{pillar_stage}' is neither a stage nor a maturity score from 0 to {top}: use one of {one_of(stages, str(pillar_stage))}, or a score such as 1.5",
            )
        else:
            problem(at, f"unknown stage '{pillar_stage}': use one of {one_of(stages, str(pillar_stage))}")
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
    return Target(stage, per_pillar, answers, scores, by), problems


def _score(text: object) -> float | None:
    """A maturity score written in a target ("1.5"), or None if it is no number."""
    try:
        value = float(str(text))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def scored_stages(model: Model, pillar: str) -> list[str]:
    """The stages that hold items of `pillar`, lowest first: each adds up to 1 to its maturity score."""
    return [s.id for s in model.stages if any(i.pillar == pillar and i.stage == s.id for i in model.items)]


def target_levels(model: Model, target: Target | None, result: Result) -> dict[str, str]:
    """{pillar id: the stage it aims for} of every pillar the target names (all of them when it names a
    stage); without a target, each pillar's next level."""
    order = [s.id for s in model.stages]
    if target is None:
        return {p.id: order[min(order.index(result.levels[p.id]) + 1, len(order) - 1)] for p in model.pillars}
    aims = {p.id: target.pillars.get(p.id) or target.stage for p in model.pillars}
    for pillar, score in target.scores.items():  # the highest stage the score asks anything of
        scored = scored_stages(model, pillar)
        aims[pillar] = scored[max(math.ceil(score), 1) - 1] if scored else None
    return {pillar: stage for pillar, stage in aims.items() if stage}


def target_credits(model: Model, target: Target | None, result: Result) -> dict[str, float]:
    """{item id: the credit aimed for} of every item the target asks something of."""
    order = [s.id for s in model.stages]
    levels = target_levels(model, target, result)
    aimed: dict[str, float] = {}
    for item in model.items:
        if target and item.id in target.answers:
            aimed[item.id] = next(o.credit for o in model.scale_of(item) if o.value == target.answers[item.id]) or 0.0
        elif target and item.pillar in target.scores:  # the score's part of each of its stages
            place = scored_stages(model, item.pillar).index(item.stage)
            aimed[item.id] = min(max(target.scores[item.pillar] - place, 0.0), 1.0)
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
