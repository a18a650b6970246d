"""Scores, placement and recommended next steps: pure functions of a model and its answers.

The browser computes the same things in `templates/assets/scoring.js` from the data that
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
  their pillars' scores;
- a result is ready once `min_answered` percent of the items (by count) are answered: before,
  it gives no stage, position or next steps (`as_json`; the fields stay computed for reports);
- next steps close the gaps of answered items only: an unanswered item is no recommendation.
  While more than FINISH_FIRST_ABOVE percent of the items are unanswered, a ready result lists
  the first of them (model order, up to `max_next_steps`) to finish first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .model import Model
from .urls import CHECKLIST_PAGE, SECTION, html_link, page_path
from .wording import phrase, say

FINISH_FIRST_ABOVE = 20  # percent of the items unanswered above which a result lists them to finish first


@dataclass(frozen=True)
class NextStep:
    """One recommended step: what to do, why it was chosen, and the page that explains how."""

    text: str
    why: str
    link: str


@dataclass(frozen=True)
class Unanswered:
    """A checklist item still to answer, and where the checklist asks it."""

    id: str
    text: str
    link: str


@dataclass(frozen=True)
class Result:
    """Where an organisation stands: scores 0-100, stage, levels, maturity, quadrant and next steps.

    `ready` says whether enough items are answered to give a verdict. `stage`, `quadrant`, `levels`
    and `next_steps` are computed either way (reports use them); `as_json` leaves the verdict out.
    """

    ready: bool
    to_answer: int  # how many more items to answer before the result is ready
    finish_first: list[Unanswered]
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
        """The `playbook score --json` document (`groups` only for a model that has them); before
        the result is ready, stage and quadrant are null and there are no next steps."""
        document = {"ready": self.ready, "stage": self.stage if self.ready else None,
                    "quadrant": self.quadrant if self.ready else None, "axes": self.axes, "pillars": self.pillars,
                    "stages": self.stages, "levels": self.levels, "maturity": self.maturity,
                    "maturity_overall": self.maturity_overall}
        if self.groups:
            document["groups"] = self.groups
        document.update({"answered": self.answered, "total": self.total, "to_answer": self.to_answer,
                         "finish_first": [{"id": u.id, "text": u.text, "link": u.link} for u in self.finish_first],
                         "next_steps": [{"text": s.text, "why": s.why, "link": s.link}
                                        for s in self.next_steps] if self.ready else []})
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
    urls["item"] = html_link("index.md", CHECKLIST_PAGE, "pb-item-{id}")
    return urls


def answers_needed(model: Model) -> int:
    """How many items must be answered before a result is ready (`scoring.min_answered`)."""
    return math.ceil(model.scoring.min_answered * len(model.items) / 100)


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

    count, needed = sum(1 for item in model.items if item.id in answered), answers_needed(model)
    ready = count >= needed
    unanswered = [item for item in model.items if item.id not in answered]
    finish_first = ready and len(unanswered) * 100 > FINISH_FIRST_ABOVE * len(model.items)
    url = site_urls()["item"]
    context = _StepContext(model, answered, axes, pillars, stages, current, quadrant)
    return Result(
        ready=ready, to_answer=max(needed - count, 0),
        finish_first=[Unanswered(item.id, item.text, url.format(id=item.id))
                      for item in unanswered[: rules.max_next_steps]] if finish_first else [],
        stage=model.stages[current].id, quadrant=quadrant.id if quadrant else None,
        axes={k: round1(v) for k, v in axes.items()}, pillars={k: round1(v) for k, v in pillars.items()},
        stages={k: round1(v) for k, v in stages.items()}, levels=levels,
        maturity={k: round3(v) for k, v in maturity.items()}, maturity_overall=round3(mean(list(maturity.values()))),
        groups=groups, answered=count, total=len(model.items), next_steps=context.next_steps(),
    )


# The reasons next steps give, in English; the page gets them in the site's language (`words`).
# Each step's reason is one sentence: what it counts towards and what it lifts, each said once.
REASONS = {
    "quadrant": "Your quadrant is {quadrant}: {scores} (high from {threshold})",
    "counts": "Counts towards {stages}: {checks}, weight {weight}",
    "stage": "{stage} ({percent}% complete)",
    "open check": "{count} open check",
    "open checks": "{count} open checks",
    "lifts": "Lifts {lifts}",
    "also lifts": "{why}; it also lifts {lifts}",
    "pillar": "your weakest pillar, {name} ({score})",
    "axis": "your weaker axis, {name} ({score})",
    "and": "{items} and {last}",
    "after": "{why}; after {names}, which it requires",
    "required": "Required by {name}",
}


def _keys(kind: str, ids: list[str]) -> tuple[str, ...]:
    """Next-step keys of the practices or steps named in a `requires` list."""
    return tuple(f"{kind}:{entity_id}" for entity_id in ids)


@dataclass
class _Draft:
    """A next step while the steps are chosen and ordered; its reason is put into words at the end.

    `key` names what the step is about (`practice:<id>`, `step:<id>`, ...), and `requires` the
    keys that must come before it. Steps on the same page become one, adding up their reasons.
    """

    text: str
    link: str
    key: str
    requires: tuple[str, ...] = ()
    value: float = 0.0
    reason: str = ""  # a reason of its own: the quadrant's, or the step that requires this one
    checks: int = 0  # open checks it closes, towards `stages`, of weighted gap `weight`
    weight: float = 0.0
    stages: list[str] = field(default_factory=list)
    lifts: list[str] = field(default_factory=list)  # the weakest pillar or weaker axis it lifts, in words
    after: list[str] = field(default_factory=list)  # the names of what it requires, placed before it

    def absorb(self, other: _Draft) -> None:
        """Count the reasons of `other`, a step on the same page, in this one."""
        self.checks += other.checks
        self.weight += other.weight
        self.stages += [stage for stage in other.stages if stage not in self.stages]
        self.lifts += [lift for lift in other.lifts if lift not in self.lifts]


@dataclass
class _StepContext:
    """What the next-step rules need to know about one scored set of answers."""

    model: Model
    answered: dict[str, float | None]
    axes: dict[str, float]
    pillars: dict[str, float]
    stages: dict[str, float]
    current: int
    quadrant: Any

    def say(self, text: str, **values: str | int) -> str:
        return say(self.model.info.language, text, **values)

    def gap(self, item) -> float:
        """Weighted distance of an answered item from fully met (0 for met, n/a or unanswered items)."""
        credit = self.answered.get(item.id)
        return item.weight * (1 - credit) if credit is not None else 0.0

    def next_steps(self) -> list[NextStep]:
        """The quadrant's recommendation first, then stage steps and practices by value, one per page,
        each after the open practices or steps it requires."""
        urls = site_urls()
        model = self.model
        drafts = []
        if self.quadrant:
            axis_names = {a.id: a.name for a in model.axes}
            drafts.append(_Draft(
                self.quadrant.recommendation, urls["quadrant"].format(id=self.quadrant.id), f"quadrant:{self.quadrant.id}",
                reason=self.say(REASONS["quadrant"], quadrant=self.quadrant.name,
                                scores=", ".join(f"{axis_names[a]} {number_text(round1(s))}" for a, s in self.axes.items()),
                                threshold=number_text(model.scoring.axis_threshold))))
        ranked = self.stage_steps(urls) + self.practice_steps(urls)
        ranked.sort(key=lambda draft: -draft.value)  # stable: ties keep model order
        for draft in ranked:
            kept = next((d for d in drafts if d.link == draft.link), None)
            if kept is None:
                drafts.append(draft)
            else:
                kept.absorb(draft)
        ordered = self.in_required_order(drafts, urls)[: model.scoring.max_next_steps]
        return [NextStep(draft.text, self.why(draft), draft.link) for draft in ordered]

    def why(self, draft: _Draft) -> str:
        """Why `draft` was chosen, as one sentence."""
        why = self.counted(draft) if draft.checks else draft.reason
        if draft.lifts:
            lifts = self.listed(draft.lifts)
            why = self.say(REASONS["also lifts"], why=why, lifts=lifts) if why else self.say(REASONS["lifts"], lifts=lifts)
        if draft.after:
            why = self.say(REASONS["after"], why=why, names=self.listed(draft.after))
        return why

    def counted(self, draft: _Draft) -> str:
        """What a step's open checks count towards: "Counts towards A (50% complete): 2 open checks, weight 3"."""
        stages = [self.say(REASONS["stage"], stage=s.name, percent=number_text(round1(self.stages[s.id])))
                  for s in self.model.stages if s.id in draft.stages]
        checks = self.say(REASONS["open checks" if draft.checks > 1 else "open check"], count=draft.checks)
        return self.say(REASONS["counts"], stages=self.listed(stages), checks=checks,
                        weight=number_text(round3(draft.weight)))

    def listed(self, parts: list[str]) -> str:
        """`parts` as one phrase: "a", "a and b", "a, b and c"."""
        if len(parts) == 1:
            return parts[0]
        return self.say(REASONS["and"], items=", ".join(parts[:-1]), last=parts[-1])

    def in_required_order(self, drafts: list[_Draft], urls: dict[str, str]) -> list[_Draft]:
        """`drafts` with every open requirement added and placed before what requires it."""
        listed = {draft.key for draft in drafts}
        queue = list(drafts)
        while queue:
            draft = queue.pop(0)
            for key in draft.requires:
                if key not in listed and self.is_open(key):
                    added = self.required_step(key, draft, urls)
                    listed.add(key)
                    drafts.append(added)
                    queue.append(added)
        ordered: list[_Draft] = []
        placed: set[str] = set()
        remaining = list(drafts)
        while remaining:
            index = next(i for i, draft in enumerate(remaining)
                         if all(key in placed or not self.is_open(key) for key in draft.requires))
            draft = remaining.pop(index)
            draft.after = [self.name_of(key) for key in draft.requires if key in placed]
            ordered.append(draft)
            placed.add(draft.key)
        return ordered

    def is_open(self, key: str) -> bool:
        """Whether the practice or step named by `key` still has an answered checklist item to do."""
        kind, _, entity_id = key.partition(":")
        return any(self.gap(item) > 0 for item in self.model.items if getattr(item, kind) == entity_id)

    def name_of(self, key: str) -> str:
        kind, _, entity_id = key.partition(":")
        if kind == "practice":
            return next(p.name for p in self.model.practices if p.id == entity_id)
        return next(f"'{step.text}'" for stage in self.model.stages for step in stage.steps if step.id == entity_id)

    def required_step(self, key: str, needed_by: _Draft, urls: dict[str, str]) -> _Draft:
        """A next step for an open requirement that the ranking left out."""
        kind, _, entity_id = key.partition(":")
        reason = self.say(REASONS["required"], name=self.name_of(needed_by.key))
        if kind == "practice":
            practice = next(p for p in self.model.practices if p.id == entity_id)
            return _Draft(f"{practice.name}: {practice.summary}", urls["practice"].format(id=entity_id), key,
                          _keys("practice", practice.requires), reason=reason)
        step = next(st for stage in self.model.stages for st in stage.steps if st.id == entity_id)
        return _Draft(step.text, urls["step"].format(id=self.stage_of_step(entity_id), step=entity_id), key,
                      _keys("step", step.requires), reason=reason)

    def stage_steps(self, urls: dict[str, str]) -> list[_Draft]:
        """Open answered items of every stage up to the next one, grouped by the stage step they evidence.

        One open item says what to do about it (its action); several say their step.
        """
        model = self.model
        last = min(self.current + 1, len(model.stages) - 1)
        in_reach = {s.id for s in model.stages[: last + 1]}
        step_of = {step.id: step for stage in model.stages for step in stage.steps}
        practice_of = {p.id: p for p in model.practices}
        groups: dict[str, list] = {}
        for item in model.items:
            if item.stage in in_reach and self.gap(item) > 0:
                groups.setdefault(f"step:{item.step}" if item.step else f"item:{item.id}", []).append(item)
        drafts = []
        for items in groups.values():
            head = items[0]
            value = total(self.gap(item) for item in items)
            if head.step:
                link = urls["step"].format(id=self.stage_of_step(head.step), step=head.step)
                key, requires = f"step:{head.step}", _keys("step", step_of[head.step].requires)
            elif head.practice:
                link = urls["practice"].format(id=head.practice)
                key, requires = f"practice:{head.practice}", _keys("practice", practice_of[head.practice].requires)
            else:
                link = urls["stage"].format(id=head.stage)
                key, requires = f"item:{head.id}", ()
            text = head.action if len(items) == 1 and head.action else step_of[head.step].text if head.step else head.text
            drafts.append(_Draft(text, link, key, requires, value=value, checks=len(items), weight=value,
                                 stages=[head.stage]))
        return drafts

    def stage_of_step(self, step_id: str) -> str:
        return next(s.id for s in self.model.stages if any(step.id == step_id for step in s.steps))

    def practice_steps(self, urls: dict[str, str]) -> list[_Draft]:
        """The two practices that would lift the weakest pillar most, and the two for the weaker axis."""
        model = self.model
        drafts = []
        lenses = [("pillar", self.pillars, {p.id: p.name for p in model.pillars})]
        if model.axes:
            lenses.append(("axis", self.axes, {a.id: a.name for a in model.axes}))
        for field_name, scores, names in lenses:
            weakest = min(scores, key=lambda key: scores[key])  # first of equals, in model order
            lift = self.say(REASONS[field_name], name=names[weakest], score=number_text(round1(scores[weakest])))
            candidates = []
            for practice in model.practices:
                value = total(self.gap(item) for item in model.items
                              if item.practice == practice.id and getattr(item, field_name) == weakest)
                if value > 0:
                    candidates.append(_Draft(f"{practice.name}: {practice.summary}", urls["practice"].format(id=practice.id),
                                             f"practice:{practice.id}", _keys("practice", practice.requires),
                                             value=value, lifts=[lift]))
            candidates.sort(key=lambda draft: -draft.value)
            drafts.extend(candidates[:2])
        return drafts


def scoring_data(model: Model) -> dict[str, Any]:
    """Everything the checklist page needs to score in the browser, as plain JSON-able data (the
    same for every client of the model: what is the client's own goes beside it, see views).

    A model without a matrix gets no axis or quadrant keys at all.
    """
    scales = {"": [a.model_dump() for a in model.scoring.answers]}
    scales.update({name: [a.model_dump() for a in options] for name, options in model.scoring.scales.items()})
    data = {
        "words": {key: phrase(model.info.language, text) for key, text in REASONS.items()
                  if model.axes or key not in ("quadrant", "axis")},
        "model": {"id": model.info.id, "name": model.info.name, "version": model.info.version},
        "rules": {"scales": scales, "stageThreshold": model.scoring.stage_threshold,
                  "maxNextSteps": model.scoring.max_next_steps, "merge": model.scoring.merge,
                  "minAnswered": model.scoring.min_answered, "finishFirstAbove": FINISH_FIRST_ABOVE},
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
