"""Scores, placement and recommended next steps: pure functions of a model and its answers.

The browser computes the same things in `templates/assets/checklist.js` from the data that
`scoring_data` writes into the checklist page; both follow the rules below, step for step
(same sums in the same order, same rounding), so the page and `playbook score` agree exactly.

Rules (the numbers come from the model's `scoring` block):
- an item's credit is its answer's credit; `n/a` (credit null) leaves it out of every
  denominator; an unanswered item stays in the denominators with no credit (shown as unanswered);
- a group's score (axis, pillar, stage completion) is 100 * sum(weight * credit) / sum(weight);
- an axis is high when its score is at least `axis_threshold`; the quadrant follows from both;
- a stage after the first is reached when its completion and that of every lower stage is at
  least `stage_threshold`; the current stage is the highest reached (the first one at worst).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .model import Model
from .urls import SECTION, html_link, page_path


@dataclass(frozen=True)
class NextStep:
    """One recommended step: what to do, why it was chosen, and the page that explains how."""

    text: str
    why: str
    link: str
    value: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class Result:
    """Where an organisation stands: scores 0-100, stage, quadrant and next steps."""

    stage: str
    quadrant: str
    axes: dict[str, float]
    pillars: dict[str, float]
    stages: dict[str, float]
    answered: int
    total: int
    next_steps: list[NextStep]

    def as_json(self) -> dict[str, Any]:
        """The `playbook score --json` document."""
        return {"stage": self.stage, "quadrant": self.quadrant, "axes": self.axes, "pillars": self.pillars,
                "stages": self.stages, "answered": self.answered, "total": self.total,
                "next_steps": [{"text": s.text, "why": s.why, "link": s.link} for s in self.next_steps]}


def round1(value: float) -> float:
    """Round half up to one decimal, exactly as the page does (`Math.round(x * 10) / 10`)."""
    return math.floor(value * 10 + 0.5) / 10


def number_text(value: float) -> str:
    """A number as JavaScript's `String()` prints it: `50`, `66.7`."""
    return str(int(value)) if value == int(value) else repr(value)


def chart_position(score: float, threshold: float) -> float:
    """Where a score sits on the 2x2 chart (0-100), with the threshold on the middle line."""
    if score < threshold:
        return score / threshold * 50
    return 50 + ((score - threshold) / (100 - threshold) * 50 if threshold < 100 else 50)


def site_urls() -> dict[str, str]:
    """Site-relative URL patterns of the pages next steps link to (`{id}` and `{step}` filled in)."""
    urls = {kind: html_link("index.md", page_path(kind, "ID")).replace("ID", "{id}") for kind in SECTION}
    urls["step"] = urls["stage"] + "#step-{step}"
    return urls


def score_answers(model: Model, answers: dict[str, str]) -> Result:
    """Score `answers` ({item id: answer value}; missing ids are unanswered) against `model`."""
    rules = model.scoring
    credit_of = {option.value: option.credit for option in rules.answers}
    credits: dict[str, float] = {}
    applicable: dict[str, bool] = {}
    for item in model.items:
        answer = answers.get(item.id)
        applicable[item.id] = answer is None or credit_of[answer] is not None
        credits[item.id] = credit_of[answer] if answer is not None and credit_of[answer] is not None else 0.0

    def group_score(field_name: str, group_id: str) -> float:
        earned = possible = 0.0
        for item in model.items:
            if getattr(item, field_name) == group_id and applicable[item.id]:
                earned += item.weight * credits[item.id]
                possible += item.weight
        return earned / possible * 100 if possible else 0.0

    axes = {axis.id: group_score("axis", axis.id) for axis in model.axes}
    pillars = {pillar.id: group_score("pillar", pillar.id) for pillar in model.pillars}
    stages = {stage.id: group_score("stage", stage.id) for stage in model.stages}

    current = 0
    for index in range(1, len(model.stages)):
        if all(stages[s.id] >= rules.stage_threshold for s in model.stages[: index + 1]):
            current = index
        else:
            break
    levels = {axis.id: "high" if axes[axis.id] >= rules.axis_threshold else "low" for axis in model.axes}
    quadrant = next(q for q in model.quadrants if q.position == levels)

    context = _StepContext(model, answers, applicable, credits, axes, pillars, stages, current, quadrant)
    return Result(
        stage=model.stages[current].id, quadrant=quadrant.id,
        axes={k: round1(v) for k, v in axes.items()}, pillars={k: round1(v) for k, v in pillars.items()},
        stages={k: round1(v) for k, v in stages.items()},
        answered=sum(1 for item in model.items if item.id in answers), total=len(model.items),
        next_steps=context.next_steps(),
    )


