"""Recommended next steps: the quadrant's recommendation, then the open stage steps and practices
by weight times gap, each after what it requires, with one plain sentence saying why and the
numbers behind the choice (open checks, weights, scores) apart, for the details.

The page computes the same steps in `templates/assets/scoring.js` (see `scoring` for the rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..formatting import format_number, format_percent
from ..model.model import Model, labels
from ..numbers import total
from ..urls import site_urls
from ..wording import say


@dataclass(frozen=True)
class NextStep:
    """One recommended step: what to do, why it was chosen (in plain words), the numbers behind
    the choice, and the page that explains how."""

    text: str
    why: str
    link: str
    detail: str = ""


# The reasons next steps give, in English; the page gets them in the site's language (`words`).
# A step's reason is one plain sentence: what it helps complete and what it strengthens, each said
# once. Its detail holds the numbers: open checks and their weight, stage completion, scores.
REASONS = {
    "quadrant": "Recommended first for {quadrant}, where your answers place you",
    "counts": "Part of completing {stages}",
    "lifts": "Strengthens {lifts}",
    "also lifts": "{why}, and strengthens {lifts}",
    "pillar": "{name}, your weakest {word}",
    "axis": "{name}, your weaker {word}",
    "and": "{items} and {last}",
    "after": "{why}; do it after {names}, which it builds on",
    "required": "{name} needs this first",
    "quadrant scores": "{scores} (high from {threshold})",
    "stage": "{stage} {percent} complete",
    "open checks": "{count} open checks, weight {weight}",
    "score": "{name} {score}",
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
    detail: str = ""  # the numbers behind a reason of its own (the quadrant's axis scores)
    checks: int = 0  # open checks it closes, towards `stages`, of weighted gap `weight`
    weight: float = 0.0
    stages: list[str] = field(default_factory=list)
    practices: list[str] = field(default_factory=list)  # of a stage step's open items, in model order
    lifts: list[tuple[str, str]] = field(default_factory=list)  # the weakest pillar or weaker axis: (words, score)
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

    def number(self, value: float, decimals: int | None = None) -> str:
        return format_number(self.model.info.language, value, decimals)

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
            drafts.append(
                _Draft(
                    self.quadrant.recommendation,
                    urls["quadrant"].format(id=self.quadrant.id),
                    f"quadrant:{self.quadrant.id}",
                    reason=self.say(REASONS["quadrant"], quadrant=self.quadrant.name),
                    detail=self.say(
                        REASONS["quadrant scores"],
                        scores=", ".join(f"{axis_names[a]} {self.number(s, 0)}" for a, s in self.axes.items()),
                        threshold=self.number(model.scoring.axis_threshold),
                    ),
                )
            )
        ranked = self.stage_steps(urls) + self.practice_steps(urls)
        ranked.sort(key=lambda draft: -draft.value)  # stable: ties keep model order
        for draft in ranked:
            kept = next((d for d in drafts if d.link == draft.link), None)
            if kept is None:
                drafts.append(draft)
            else:
                kept.absorb(draft)
        drafts = _practices_take_their_own(drafts)
        ordered = self.in_required_order(drafts, urls)[: model.scoring.max_next_steps]
        return [NextStep(draft.text, self.why(draft), draft.link, self.detail(draft)) for draft in ordered]

    def why(self, draft: _Draft) -> str:
        """Why `draft` was chosen, as one plain sentence."""
        stages = [s.name for s in self.model.stages if s.id in draft.stages]
        why = self.say(REASONS["counts"], stages=self.listed(stages)) if draft.checks else draft.reason
        if draft.lifts:
            lifts = self.listed([words for words, _ in draft.lifts])
            why = (
                self.say(REASONS["also lifts"], why=why, lifts=lifts)
                if why
                else self.say(REASONS["lifts"], lifts=lifts)
            )
        if draft.after:
            why = self.say(REASONS["after"], why=why, names=self.listed(draft.after))
        return why

    def detail(self, draft: _Draft) -> str:
        """The numbers behind `draft`: "2 open checks, weight 3; Evolving 50% complete; People 40"."""
        parts = [draft.detail] if draft.detail else []
        if draft.checks:
            parts.append(self.say(REASONS["open checks"], count=draft.checks, weight=self.number(draft.weight, 1)))
            parts += [
                self.say(
                    REASONS["stage"], stage=s.name, percent=format_percent(self.model.info.language, self.stages[s.id])
                )
                for s in self.model.stages
                if s.id in draft.stages
            ]
        parts += [score for _, score in draft.lifts]
        return "; ".join(parts)

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
            index = next(
                i
                for i, draft in enumerate(remaining)
                if all(key in placed or not self.is_open(key) for key in draft.requires)
            )
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
            return _Draft(
                f"{practice.name}: {practice.summary}",
                urls["practice"].format(id=entity_id),
                key,
                _keys("practice", practice.requires),
                reason=reason,
            )
        step = next(st for stage in self.model.stages for st in stage.steps if st.id == entity_id)
        return _Draft(
            step.text,
            urls["step"].format(id=self.stage_of_step(entity_id), step=entity_id),
            key,
            _keys("step", step.requires),
            reason=reason,
        )

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
            text = (
                head.action if len(items) == 1 and head.action else step_of[head.step].text if head.step else head.text
            )
            drafts.append(
                _Draft(
                    text,
                    link,
                    key,
                    requires,
                    value=value,
                    checks=len(items),
                    weight=value,
                    stages=[head.stage],
                    practices=list(dict.fromkeys(item.practice for item in items if item.practice)),
                )
            )
        return drafts

    def stage_of_step(self, step_id: str) -> str:
        return next(s.id for s in self.model.stages if any(step.id == step_id for step in s.steps))

    def practice_steps(self, urls: dict[str, str]) -> list[_Draft]:
        """The two practices that would lift the weakest pillar most, and the two for the weaker axis."""
        model = self.model
        drafts = []
        words = labels(model)
        lenses = [("pillar", self.pillars, {p.id: p.name for p in model.pillars})]
        if model.axes:
            lenses.append(("axis", self.axes, {a.id: a.name for a in model.axes}))
        for field_name, scores, names in lenses:
            weakest = min(scores, key=lambda key: scores[key])  # first of equals, in model order
            lift = (
                self.say(REASONS[field_name], name=names[weakest], word=words[field_name]["singular_lower"]),
                self.say(REASONS["score"], name=names[weakest], score=self.number(scores[weakest], 0)),
            )
            candidates = []
            for practice in model.practices:
                value = total(
                    self.gap(item)
                    for item in model.items
                    if item.practice == practice.id and getattr(item, field_name) == weakest
                )
                if value > 0:
                    candidates.append(
                        _Draft(
                            f"{practice.name}: {practice.summary}",
                            urls["practice"].format(id=practice.id),
                            f"practice:{practice.id}",
                            _keys("practice", practice.requires),
                            value=value,
                            lifts=[lift],
                        )
                    )
            candidates.sort(key=lambda draft: -draft.value)
            drafts.extend(candidates[:2])
        return drafts


def _practices_take_their_own(drafts: list[_Draft]) -> list[_Draft]:
    """`drafts` with each stage step whose open items all belong to a practice that is a step too
    absorbed into that practice's step, placed where the first of them was: one line per practice,
    not the practice and then its own items again. A step that requires others stays on its own,
    so that it still comes after what it requires."""
    owners = {draft.key: draft for draft in drafts if draft.key.startswith("practice:")}
    kept: list[_Draft] = []
    for draft in drafts:
        owner = owners.get(f"practice:{draft.practices[0]}") if len(draft.practices) == 1 else None
        if owner is not None and draft.key.startswith("step:") and not draft.requires:
            owner.absorb(draft)
            draft = owner
        if draft not in kept:
            kept.append(draft)
    return kept


def next_steps(
    model: Model,
    answered: dict[str, float | None],
    axes: dict[str, float],
    pillars: dict[str, float],
    stages: dict[str, float],
    current: int,
    quadrant: Any,
) -> list[NextStep]:
    """The next steps for scored answers (raw scores, before rounding; `current` is the stage index)."""
    return _StepContext(model, answered, axes, pillars, stages, current, quadrant).next_steps()
