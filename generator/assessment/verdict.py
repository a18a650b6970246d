"""The verdict: where an organisation stands and where to start, in two to four plain sentences.

It reads a scored result as a person would want it said: the model's headline (the stage, the
range of pillar levels, or the maturity score), the quadrant with one sentence on why it may
seem to disagree with the stage, the strongest and weakest pillar, the first next step, and
how sure it is while many items are unanswered.
Before a result is ready it says only how many answers are missing. The page writes the same
sentences from the same rules (`verdict` in templates/assets/scoring.js).
"""

from __future__ import annotations

from typing import Protocol

from ..formatting import format_number
from ..model.model import Model, labels
from ..wording import say


class Scored(Protocol):
    """What the verdict reads of a scoring `Result` (which carries the verdict, so cannot be imported here)."""

    @property
    def ready(self) -> bool: ...
    @property
    def answered(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def to_answer(self) -> int: ...
    @property
    def stage(self) -> str: ...
    @property
    def quadrant(self) -> str | None: ...
    @property
    def levels(self) -> dict[str, str]: ...
    @property
    def pillars(self) -> dict[str, float]: ...
    @property
    def maturity(self) -> dict[str, float]: ...
    @property
    def maturity_overall(self) -> float: ...
    @property
    def finish_first(self) -> list: ...
    @property
    def next_steps(self) -> list: ...


# The verdict's sentences in English; the page gets them in the site's language (`words`).
SENTENCES = {
    "verdict not ready": "Not yet assessed: {count} of {total} answered. Answer {more} more to see where you stand.",
    "verdict at stage": "You are at {stage} ({word} {number} of {count}).",
    "verdict levels range": "Your {pillars} range from {low} ({low_pillar}) to {high} ({high_pillar}).",
    "verdict levels even": "Every {pillar} is at {stage}.",
    "verdict score": "Your maturity score is {score} of {top}.",
    "verdict quadrant": "Your {word} is {quadrant}.",
    "verdict differ": (
        "The {stage_word} counts how much of each {stage_word}'s {things} you meet, in order; the "
        "{quadrant_word} only compares your {axes} scores, so the two can differ."
    ),
    "verdict strongest": "Your strongest {word} is {strong}; your weakest is {weak}.",
    "verdict start": "What would move you most: {step}.",
    "verdict unsure": "{count} of {total} are not answered yet; answering them makes this surer.",
}


def verdict(model: Model, result: Scored) -> list[str]:
    """The verdict on `result` (scored from `model`), one sentence per entry, in the model's language."""
    language, words = model.info.language, labels(model)

    def said(key: str, **values: object) -> str:
        return say(language, SENTENCES[key], **values)

    if not result.ready:
        return [said("verdict not ready", count=result.answered, total=result.total, more=result.to_answer)]
    name = {stage.id: stage.name for stage in model.stages}
    name.update({pillar.id: pillar.name for pillar in model.pillars})
    name.update({quadrant.id: quadrant.name for quadrant in model.quadrants})
    index = [stage.id for stage in model.stages]
    headline = model.scoring.headline
    sentences = []
    if headline == "stage":
        sentences.append(
            said(
                "verdict at stage",
                stage=name[result.stage],
                word=words["stage"]["singular_lower"],
                number=index.index(result.stage) + 1,
                count=len(index),
            )
        )
    elif headline == "levels":
        low = min(result.levels, key=lambda p: index.index(result.levels[p]))
        high = max(result.levels, key=lambda p: index.index(result.levels[p]))
        if result.levels[low] == result.levels[high]:
            sentences.append(
                said("verdict levels even", pillar=words["pillar"]["singular_lower"], stage=name[result.levels[low]])
            )
        else:
            sentences.append(
                said(
                    "verdict levels range",
                    pillars=words["pillar"]["plural_lower"],
                    low=name[result.levels[low]],
                    low_pillar=name[low],
                    high=name[result.levels[high]],
                    high_pillar=name[high],
                )
            )
    else:
        top = sum(1 for stage in model.stages if any(item.stage == stage.id for item in model.items))
        sentences.append(said("verdict score", score=format_number(language, result.maturity_overall, 1), top=top))
    differ = False
    if result.quadrant:
        sentences.append(
            said("verdict quadrant", word=words["quadrant"]["singular_lower"], quadrant=name[result.quadrant])
        )
        differ = headline == "stage" and _seem_to_differ(model, result)
        if differ:
            sentences.append(
                said(
                    "verdict differ",
                    stage_word=words["stage"]["singular_lower"],
                    things=words["item"]["plural_lower"],
                    quadrant_word=words["quadrant"]["singular_lower"],
                    axes=say(language, "{items} and {last}", items=model.axes[0].name, last=model.axes[1].name),
                )
            )
    scores = result.maturity if headline == "score" else result.pillars
    if len(scores) > 1:
        strong = max(scores, key=lambda p: scores[p])  # first of equals, in model order
        weak = min(scores, key=lambda p: scores[p])
        if scores[strong] != scores[weak]:
            sentences.append(
                said("verdict strongest", word=words["pillar"]["singular_lower"], strong=name[strong], weak=name[weak])
            )
    steps = result.next_steps
    if differ:  # the quadrant's advice fits its scores, not the early stage: start from the stage's steps
        recommendation = next(q.recommendation for q in model.quadrants if q.id == result.quadrant)
        steps = [step for step in steps if step.text != recommendation] or steps
    if steps:
        sentences.append(said("verdict start", step=first_sentence(steps[0].text)))
    if result.finish_first:
        sentences.append(said("verdict unsure", count=result.total - result.answered, total=result.total))
    return sentences


def first_sentence(text: str) -> str:
    """The first sentence of `text`, without its full stop: "Get in. Take on ..." -> "Get in"."""
    ends = [text.find(mark) + 1 for mark in (". ", "! ", "? ", "。", "！", "？") if mark in text]
    return (text[: min(ends)] if ends else text).rstrip(" .。!！?？")


def _seem_to_differ(model: Model, result: Scored) -> bool:
    """Whether stage and quadrant point different ways: a share of high axes and a share of the
    way up the stages more than half apart (the first stage with both axes high, say)."""
    position = next(q.position for q in model.quadrants if q.id == result.quadrant)
    high = sum(1 for side in position.values() if side == "high") / len(position)
    climbed = [stage.id for stage in model.stages].index(result.stage) / max(len(model.stages) - 1, 1)
    return abs(high - climbed) > 0.5
