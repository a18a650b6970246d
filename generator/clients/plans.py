"""An assessment's `plan:` and `commentary:` in a client profile, checked against the schema and
each plan entry against the steps of that assessment's roadmap; and a profile's phased `targets:`.

A plan entry is keyed by a roadmap step's id: the checklist item id the roadmap page shows under
the step. An entry for a step that is not on the roadmap (a typo, or a step already met) is a
warning at its line, with the closest step id or the reason, and an error under `build --strict`.
"""

from __future__ import annotations

import dataclasses
import datetime

from ..assessment.answers import Assessment
from ..assessment.evaluation import evaluate
from ..assessment.roadmap import roadmap
from ..assessment.targets import Target, read_target
from ..errors import Problem, closest, display_path
from ..model.loading import validate_document
from ..model.model import Model
from ..model.profile_schema import AssessmentPlan
from ..yamlio import Document, where_text


def read_plan(document: Document, location: tuple, assessment: Assessment) -> tuple[Assessment, list[Problem]]:
    """`assessment` with the plan and commentary of the profile's mapping at `location` (schema problems apart)."""
    data = document.data
    for part in location:
        data = data[part]
    own = {key: data[key] for key in ("plan", "commentary") if key in data}
    if not own:
        return assessment, []
    depth = len(location)
    part = Document(
        document.path,
        own,
        {at[depth:]: mark for at, mark in document.marks.items() if at[:depth] == location},
        {at[depth:]: mark for at, mark in document.value_marks.items() if at[:depth] == location},
    )
    problems, extras = validate_document(part, AssessmentPlan)
    prefix = where_text(location)
    problems = [dataclasses.replace(p, where=f"{prefix}.{p.where}" if p.where else prefix) for p in problems]
    if extras is None:
        return assessment, problems
    return dataclasses.replace(assessment, plan=dict(extras.plan), commentary=extras.commentary), problems


def plan_warnings(
    document: Document, model: Model, assessments: list[tuple[int, Assessment]], target: Target | None
) -> list[Problem]:
    """A warning for every plan entry whose step is not on its assessment's roadmap, at the entry's line."""
    warnings = []
    items = {item.id for item in model.items}
    for index, assessment in assessments:
        if not assessment.plan:
            continue
        steps = tuple(step.item for phase in roadmap(model, evaluate(model, assessment, target)) for step in phase)
        for step_id in assessment.plan:
            if step_id in steps:
                continue
            at = ("assessments", index, "plan", step_id)
            guess = closest(step_id, steps)
            if step_id in items:
                hint = "the assessment already meets what the target asks of it: remove the entry"
            else:
                hint = f"did you mean '{guess[0]}'?" if guess else "use a step id the roadmap page shows"
            line, column = document.mark(at)
            message = f"'{step_id}' is not a step of this assessment's roadmap ({hint})"
            warnings.append(Problem(display_path(document.path), line, column, where_text(at), message, "warning"))
    return warnings


def read_phased_target(document: Document, model: Model) -> tuple[tuple[Target, ...], list[Problem]]:
    """The phases of the profile's `targets:` (each a target with `by`, its due date), earliest first."""
    data = document.data.get("targets") or []
    phases, problems = [], []
    for index in range(len(data)):
        phase, phase_problems = read_target(document, ("targets", index), model, dated=True)
        problems.extend(phase_problems)
        if phase is not None:
            phases.append(phase)
    if data and document.data.get("target") is not None:
        line, column = document.mark(("targets",))
        message = "give either 'target' or phased 'targets', not both (the latest phase is the target)"
        problems.append(Problem(display_path(document.path), line, column, "targets", message))
    return tuple(sorted(phases, key=lambda p: p.by or datetime.date.min)), problems
