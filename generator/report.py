"""The "Your assessment" page of a client site: where the client stands, and what moved."""

from __future__ import annotations

from typing import Any

from .clients import Client
from .model import Model
from .results import results_view
from .evaluation import Evaluation, evaluate
from .scoring import chart_position, number_text, round1
from .urls import REPORT_PAGE, SECTION, Page, link, page_path
from .wording import say


def report_page(model: Model, client: Client, common: dict[str, Any]) -> Page:
    """The report page for the client's latest assessment, compared with the one before it.

    The caller adds the matrix (`matrix`), highlighting `quadrant.id`, for a model with axes.
    """
    latest = client.assessments[-1]
    evaluation = evaluate(model, latest, client.target)
    result = evaluation.result
    names = {kind: {e.id: e.name for e in entities} for kind, entities in (
        ("axes", model.axes), ("pillars", model.pillars), ("stages", model.stages), ("quadrants", model.quadrants),
        ("maturity", model.pillars), ("groups", model.groups))}
    threshold = model.scoring.axis_threshold
    panel = results_view(model)
    values = {"axes": result.axes, "pillars": result.pillars, "stages": result.stages, "maturity": result.maturity,
              "groups": result.groups}
    context = dict(common)
    context.update({
        "private": client.profile.private,
        "assessed": latest.assessed.isoformat() if latest.assessed else None,
        "headline": panel["headline"], "scored_stages": panel["scored_stages"],
        "maturity_overall": result.maturity_overall,
        "stage": {"name": names["stages"][result.stage], "link": link(REPORT_PAGE, page_path("stage", result.stage))},
        "levels": [{"name": p.name, "stage": names["stages"][result.levels[p.id]],
                    "link": link(REPORT_PAGE, page_path("stage", result.levels[p.id]))} for p in model.pillars],
        "quadrant": {"id": result.quadrant, "name": names["quadrants"][result.quadrant],
                     "link": link(REPORT_PAGE, page_path("quadrant", result.quadrant))} if result.quadrant else None,
        "answered": result.answered, "total": result.total,
        "dot": {"x": round(chart_position(result.axes[model.axes[0].id], threshold), 2),
                "y": round(chart_position(result.axes[model.axes[1].id], threshold), 2)} if model.axes else None,
        "groups": [{"title": bar["title"], "max": bar["max"],
                    "bars": [{"name": names[bar["group"]][key], "value": value} for key, value in values[bar["group"]].items()]}
                   for bar in panel["bars"]],
        "next_steps": [{"text": s.text, "why": s.why, "link": _markdown_link(s.link)} for s in result.next_steps],
        "progress": _progress(model, evaluate(model, client.assessments[-2]), evaluation, names)
                    if len(client.assessments) > 1 else None,
    })
    return Page(REPORT_PAGE, "pages/report.md.j2", context)


def answer_text(model: Model, item, evaluation: Evaluation) -> str:
    """An item's answer as a person reads it: the label when every respondent gave it, else the merged
    credit in percent."""
    values = {r.answers[item.id] for r in evaluation.assessment.respondents if item.id in r.answers}
    if len(values) == 1:
        return next(o.label for o in model.scale_of(item) if o.value in values)
    credit = evaluation.credits.get(item.id)
    return "-" if credit is None else f"{number_text(round1(credit * 100))}%"


def _markdown_link(site_url: str) -> str:
    """A next step's site URL (`stages/x.html#a`) as a link to the Markdown page, for the builder to check."""
    path, _, anchor = site_url.partition("#")
    for section in SECTION.values():
        if path.startswith(section + "/"):
            path = path[: -len(".html")] + ".md"
    return f"{path}#{anchor}" if anchor else path


def _progress(model: Model, before: Evaluation, after: Evaluation, names) -> dict[str, Any]:
    """Score changes per axis, pillar and stage, and the items that moved up or slipped."""
    earlier, latest = before.result, after.result
    changes = []
    for group in ("axes", "pillars", "stages", "maturity"):
        for key, now in getattr(latest, group).items():
            then = getattr(earlier, group)[key]
            changes.append({"name": names[group][key], "before": then, "after": now, "delta": round(now - then, 1)})
    moved, slipped = [], []
    for item in model.items:
        old_credit, new_credit = before.credits.get(item.id), after.credits.get(item.id)
        if old_credit is None or new_credit is None or old_credit == new_credit:
            continue
        row = {"id": item.id, "text": item.text, "before": answer_text(model, item, before),
               "after": answer_text(model, item, after)}
        (moved if new_credit > old_credit else slipped).append(row)
    assessed = before.assessment.assessed
    return {"before": assessed.isoformat() if assessed else say(model.info.language, "the previous assessment"),
            "stage_before": names["stages"][earlier.stage],
            "quadrant_before": names["quadrants"][earlier.quadrant] if earlier.quadrant else None,
            "changes": changes, "moved": moved, "slipped": slipped}
