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
- a pillar's completion at a stage is the share (0 to 1) of the credit possible that is earned
  over the pillar's items at that stage, weights counted and n/a left out: absent where the
  pillar has no items at the stage, null where all of them are n/a;
- a stream's score, level and maturity follow the pillar's rules over the stream's items only
  (`playbook score` and the report show them; the checklist page does not, so no script does);
- a result is ready once `min_answered` percent of the items (by count) are answered: before,
  it gives no stage, position or next steps (`as_json`; the fields stay computed for reports);
- next steps close the gaps of answered items only: an unanswered item is no recommendation.
  While more than FINISH_FIRST_ABOVE percent of the items are unanswered, a ready result lists
  the first of them (model order, up to `max_next_steps`) to finish first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from ..model.model import Model, labels
from ..numbers import round1, round3, total
from ..urls import site_urls
from ..wording import phrase
from .next_steps import REASONS, NextStep, next_steps
from .verdict import SENTENCES, verdict

FINISH_FIRST_ABOVE = 20  # percent of the items unanswered above which a result lists them to finish first


@dataclass(frozen=True)
class Unanswered:
    """A checklist item still to answer, and where the checklist asks it."""

    id: str
    text: str
    link: str


@dataclass(frozen=True)
class StreamScore:
    """A stream's standing, by the pillar rules over its items: score 0-100, level and maturity."""

    pillar: str
    score: float
    level: str
    maturity: float


@dataclass(frozen=True)
class Result:
    """Where an organisation stands: scores 0-100, stage, levels, maturity, quadrant and next steps.

    `ready` says whether enough items are answered to give a verdict. `stage`, `quadrant`, `levels`
    and `next_steps` are computed either way (reports use them); `as_json` leaves them out until
    then. `verdict` says the result in plain sentences (see `verdict`).
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
    completion: dict[str, dict[str, float | None]]  # {pillar: {stage: 0..1}}, see the module's rules
    answered: int
    total: int
    next_steps: list[NextStep]
    streams: dict[str, StreamScore] = field(default_factory=dict)  # {stream id: its standing}
    verdict: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The `playbook score --json` document (`groups` only for a model that has them); before
        the result is ready, stage and quadrant are null and there are no next steps."""
        document: dict[str, Any] = {
            "ready": self.ready,
            "stage": self.stage if self.ready else None,
            "quadrant": self.quadrant if self.ready else None,
            "axes": self.axes,
            "pillars": self.pillars,
            "stages": self.stages,
            "levels": self.levels,
            "maturity": self.maturity,
            "maturity_overall": self.maturity_overall,
        }
        if self.groups:
            document["groups"] = self.groups
        document["completion"] = self.completion
        document.update(
            {
                "answered": self.answered,
                "total": self.total,
                "to_answer": self.to_answer,
                "finish_first": [{"id": u.id, "text": u.text, "link": u.link} for u in self.finish_first],
                "next_steps": [
                    {"text": s.text, "why": s.why, "detail": s.detail, "link": s.link} for s in self.next_steps
                ]
                if self.ready
                else [],
                "verdict": self.verdict,
            }
        )
        return document


def answers_needed(model: Model) -> int:
    """How many items must be answered before a result is ready (`scoring.min_answered`)."""
    return math.ceil(model.scoring.min_answered * len(model.items) / 100)


