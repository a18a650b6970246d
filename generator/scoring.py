"""Scores, placement and recommended next steps: pure functions of a model and its answers.

The browser computes the same things in `templates/assets/checklist.js` from the data that
`scoring_data` writes into the checklist page; both follow the rules below, step for step
(same sums in the same order, same rounding), so the page and `playbook score` agree exactly.

Rules (the numbers come from the model's `scoring` block):
- an item's credit is its answer's credit on the item's own scale; a null credit (`n/a`) leaves
  it out of every denominator; an unanswered item stays in the denominators with no credit;
- a group's score (axis, pillar, stage completion) is 100 * sum(weight * credit) / sum(weight);
  a stage with no items (for a pillar: none of the pillar's) is complete (100): met by default;
- an axis is high when its score is at least `axis_threshold`; the quadrant follows from both
  (a model without axes has no quadrant);
- a stage is met when its completion is at least `stage_threshold`; the current stage is the
  highest one that is met together with every stage below it (the first one at worst);
- a pillar's level is the same rule applied to the pillar's items only; its maturity score is
  the sum over stages of the pillar's share of credited weight there (0 where it has none), so it
  runs from 0 to the number of stages with items; groups and the overall score are means of
  their pillars' scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .model import Model
from .urls import SECTION, html_link, page_path
from .wording import phrase, say


@dataclass(frozen=True)
class NextStep:
    """One recommended step: what to do, why it was chosen, and the page that explains how.

    `key` names what the step is about (`practice:<id>`, `step:<id>`, ...), and `requires` the
    keys that must come before it.
    """

    text: str
    why: str
    link: str
    value: float = field(default=0.0, compare=False)
    key: str = field(default="", compare=False)
    requires: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Result:
    """Where an organisation stands: scores 0-100, stage, levels, maturity, quadrant and next steps."""

    stage: str
    quadrant: str | None
    axes: dict[str, float]
    pillars: dict[str, float]
    stages: dict[str, float]
    levels: dict[str, str]
    maturity: dict[str, float]
    maturity_overall: float
    groups: dict[str, float]
    answered: int
    total: int
    next_steps: list[NextStep]

    def as_json(self) -> dict[str, Any]:
        """The `playbook score --json` document (`groups` only for a model that has them)."""
        document = {"stage": self.stage, "quadrant": self.quadrant, "axes": self.axes, "pillars": self.pillars,
                    "stages": self.stages, "levels": self.levels, "maturity": self.maturity,
                    "maturity_overall": self.maturity_overall}
        if self.groups:
            document["groups"] = self.groups
        document.update({"answered": self.answered, "total": self.total,
                         "next_steps": [{"text": s.text, "why": s.why, "link": s.link} for s in self.next_steps]})
        return document


def total(values) -> float:
    """The sum of `values` added left to right, as the page adds them (from Python 3.12 on, `sum`
    adds floats with compensation and could differ in the last digit)."""
    result = 0.0
    for value in values:
        result += value
    return result


def round1(value: float) -> float:
    """Round half up to one decimal, exactly as the page does (`Math.round(x * 10) / 10`)."""
    return math.floor(value * 10 + 0.5) / 10


def round3(value: float) -> float:
    """Round half up to three decimals, exactly as the page does (for maturity scores)."""
    return math.floor(value * 1000 + 0.5) / 1000


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


def credits_of(model: Model, answers: dict[str, str]) -> dict[str, float | None]:
    """{item id: credit} of the answered items (None for an answer that counts for nothing, `n/a`)."""
    items = {item.id: item for item in model.items}
    return {item_id: next(o.credit for o in model.scale_of(items[item_id]) if o.value == value)
            for item_id, value in answers.items()}


def score_answers(model: Model, answers: dict[str, str]) -> Result:
    """Score `answers` ({item id: answer value}; missing ids are unanswered) against `model`."""
    return score_credits(model, credits_of(model, answers))


def score_credits(model: Model, answered: dict[str, float | None]) -> Result:
    """Score credits ({item id: credit 0..1, None for n/a}; missing ids are unanswered), as merged
    from several respondents or read from one set of answers."""
    rules = model.scoring
    credits: dict[str, float] = {}
    applicable: dict[str, bool] = {}
    for item in model.items:
        credit = answered.get(item.id)
        applicable[item.id] = item.id not in answered or credit is not None
        credits[item.id] = credit if credit is not None else 0.0

    def sums(items) -> tuple[float, float]:
        earned = possible = 0.0
        for item in items:
            if applicable[item.id]:
                earned += item.weight * credits[item.id]
                possible += item.weight
        return earned, possible

    def score(items) -> float:
        earned, possible = sums(items)
        return earned / possible * 100 if possible else 0.0

    def completion(items) -> float:  # a stage without items is complete: met by default
        earned, possible = sums(items)
        return (earned / possible * 100 if possible else 0.0) if items else 100.0

    def level(items) -> int:
        current = 0
        for index in range(1, len(model.stages)):
            if all(completion([i for i in items if i.stage == s.id]) >= rules.stage_threshold
                   for s in model.stages[: index + 1]):
                current = index
            else:
                break
        return current

    def maturity_of(items) -> float:
        total = 0.0
        for stage in model.stages:
            earned, possible = sums([i for i in items if i.stage == stage.id])
            total += earned / possible if possible else 0.0
        return total

    axes = {axis.id: score([i for i in model.items if i.axis == axis.id]) for axis in model.axes}
    pillars = {pillar.id: score([i for i in model.items if i.pillar == pillar.id]) for pillar in model.pillars}
    stages = {stage.id: completion([i for i in model.items if i.stage == stage.id]) for stage in model.stages}
    current = level(model.items)
    levels = {p.id: model.stages[level([i for i in model.items if i.pillar == p.id])].id for p in model.pillars}
    maturity = {p.id: maturity_of([i for i in model.items if i.pillar == p.id]) for p in model.pillars}
    mean = lambda values: total(values) / len(values) if values else 0.0  # noqa: E731
    groups = {g.id: round3(mean([maturity[p] for p in g.pillars])) for g in model.groups}
    positions = {axis.id: "high" if axes[axis.id] >= rules.axis_threshold else "low" for axis in model.axes}
    quadrant = next((q for q in model.quadrants if q.position == positions), None)

    context = _StepContext(model, answered, applicable, credits, axes, pillars, stages, current, quadrant)
    return Result(
        stage=model.stages[current].id, quadrant=quadrant.id if quadrant else None,
        axes={k: round1(v) for k, v in axes.items()}, pillars={k: round1(v) for k, v in pillars.items()},
        stages={k: round1(v) for k, v in stages.items()}, levels=levels,
        maturity={k: round3(v) for k, v in maturity.items()}, maturity_overall=round3(mean(list(maturity.values()))),
        groups=groups,
        answered=sum(1 for item in model.items if item.id in answered), total=len(model.items),
        next_steps=context.next_steps(),
    )


# The reasons next steps give, in English; the page gets them in the site's language (`words`).
REASONS = {
    "quadrant": "Your quadrant is {quadrant}: {scores} (high from {threshold})",
    "counts": "Counts towards {stage} ({percent}% complete): {detail}, weight {weight}",
    "open check": "{count} open check",
    "open checks": "{count} open checks",
    "unanswered": "{detail} ({count} not answered)",
    "pillar": "Lifts your weakest pillar, {name} ({score})",
    "axis": "Lifts your weaker axis, {name} ({score})",
    "after": "{why}; after {names}, which it requires",
    "required": "Required by {name}",
}


def _keys(kind: str, ids: list[str]) -> tuple[str, ...]:
    """Next-step keys of the practices or steps named in a `requires` list."""
    return tuple(f"{kind}:{entity_id}" for entity_id in ids)


@dataclass
class _StepContext:
    """What the next-step rules need to know about one scored set of answers."""

    model: Model
    answered: dict[str, float | None]
    applicable: dict[str, bool]
    credits: dict[str, float]
    axes: dict[str, float]
    pillars: dict[str, float]
    stages: dict[str, float]
    current: int
    quadrant: Any

    def say(self, text: str, **values: str | int) -> str:
        return say(self.model.info.language, text, **values)

    def gap(self, item) -> float:
        """Weighted distance of an item from fully met (0 for met or not applicable items)."""
        return item.weight * (1 - self.credits[item.id]) if self.applicable[item.id] else 0.0

    def next_steps(self) -> list[NextStep]:
        """The quadrant's recommendation first, then stage steps and practices by value, no duplicates,
        each after the open practices or steps it requires."""
        urls = site_urls()
        model = self.model
        steps = []
        if self.quadrant:
            axis_names = {a.id: a.name for a in model.axes}
            steps.append(NextStep(
                text=self.quadrant.recommendation,
                why=self.say(REASONS["quadrant"], quadrant=self.quadrant.name,
                             scores=", ".join(f"{axis_names[a]} {number_text(round1(s))}" for a, s in self.axes.items()),
                             threshold=number_text(model.scoring.axis_threshold)),
                link=urls["quadrant"].format(id=self.quadrant.id), key=f"quadrant:{self.quadrant.id}"))
        ranked = self.stage_steps(urls) + self.practice_steps(urls)
        ranked.sort(key=lambda step: -step.value)  # stable: ties keep model order
        for step in ranked:
            duplicate = next((i for i, s in enumerate(steps) if s.link == step.link), None)
            if duplicate is None:
                steps.append(step)
            else:
                kept = steps[duplicate]
                steps[duplicate] = NextStep(kept.text, f"{kept.why}; {step.why}", kept.link, kept.value, kept.key, kept.requires)
        return self.in_required_order(steps, urls)[: model.scoring.max_next_steps]

    def in_required_order(self, steps: list[NextStep], urls: dict[str, str]) -> list[NextStep]:
        """`steps` with every open requirement added and placed before what requires it."""
        listed = {step.key for step in steps}
        queue = list(steps)
        while queue:
            step = queue.pop(0)
            for key in step.requires:
                if key not in listed and self.is_open(key):
                    added = self.required_step(key, step, urls)
                    listed.add(key)
                    steps.append(added)
                    queue.append(added)
        ordered: list[NextStep] = []
        placed: set[str] = set()
        remaining = list(steps)
        while remaining:
            index = next(i for i, step in enumerate(remaining)
                         if all(key in placed or not self.is_open(key) for key in step.requires))
            step = remaining.pop(index)
            before = [self.name_of(key) for key in step.requires if key in placed]
            if before:
                step = NextStep(step.text, self.say(REASONS["after"], why=step.why, names=", ".join(before)), step.link,
                                step.value, step.key, step.requires)
            ordered.append(step)
            placed.add(step.key)
        return ordered

    def is_open(self, key: str) -> bool:
        """Whether the practice or step named by `key` still has a checklist item to do."""
        kind, _, entity_id = key.partition(":")
        return any(self.gap(item) > 0 for item in self.model.items if getattr(item, kind) == entity_id)

    def name_of(self, key: str) -> str:
        kind, _, entity_id = key.partition(":")
        if kind == "practice":
            return next(p.name for p in self.model.practices if p.id == entity_id)
        return next(f"'{step.text}'" for stage in self.model.stages for step in stage.steps if step.id == entity_id)

    def required_step(self, key: str, needed_by: NextStep, urls: dict[str, str]) -> NextStep:
        """A next step for an open requirement that the ranking left out."""
        kind, _, entity_id = key.partition(":")
        why = self.say(REASONS["required"], name=self.name_of(needed_by.key))
        if kind == "practice":
            practice = next(p for p in self.model.practices if p.id == entity_id)
            return NextStep(f"{practice.name}: {practice.summary}", why, urls["practice"].format(id=entity_id),
                            key=key, requires=_keys("practice", practice.requires))
        step = next(st for stage in self.model.stages for st in stage.steps if st.id == entity_id)
        return NextStep(step.text, why, urls["step"].format(id=self.stage_of_step(entity_id), step=entity_id),
                        key=key, requires=_keys("step", step.requires))

    def stage_steps(self, urls: dict[str, str]) -> list[NextStep]:
        """Unmet items of every stage up to the next one, grouped by the stage step they evidence."""
        model = self.model
        last = min(self.current + 1, len(model.stages) - 1)
        in_reach = {s.id for s in model.stages[: last + 1]}
        step_of = {step.id: step for stage in model.stages for step in stage.steps}
        practice_of = {p.id: p for p in model.practices}
        stage_names = {s.id: s.name for s in model.stages}
        groups: dict[str, list] = {}
        for item in model.items:
            if item.stage in in_reach and self.gap(item) > 0:
                groups.setdefault(f"step:{item.step}" if item.step else f"item:{item.id}", []).append(item)
        steps = []
        for items in groups.values():
            head = items[0]
            value = total(self.gap(item) for item in items)
            unanswered = sum(1 for item in items if item.id not in self.answered)
            detail = self.say(REASONS["open checks" if len(items) > 1 else "open check"], count=len(items))
            if unanswered:
                detail = self.say(REASONS["unanswered"], detail=detail, count=unanswered)
            if head.step:
                link = urls["step"].format(id=self.stage_of_step(head.step), step=head.step)
                key, requires = f"step:{head.step}", _keys("step", step_of[head.step].requires)
            elif head.practice:
                link = urls["practice"].format(id=head.practice)
                key, requires = f"practice:{head.practice}", _keys("practice", practice_of[head.practice].requires)
            else:
                link = urls["stage"].format(id=head.stage)
                key, requires = f"item:{head.id}", ()
            steps.append(NextStep(
                text=step_of[head.step].text if head.step else head.action or head.text,
                why=self.say(REASONS["counts"], stage=stage_names[head.stage],
                             percent=number_text(round1(self.stages[head.stage])), detail=detail,
                             weight=number_text(round3(value))),
                link=link, value=value, key=key, requires=requires))
        return steps

    def stage_of_step(self, step_id: str) -> str:
        return next(s.id for s in self.model.stages if any(step.id == step_id for step in s.steps))

    def practice_steps(self, urls: dict[str, str]) -> list[NextStep]:
        """The two practices that would lift the weakest pillar most, and the two for the weaker axis."""
        model = self.model
        steps = []
        lenses = [("pillar", REASONS["pillar"], self.pillars, {p.id: p.name for p in model.pillars})]
        if model.axes:
            lenses.append(("axis", REASONS["axis"], self.axes, {a.id: a.name for a in model.axes}))
        for field_name, reason, scores, names in lenses:
            weakest = min(scores, key=lambda key: scores[key])  # first of equals, in model order
            candidates = []
            for practice in model.practices:
                value = total(self.gap(item) for item in model.items
                            if item.practice == practice.id and getattr(item, field_name) == weakest)
                if value > 0:
                    candidates.append(NextStep(
                        text=f"{practice.name}: {practice.summary}",
                        why=self.say(reason, name=names[weakest], score=number_text(round1(scores[weakest]))),
                        link=urls["practice"].format(id=practice.id), value=value, key=f"practice:{practice.id}",
                        requires=_keys("practice", practice.requires)))
            candidates.sort(key=lambda step: -step.value)
            steps.extend(candidates[:2])
        return steps


def scoring_data(model: Model, storage_key: str) -> dict[str, Any]:
    """Everything the checklist page needs to score in the browser, as plain JSON-able data.

    A model without a matrix gets no axis or quadrant keys at all.
    """
    scales = {"": [a.model_dump() for a in model.scoring.answers]}
    scales.update({name: [a.model_dump() for a in options] for name, options in model.scoring.scales.items()})
    data = {
        "storageKey": storage_key,
        "words": {key: phrase(model.info.language, text) for key, text in REASONS.items()
                  if model.axes or key not in ("quadrant", "axis")},
        "model": {"id": model.info.id, "name": model.info.name, "version": model.info.version},
        "rules": {"scales": scales, "stageThreshold": model.scoring.stage_threshold,
                  "maxNextSteps": model.scoring.max_next_steps, "merge": model.scoring.merge},
        "changes": [change.model_dump() for change in model.info.changes],
        "urls": {kind: url for kind, url in site_urls().items() if kind != "quadrant" or model.axes},
        "stages": [{"id": s.id, "name": s.name,
                    "steps": [{"id": st.id, "text": st.text, "requires": st.requires} for st in s.steps]}
                   for s in model.stages],
        "pillars": [{"id": p.id, "name": p.name} for p in model.pillars],
        "groups": [{"id": g.id, "name": g.name, "pillars": g.pillars} for g in model.groups],
        "practices": [{"id": p.id, "name": p.name, "summary": p.summary, "requires": p.requires}
                      for p in model.practices],
        "items": [{"id": i.id, "pillar": i.pillar, "stage": i.stage, "weight": i.weight, "practice": i.practice,
                   "step": i.step, "text": i.text, "action": i.action, "scale": i.scale or "", **({"axis": i.axis} if model.axes else {})}
                  for i in model.items],
    }
    if model.axes:
        data["rules"]["axisThreshold"] = model.scoring.axis_threshold
        data["axes"] = [{"id": a.id, "name": a.name} for a in model.axes]
        data["quadrants"] = [{"id": q.id, "name": q.name, "position": q.position, "recommendation": q.recommendation}
                             for q in model.quadrants]
    return data