@dataclass
class _StepContext:
    """What the next-step rules need to know about one scored set of answers."""

    model: Model
    answers: dict[str, str]
    applicable: dict[str, bool]
    credits: dict[str, float]
    axes: dict[str, float]
    pillars: dict[str, float]
    stages: dict[str, float]
    current: int
    quadrant: Any

    def gap(self, item) -> float:
        """Weighted distance of an item from fully met (0 for met or not applicable items)."""
        return item.weight * (1 - self.credits[item.id]) if self.applicable[item.id] else 0.0

    def next_steps(self) -> list[NextStep]:
        """The quadrant's recommendation first, then stage steps and practices by value, no duplicates."""
        urls = site_urls()
        model = self.model
        axis_names = {a.id: a.name for a in model.axes}
        first = NextStep(
            text=self.quadrant.recommendation,
            why=f"Your quadrant is {self.quadrant.name}: "
                + ", ".join(f"{axis_names[a]} {number_text(round1(s))}" for a, s in self.axes.items())
                + f" (high from {number_text(model.scoring.axis_threshold)})",
            link=urls["quadrant"].format(id=self.quadrant.id))
        ranked = self.stage_steps(urls) + self.practice_steps(urls)
        ranked.sort(key=lambda step: -step.value)  # stable: ties keep model order
        steps = [first]
        for step in ranked:
            duplicate = next((i for i, s in enumerate(steps) if s.link == step.link), None)
            if duplicate is None:
                steps.append(step)
            else:
                kept = steps[duplicate]
                steps[duplicate] = NextStep(kept.text, f"{kept.why}; {step.why}", kept.link, kept.value)
        return steps[: model.scoring.max_next_steps]

    def stage_steps(self, urls: dict[str, str]) -> list[NextStep]:
        """Unmet items of every stage up to the next one, grouped by the stage step they evidence."""
        model = self.model
        last = min(self.current + 1, len(model.stages) - 1)
        in_reach = {s.id for s in model.stages[: last + 1]}
        step_text = {step.id: step.text for stage in model.stages for step in stage.steps}
        stage_names = {s.id: s.name for s in model.stages}
        groups: dict[str, list] = {}
        for item in model.items:
            if item.stage in in_reach and self.gap(item) > 0:
                groups.setdefault(f"step:{item.step}" if item.step else f"item:{item.id}", []).append(item)
        steps = []
        for items in groups.values():
            head = items[0]
            value = sum(self.gap(item) for item in items)
            unanswered = sum(1 for item in items if item.id not in self.answers)
            detail = f"{len(items)} open check{'s' if len(items) > 1 else ''}"
            if unanswered:
                detail += f" ({unanswered} not answered)"
            if head.step:
                link = urls["step"].format(id=self.stage_of_step(head.step), step=head.step)
            elif head.practice:
                link = urls["practice"].format(id=head.practice)
            else:
                link = urls["stage"].format(id=head.stage)
            steps.append(NextStep(
                text=step_text[head.step] if head.step else head.text,
                why=f"Counts towards {stage_names[head.stage]} ({number_text(round1(self.stages[head.stage]))}% "
                    f"complete): {detail}, weight {number_text(value)}",
                link=link, value=value))
        return steps

    def stage_of_step(self, step_id: str) -> str:
        return next(s.id for s in self.model.stages if any(step.id == step_id for step in s.steps))

    def practice_steps(self, urls: dict[str, str]) -> list[NextStep]:
        """The two practices that would lift the weakest pillar most, and the two for the weaker axis."""
        model = self.model
        steps = []
        for field_name, label, scores, names in (
            ("pillar", "weakest pillar", self.pillars, {p.id: p.name for p in model.pillars}),
            ("axis", "weaker axis", self.axes, {a.id: a.name for a in model.axes}),
        ):
            weakest = min(scores, key=lambda key: scores[key])  # first of equals, in model order
            candidates = []
            for practice in model.practices:
                value = sum(self.gap(item) for item in model.items
                            if item.practice == practice.id and getattr(item, field_name) == weakest)
                if value > 0:
                    candidates.append(NextStep(
                        text=f"{practice.name}: {practice.summary}",
                        why=f"Lifts your {label}, {names[weakest]} ({number_text(round1(scores[weakest]))})",
                        link=urls["practice"].format(id=practice.id), value=value))
            candidates.sort(key=lambda step: -step.value)
            steps.extend(candidates[:2])
        return steps


def scoring_data(model: Model, storage_key: str) -> dict[str, Any]:
    """Everything the checklist page needs to score in the browser, as plain JSON-able data."""
    return {
        "storageKey": storage_key,
        "model": {"id": model.info.id, "name": model.info.name, "version": model.info.version},
        "rules": {"answers": [a.model_dump() for a in model.scoring.answers],
                  "axisThreshold": model.scoring.axis_threshold, "stageThreshold": model.scoring.stage_threshold,
                  "maxNextSteps": model.scoring.max_next_steps},
        "urls": site_urls(),
        "axes": [{"id": a.id, "name": a.name} for a in model.axes],
        "quadrants": [{"id": q.id, "name": q.name, "position": q.position, "recommendation": q.recommendation}
                      for q in model.quadrants],
        "stages": [{"id": s.id, "name": s.name, "steps": [{"id": st.id, "text": st.text} for st in s.steps]}
                   for s in model.stages],
        "pillars": [{"id": p.id, "name": p.name} for p in model.pillars],
        "practices": [{"id": p.id, "name": p.name, "summary": p.summary} for p in model.practices],
        "items": [item.model_dump() for item in model.items],
    }