def credits_of(model: Model, answers: dict[str, str]) -> dict[str, float | None]:
    """{item id: credit} of the answered items (None for an answer that counts for nothing, `n/a`)."""
    items = {item.id: item for item in model.items}
    return {
        item_id: next(o.credit for o in model.scale_of(items[item_id]) if o.value == value)
        for item_id, value in answers.items()
    }


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

    def stage_percent(items) -> float:  # a stage without items is complete: met by default
        earned, possible = sums(items)
        return (earned / possible * 100 if possible else 0.0) if items else 100.0

    def level(items) -> int:
        current = 0
        for index in range(1, len(model.stages)):
            if all(
                stage_percent([i for i in items if i.stage == s.id]) >= rules.stage_threshold
                for s in model.stages[: index + 1]
            ):
                current = index
            else:
                break
        return current

    def shares_by_stage(items) -> dict[str, float | None]:  # {stage: share}, a stage without items left out
        shares: dict[str, float | None] = {}
        for stage in model.stages:
            if here := [i for i in items if i.stage == stage.id]:
                earned, possible = sums(here)
                shares[stage.id] = round3(earned / possible) if possible else None
        return shares

    def maturity_of(items) -> float:
        total = 0.0
        for stage in model.stages:
            earned, possible = sums([i for i in items if i.stage == stage.id])
            total += earned / possible if possible else 0.0
        return total

    axes = {axis.id: score([i for i in model.items if i.axis == axis.id]) for axis in model.axes}
    pillars = {pillar.id: score([i for i in model.items if i.pillar == pillar.id]) for pillar in model.pillars}
    stages = {stage.id: stage_percent([i for i in model.items if i.stage == stage.id]) for stage in model.stages}
    current = level(model.items)
    levels = {p.id: model.stages[level([i for i in model.items if i.pillar == p.id])].id for p in model.pillars}
    maturity = {p.id: maturity_of([i for i in model.items if i.pillar == p.id]) for p in model.pillars}
    in_stream = {s.id: [i for i in model.items if i.stream == s.id] for p in model.pillars for s in p.streams}
    streams = {
        s.id: StreamScore(
            p.id,
            round1(score(in_stream[s.id])),
            model.stages[level(in_stream[s.id])].id,
            round3(maturity_of(in_stream[s.id])),
        )
        for p in model.pillars
        for s in p.streams
        if in_stream[s.id]  # a stream without items has nothing to score (validate warns)
    }
    mean = lambda values: total(values) / len(values) if values else 0.0  # noqa: E731
    groups = {g.id: round3(mean([maturity[p] for p in g.pillars])) for g in model.groups}
    positions = {axis.id: "high" if axes[axis.id] >= rules.axis_threshold else "low" for axis in model.axes}
    quadrant = next((q for q in model.quadrants if q.position == positions), None)

    count, needed = sum(1 for item in model.items if item.id in answered), answers_needed(model)
    ready = count >= needed
    unanswered = [item for item in model.items if item.id not in answered]
    finish_first = ready and len(unanswered) * 100 > FINISH_FIRST_ABOVE * len(model.items)
    url = site_urls()["item"]
    result = Result(
        ready=ready,
        to_answer=max(needed - count, 0),
        finish_first=[
            Unanswered(item.id, item.text, url.format(id=item.id)) for item in unanswered[: rules.max_next_steps]
        ]
        if finish_first
        else [],
        stage=model.stages[current].id,
        quadrant=quadrant.id if quadrant else None,
        axes={k: round1(v) for k, v in axes.items()},
        pillars={k: round1(v) for k, v in pillars.items()},
        stages={k: round1(v) for k, v in stages.items()},
        levels=levels,
        maturity={k: round3(v) for k, v in maturity.items()},
        maturity_overall=round3(mean(list(maturity.values()))),
        groups=groups,
        completion={p.id: shares_by_stage([i for i in model.items if i.pillar == p.id]) for p in model.pillars},
        answered=count,
        total=len(model.items),
        next_steps=next_steps(model, answered, axes, pillars, stages, current, quadrant),
        streams=streams,
    )
    return replace(result, verdict=verdict(model, result))


def scoring_data(model: Model) -> dict[str, Any]:
    """Everything the checklist page needs to score in the browser, as plain JSON-able data (the
    same for every client of the model: what is the client's own goes beside it, see views).

    A model without a matrix gets no axis or quadrant keys at all.
    """
    scales = {"": [a.model_dump() for a in model.scoring.answers]}
    scales.update({name: [a.model_dump() for a in options] for name, options in model.scoring.scales.items()})
    data: dict[str, Any] = {
        "words": {
            key: phrase(model.info.language, text)
            for key, text in {**REASONS, **SENTENCES}.items()
            if model.axes or key not in ("quadrant", "quadrant scores", "axis", "verdict quadrant", "verdict differ")
        },
        "labels": {
            kind: words for kind, words in labels(model).items() if model.axes or kind not in ("quadrant", "axis")
        },
        "headline": model.scoring.headline,
        "model": {"id": model.info.id, "name": model.info.name, "version": model.info.version},
        "language": model.info.language,  # how `words` and numbers are written (formatting.py)
        "rules": {
            "scales": scales,
            "stageThreshold": model.scoring.stage_threshold,
            "maxNextSteps": model.scoring.max_next_steps,
            "merge": model.scoring.merge,
            "unanswered": model.scoring.unanswered,
            "minAnswered": model.scoring.min_answered,
            "finishFirstAbove": FINISH_FIRST_ABOVE,
        },
        "changes": [change.model_dump() for change in model.info.changes],
        "urls": {kind: url for kind, url in site_urls().items() if kind != "quadrant" or model.axes},
        "stages": [
            {
                "id": s.id,
                "name": s.name,
                "steps": [{"id": st.id, "text": st.text, "requires": st.requires} for st in s.steps],
            }
            for s in model.stages
        ],
        "pillars": [{"id": p.id, "name": p.name} for p in model.pillars],
        "groups": [{"id": g.id, "name": g.name, "pillars": g.pillars} for g in model.groups],
        "practices": [
            {"id": p.id, "name": p.name, "summary": p.summary, "requires": p.requires} for p in model.practices
        ],
        "items": [
            {
                "id": i.id,
                "pillar": i.pillar,
                "stage": i.stage,
                "weight": i.weight,
                "practice": i.practice,
                "step": i.step,
                "text": i.text,
                "action": i.action,
                "scale": i.scale or "",
                **({"axis": i.axis} if model.axes else {}),
                **({"aliases": i.aliases} if i.aliases else {}),  # other keys an answers file may use
            }
            for i in model.items
        ],
    }
    if model.axes:
        data["rules"]["axisThreshold"] = model.scoring.axis_threshold
        data["axes"] = [{"id": a.id, "name": a.name} for a in model.axes]
        data["quadrants"] = [
            {"id": q.id, "name": q.name, "position": q.position, "recommendation": q.recommendation}
            for q in model.quadrants
        ]
    return data
