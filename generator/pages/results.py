"""What the results panel (checklist page) and the report show, by the model's labels and headline,
and the rules behind them as the checklist's "How this is scored" panel explains them."""

from __future__ import annotations

from typing import Any

from ..assessment.scoring import FINISH_FIRST_ABOVE, answers_needed
from ..formatting import format_number, format_percent
from ..model.model import Model, labels
from ..wording import say


def results_view(model: Model) -> dict[str, Any]:
    """What the results panel (checklist) and report show, by the model's labels and headline.

    Bars are scores 0-100 (axes, pillars, stage completion) or maturity scores 0..N (pillars, groups).
    Axis and stage-completion bars carry the threshold they are judged by, and a sentence that says so.
    """
    names = labels(model)
    rules = model.scoring
    words = lambda text, **values: say(model.info.language, text, **values)  # noqa: E731
    scored_stages = _scored_stages(model)
    bars = []
    if model.axes:
        bars.append(
            {
                "group": "axes",
                "title": names["axis"]["plural"],
                "max": 100,
                "threshold": rules.axis_threshold,
                "note": words(
                    "The line marks {threshold}: from there a score counts as high.",
                    threshold=format_number(model.info.language, rules.axis_threshold),
                ),
                "entries": [{"id": a.id, "name": a.name} for a in model.axes],
            }
        )
    bars.append(
        {
            "group": "pillars",
            "title": names["pillar"]["plural"],
            "max": 100,
            "entries": [{"id": p.id, "name": p.name} for p in model.pillars],
        }
    )
    bars.append(
        {
            "group": "stages",
            "title": words("{thing} completion", thing=names["stage"]["singular"]),
            "max": 100,
            "threshold": rules.stage_threshold,
            "note": words(
                "The line marks {threshold}, the completion at which each {thing} is reached.",
                threshold=format_percent(model.info.language, rules.stage_threshold, None),
                thing=names["stage"]["singular_lower"],
            ),
            "entries": [{"id": s.id, "name": s.name} for s in model.stages],
        }
    )
    maturity = {
        "group": "maturity",
        "title": words("Maturity score (0 to {top})", top=scored_stages),
        "max": scored_stages,
        "entries": [{"id": p.id, "name": p.name} for p in model.pillars],
    }
    grouped = {
        "group": "groups",
        "title": words("{things} (maturity score)", things=names["group"]["plural"]),
        "max": scored_stages,
        "entries": [{"id": g.id, "name": g.name} for g in model.groups],
    }
    headline = model.scoring.headline
    lead = [maturity, grouped] if headline == "score" else []
    bars = lead + bars + ([] if lead else [maturity] + ([grouped] if model.groups else []))
    return {
        "headline": headline,
        "bars": [{"threshold": None, "note": "", **bar} for bar in bars if bar["entries"]],
        "scored_stages": scored_stages,
        "levels": [{"id": p.id, "name": p.name} for p in model.pillars],
        "completion": completion_view(model),
    }


def completion_view(model: Model, completion: dict[str, dict[str, float | None]] | None = None) -> dict[str, Any]:
    """Completion per pillar and stage (`Result.completion`) as the heatmap shows it: pillars down,
    stages across (those with items), each cell's share (0 to 1) and its text, "–" where there is
    nothing to score.
    Without `completion` (the checklist page) the cells wait for the page's script to fill them."""
    language = model.info.language
    staged = {(i.pillar, i.stage) for i in model.items}
    stages = [s for s in model.stages if any(i.stage == s.id for i in model.items)]  # others: reached by default
    rows = []
    for pillar in model.pillars:
        cells = []
        for stage in stages:
            items = (pillar.id, stage.id) in staged
            share = (completion or {}).get(pillar.id, {}).get(stage.id)
            text = format_percent(language, share * 100) if share is not None else "–"
            cells.append({"key": f"{pillar.id}:{stage.id}", "scored": items, "share": share, "text": text})
        rows.append({"id": pillar.id, "name": pillar.name, "cells": cells})
    return {"stages": [{"id": s.id, "name": s.name} for s in stages], "rows": rows}


def rules_view(model: Model) -> dict[str, Any]:
    """The model's scoring rules as the "How this is scored" panel states them: each scale's
    credits, the weights, thresholds and the share to answer, as text ready to show (in the
    model's language: `0,5`, `60 %` in nb)."""
    rules = model.scoring
    language = model.info.language
    number = lambda value: format_number(language, value)  # noqa: E731
    percent = lambda value: format_percent(language, value, None)  # noqa: E731
    used = {item.scale for item in model.items}
    scales: list[tuple[str | None, list[Any]]] = [(None, rules.answers)] if None in used else []
    scales += [(name, options) for name, options in rules.scales.items() if name in used]
    weights = [item.weight for item in model.items]
    return {
        "scales": [
            {
                "name": name,
                "answers": [
                    {"label": o.label, "credit": None if o.credit is None else number(o.credit)} for o in options
                ],
            }
            for name, options in scales
        ],
        "lightest": number(min(weights)),
        "heaviest": number(max(weights)),
        "axis_threshold": number(rules.axis_threshold),
        "stage_threshold": percent(rules.stage_threshold),
        "min_answered": percent(rules.min_answered),
        "needed": answers_needed(model),
        "total": len(model.items),
        "max_next_steps": rules.max_next_steps,
        "finish_first_above": percent(FINISH_FIRST_ABOVE),
        "scored_stages": _scored_stages(model),
    }


def _scored_stages(model: Model) -> int:
    """The stages with items: the top of the maturity score."""
    return sum(1 for stage in model.stages if any(item.stage == stage.id for item in model.items))
