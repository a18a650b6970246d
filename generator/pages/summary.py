"""The one-page summary that opens a printed report: three strengths, three gaps and three next
steps, one line each, chosen by rules that hold for any model.

- A strength is an item answered in full, the most advanced first (highest stage, then weight).
- A gap is an answered item short of full, the most basic first (lowest stage, then weight x gap):
  what a reader would fix first. Unanswered and n/a items are neither.
- Both lists spread out: first one item per pillar and per practice (or stage step), so that three
  lines do not say the same thing three times, then whatever ranks next.
- A next step is named by its practice's name or its quadrant's first sentence, else by the first
  sentence of its action; the report's "Recommended next steps" keep the whole text.
"""

from __future__ import annotations

from ..assessment.evaluation import Evaluation
from ..assessment.verdict import first_sentence
from ..formatting import format_percent
from ..model.model import Model
from ..urls import site_urls

SHOWN = 3  # lines per list

FULL = 1 - 1e-9  # a credit this high is an item answered in full


def answer_text(model: Model, item, evaluation: Evaluation) -> str:
    """An item's answer as a person reads it: the label when every respondent gave it, else the merged
    credit in percent."""
    values = {r.answers[item.id] for r in evaluation.assessment.respondents if item.id in r.answers}
    if len(values) == 1:
        return next(o.label for o in model.scale_of(item) if o.value in values)
    credit = evaluation.credits.get(item.id)
    return "-" if credit is None else format_percent(model.info.language, credit * 100)


def strengths(model: Model, evaluation: Evaluation) -> list[dict[str, str]]:
    """The items answered in full, most advanced first, as {text, answer} lines."""
    order = {stage.id: index for index, stage in enumerate(model.stages)}
    met = [item for item in model.items if (evaluation.credits.get(item.id) or 0) >= FULL]
    met.sort(key=lambda item: (-order[item.stage], -item.weight))  # stable: ties keep model order
    return _lines(model, evaluation, _spread(met))


def gaps(model: Model, evaluation: Evaluation) -> list[dict[str, str]]:
    """The answered items short of full, most basic first, as {text, answer} lines."""
    order = {stage.id: index for index, stage in enumerate(model.stages)}
    answered = {item_id: credit for item_id, credit in evaluation.credits.items() if credit is not None}  # not n/a
    short = [item for item in model.items if answered.get(item.id, FULL) < FULL]
    short.sort(key=lambda item: (order[item.stage], -item.weight * (1 - answered[item.id])))
    return _lines(model, evaluation, _spread(short))


def step_names(model: Model, steps: list) -> list[str]:
    """One short line for each of `steps` (`NextStep`s)."""
    urls = site_urls()
    named = {urls["practice"].format(id=p.id): p.name for p in model.practices}
    named |= {urls["quadrant"].format(id=q.id): first_sentence(q.recommendation) for q in model.quadrants}
    return [named.get(step.link) or first_sentence(step.text) for step in steps[:SHOWN]]


def _spread(items: list) -> list:
    """The first `SHOWN` of `items` (ranked), taking one per pillar and area first, then one per area,
    then the rest in rank."""
    chosen: list = []
    for fits in (_new_pillar_and_area, _new_area, lambda item, chosen: True):
        for item in items:
            if len(chosen) < SHOWN and item not in chosen and fits(item, chosen):
                chosen.append(item)
    return sorted(chosen, key=items.index)


def _area(item) -> str:
    return item.practice or item.step or item.pillar


def _new_area(item, chosen: list) -> bool:
    return all(_area(other) != _area(item) for other in chosen)


def _new_pillar_and_area(item, chosen: list) -> bool:
    return _new_area(item, chosen) and all(other.pillar != item.pillar for other in chosen)


def _lines(model: Model, evaluation: Evaluation, items: list) -> list[dict[str, str]]:
    return [{"text": item.text, "answer": answer_text(model, item, evaluation)} for item in items]
