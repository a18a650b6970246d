"""The roadmap: the gap from where an assessment stands to its target, as ordered phases, and the
Roadmap page of a client site that shows them, with the client's plan per step (`clients.plans`).

An open item is one the target asks more of than it has (n/a items are never open). Its phase
counts levels from its pillar's current one: phase 1 is every pillar's next level (with what is
still open below it), phase 2 the level after, and so on. A requirement never comes later than
what requires it: it moves to that phase and, within a phase, before it. Otherwise steps run
from the lowest stage up and, within a stage, by weight x gap (largest first), then in model order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..formatting import format_month, format_number, format_percent
from ..model.model import Model
from ..model.profile_schema import PlanStep
from ..urls import REPORT_PAGE, ROADMAP_PAGE, Page, link, markdown_link, site_urls
from ..wording import say
from .evaluation import Evaluation, evaluate
from .targets import Target


@dataclass(frozen=True)
class RoadmapStep:
    """One open item as a thing to do: its text, the page that explains it, and its gap."""

    item: str
    text: str
    link: str  # site URL, as next steps give it (`stages/x.html#step-y`)
    pillar: str
    stage: str
    gap: float  # weight x (credit aimed for - credit now)


def roadmap(model: Model, evaluation: Evaluation) -> list[list[RoadmapStep]]:
    """The phases of the roadmap, first phase first, each in the order to take its steps."""
    order = [stage.id for stage in model.stages]
    items = {item.id: item for item in model.items}
    gaps = {}
    for item_id, aimed in evaluation.aimed.items():
        if item_id in evaluation.credits and evaluation.credits[item_id] is None:
            continue  # n/a
        now = evaluation.credits.get(item_id) or 0.0
        if now < aimed:
            gaps[item_id] = items[item_id].weight * (aimed - now)
    phase = {}
    for item_id in gaps:
        item = items[item_id]
        level = order.index(evaluation.result.levels[item.pillar])
        phase[item_id] = max(order.index(item.stage), level + 1) - level
    required = {item_id: _requirements(model, items[item_id], gaps) for item_id in gaps}
    changed = True
    while changed:  # a requirement comes no later than what requires it
        changed = False
        for item_id, needs in required.items():
            for need in needs:
                if phase[need] > phase[item_id]:
                    phase[need] = phase[item_id]
                    changed = True
    urls = site_urls()
    phases = []
    for number in sorted(set(phase.values())):
        members = [item_id for item_id in gaps if phase[item_id] == number]  # model order
        rank = {item_id: (order.index(items[item_id].stage), -gaps[item_id]) for item_id in members}
        phases.append(
            [_step(model, items[item_id], gaps[item_id], urls) for item_id in _ordered(members, required, rank)]
        )
    return phases


def _requirements(model: Model, item, gaps: dict[str, float]) -> set[str]:
    """The open items that `item` requires: those of the practices and steps its own require."""
    practices = next((p.requires for p in model.practices if p.id == item.practice), [])
    steps = next((st.requires for s in model.stages for st in s.steps if st.id == item.step), [])
    return {
        other.id
        for other in model.items
        if other.id in gaps and other.id != item.id and (other.practice in practices or other.step in steps)
    }


def _ordered(members: list[str], required: dict[str, set[str]], rank: dict[str, tuple]) -> list[str]:
    """`members` with each after what it requires, else by `rank` and model order."""
    waiting = sorted(members, key=lambda item_id: rank[item_id])  # stable: ties keep model order
    inside = set(members)
    done: list[str] = []
    placed: set[str] = set()
    while waiting:
        ready = next((i for i in waiting if all(n in placed or n not in inside for n in required[i])), waiting[0])
        waiting.remove(ready)  # `waiting[0]` only if requirements loop, which the model's checks refuse
        done.append(ready)
        placed.add(ready)
    return done


def _step(model: Model, item, gap: float, urls: dict[str, str]) -> RoadmapStep:
    step = next((st for s in model.stages for st in s.steps if st.id == item.step), None)
    if step:
        link = urls["step"].format(id=next(s.id for s in model.stages if step in s.steps), step=step.id)
    elif item.practice:
        link = urls["practice"].format(id=item.practice)
    else:
        link = urls["stage"].format(id=item.stage)
    return RoadmapStep(item.id, item.action or item.text, link, item.pillar, item.stage, gap)


STATUS_WORDS = {"planned": "Planned", "doing": "Doing", "done": "Done"}


def _planned(language: str, entry: PlanStep | None) -> dict[str, Any]:
    """A step's plan as the page's cells (empty without one); a number of days is `effort_days`."""
    entry = entry or PlanStep()
    days = entry.effort if entry.effort and entry.effort.isdigit() else None
    return {
        "owner": entry.owner,
        "due": entry.due.isoformat() if entry.due else None,
        "effort": None if days else entry.effort,
        "effort_days": int(days) if days else None,
        "status": say(language, STATUS_WORDS[entry.status]) if entry.status else None,
        "note": entry.note,
    }


def _milestone(model: Model, evaluation: Evaluation, pillars: dict[str, str], stages: dict[str, str]) -> dict:
    """One phase of a phased target: its date, what it aims at per pillar, and the progress to it."""
    target = evaluation.target
    scores = target.scores if target else {}
    aims = [
        f"{pillars[p]}: {format_number(model.info.language, scores[p], 1) if p in scores else stages[stage]}"
        for p, stage in evaluation.levels.items()
    ]
    return {
        "by": target.by.isoformat() if target and target.by else "",
        "aims": "; ".join(aims),
        "progress": evaluation.to_target["overall"],
    }


def _months(dated: list[dict[str, Any]]) -> list[str]:
    """The months (YYYY-MM) that steps are due in, earliest first."""
    return sorted({step["due"][:7] for step in dated})


def roadmap_page(
    model: Model, evaluation: Evaluation, common: dict[str, Any], milestones: tuple[Target, ...] = ()
) -> Page:
    """The roadmap from the latest assessment (`evaluation`) to its target (else each pillar's next level),
    with the date and progress of each phase of a phased target (`milestones`; an assessment's own target
    wins over them)."""
    pillars = {p.id: p.name for p in model.pillars}
    stages = {s.id: s.name for s in model.stages}
    plan = evaluation.assessment.plan
    phases: list[dict[str, Any]] = [
        {
            "number": number,
            "steps": [
                {
                    "id": s.item,
                    "text": s.text,
                    "link": markdown_link(s.link),
                    "pillar": pillars[s.pillar],
                    "stage": stages[s.stage],
                    **_planned(model.info.language, plan.get(s.item)),
                }
                for s in steps
            ],
        }
        for number, steps in enumerate(roadmap(model, evaluation), 1)
    ]
    dated = sorted((step for phase in phases for step in phase["steps"] if step["due"]), key=lambda s: s["due"])
    timeline = [
        {"month": format_month(model.info.language, month), "steps": [s for s in dated if s["due"][:7] == month]}
        for month in _months(dated)
    ]
    to_target = evaluation.to_target
    scores = evaluation.target.scores if evaluation.target else {}
    context = dict(common)
    context.update(
        {
            "assessed": evaluation.assessment.assessed.isoformat() if evaluation.assessment.assessed else None,
            "has_target": evaluation.target is not None,
            "aims": [
                {
                    "pillar": p.name,
                    "now": stages[evaluation.result.levels[p.id]],
                    "target": stages.get(evaluation.levels.get(p.id, ""), "-"),
                    "score": evaluation.result.maturity[p.id] if p.id in scores else None,
                    "target_score": scores.get(p.id),
                    "progress": to_target["pillars"][p.id],
                }
                for p in model.pillars
            ],
            "item_targets": len(evaluation.target.answers) if evaluation.target else 0,
            "progress": to_target["overall"],
            "bars": [{"name": p.name, "value": to_target["pillars"][p.id]} for p in model.pillars],
            "threshold": format_percent(model.info.language, model.scoring.stage_threshold, None),
            "phases": phases,
            "planned": bool(plan),
            "milestones": [
                _milestone(model, evaluate(model, evaluation.assessment, phase), pillars, stages)
                for phase in ([] if evaluation.assessment.target else milestones)
            ],
            "timeline": timeline,
            "report_link": link(ROADMAP_PAGE, REPORT_PAGE),
        }
    )
    return Page(ROADMAP_PAGE, "pages/roadmap.md.j2", context)
