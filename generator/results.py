"""What the results panel (checklist page) and the report show, by the model's labels and headline."""

from __future__ import annotations

from typing import Any

from .model import Model
from .vocabulary import labels
from .wording import say


def results_view(model: Model) -> dict[str, Any]:
    """What the results panel (checklist) and report show, by the model's labels and headline.

    Bars are scores 0-100 (axes, pillars, stage completion) or maturity scores 0..N (pillars, groups).
    """
    names = labels(model)
    words = lambda text, **values: say(model.info.language, text, **values)  # noqa: E731
    scored_stages = sum(1 for stage in model.stages if any(item.stage == stage.id for item in model.items))
    bars = []
    if model.axes:
        bars.append({"group": "axes", "title": names["axis"]["plural"], "max": 100,
                     "entries": [{"id": a.id, "name": a.name} for a in model.axes]})
    bars.append({"group": "pillars", "title": names["pillar"]["plural"], "max": 100,
                 "entries": [{"id": p.id, "name": p.name} for p in model.pillars]})
    bars.append({"group": "stages", "title": words("{thing} completion", thing=names["stage"]["singular"]), "max": 100,
                 "entries": [{"id": s.id, "name": s.name} for s in model.stages]})
    maturity = {"group": "maturity", "title": words("Maturity score (0 to {top})", top=scored_stages), "max": scored_stages,
                "entries": [{"id": p.id, "name": p.name} for p in model.pillars]}
    grouped = {"group": "groups", "title": words("{things} (maturity score)", things=names["group"]["plural"]), "max": scored_stages,
               "entries": [{"id": g.id, "name": g.name} for g in model.groups]}
    headline = model.scoring.headline
    lead = [maturity, grouped] if headline == "score" else []
    bars = lead + bars + ([] if lead else [maturity] + ([grouped] if model.groups else []))
    return {"headline": headline, "bars": [bar for bar in bars if bar["entries"]], "scored_stages": scored_stages,
            "levels": [{"id": p.id, "name": p.name} for p in model.pillars]}
