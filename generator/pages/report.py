"""The "Your assessment" page of a client site: where the client stands, what moved, every answer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..assessment.evaluation import Evaluation, evaluate
from ..assessment.scoring import score_credits
from ..clients.profiles import Client
from ..formatting import format_number
from ..model.model import Model
from ..numbers import chart_position
from ..urls import (
    ASSET_FOLDER,
    CHECKLIST_PAGE,
    REPORT_PAGE,
    ROADMAP_PAGE,
    Page,
    link,
    markdown_link,
    page_path,
)
from ..wording import say
from . import summary
from .overview import overview_chart
from .results import completion_view, results_view
from .summary import answer_text

DISAGREEMENTS_SHOWN = 5
NOT_ASSESSED_SHOWN = 10  # items to answer first, listed while there is no verdict yet


@dataclass(frozen=True)
class Publisher:
    """Who prepares the reports (`publisher:` in playbook.yaml): named on each report's printed cover."""

    name: str
    logo: Path | None  # checked with the settings (`images.read_image`)
    contact: str | None  # an e-mail address or a web address


def publisher_logo_path(publisher: Publisher | None) -> str | None:
    """Where the publisher's logo is published in a client's site (None without one)."""
    return f"{ASSET_FOLDER}/publisher{publisher.logo.suffix.lower()}" if publisher and publisher.logo else None


def logo_path(client: Client) -> str | None:
    """Where the client's logo is published in its site (None without one)."""
    return f"{ASSET_FOLDER}/logo{client.logo.suffix.lower()}" if client.logo else None


def report_page(
    model: Model,
    client: Client,
    evaluation: Evaluation,
    common: dict[str, Any],
    *,
    appendix: bool = False,
    publisher: Publisher | None = None,
) -> Page:
    """The report page for the client's latest assessment, compared with the one before it; on
    paper it opens with a cover (`logo`) and a one-page summary (`summary`).

    `evaluation` is the latest assessment's. The caller adds the matrix (`matrix`), highlighting
    `quadrant.id`, for a model with axes. The client's `benchmark` (the anonymised portfolio) shows
    if the profile allows. The `appendix` of every answer shows with `appendix` (the build's
    `--appendix`) or the profile's `report: {appendix: true}`. The cover names the `publisher`.
    """
    latest = evaluation.assessment
    result = evaluation.result
    names = _names(model)
    panel = results_view(model)
    values = {
        "axes": result.axes,
        "pillars": result.pillars,
        "stages": result.stages,
        "maturity": result.maturity,
        "groups": result.groups,
    }
    previous = evaluate(model, client.assessments[-2], client.target) if len(client.assessments) > 1 else None
    context = dict(common)
    context.update(
        {
            "private": client.profile.private,
            "assessed": latest.assessed.isoformat() if latest.assessed else None,
            "headline": panel["headline"],
            "scored_stages": panel["scored_stages"],
            "completion": completion_view(model, result.completion),
            "maturity_overall": result.maturity_overall,
            "verdict": " ".join(result.verdict),
            "stage": {
                "name": names["stages"][result.stage],
                "link": link(REPORT_PAGE, page_path("stage", result.stage)),
            },
            "levels": [
                {
                    "name": p.name,
                    "stage": names["stages"][result.levels[p.id]],
                    "link": link(REPORT_PAGE, page_path("stage", result.levels[p.id])),
                    "maturity": result.maturity[p.id],
                    "streams": [  # each under its pillar, with its own level and maturity score
                        {
                            "name": s.name,
                            "stage": names["stages"][result.streams[s.id].level],
                            "link": link(REPORT_PAGE, page_path("stage", result.streams[s.id].level)),
                            "maturity": result.streams[s.id].maturity,
                        }
                        for s in p.streams
                    ],
                }
                for p in model.pillars
            ],
            "has_streams": bool(result.streams),
            "quadrant": {
                "id": result.quadrant,
                "name": names["quadrants"][result.quadrant],
                "link": link(REPORT_PAGE, page_path("quadrant", result.quadrant)),
            }
            if result.quadrant
            else None,
            "answered": result.answered,
            "total": result.total,
            "dots": _dots(model, previous, evaluation),
            "position": ", ".join(
                f"{a.name} {format_number(model.info.language, result.axes[a.id])}" for a in model.axes
            ),
            "groups": [
                {
                    "title": bar["title"],
                    "max": bar["max"],
                    "threshold": bar["threshold"],
                    "note": bar["note"],
                    "bars": [
                        {"name": names[bar["group"]][key], "value": value}
                        for key, value in values[bar["group"]].items()
                    ],
                }
                for bar in panel["bars"]
            ],
            "next_steps": [{"text": s.text, "why": s.why, "link": markdown_link(s.link)} for s in result.next_steps],
            "summary": {
                "strengths": summary.strengths(model, evaluation),
                "gaps": summary.gaps(model, evaluation),
                "steps": summary.step_names(model, result.next_steps),
            },
            "logo": link(REPORT_PAGE, logo) if (logo := logo_path(client)) else None,
            "respondents": [{"name": r.name, "role": r.role, "answered": len(r.answers)} for r in latest.respondents]
            if len(latest.respondents) > 1
            else [],
            "disagreement": _disagreement(model, evaluation),
            "roadmap_link": link(REPORT_PAGE, ROADMAP_PAGE),
            "commentary": evaluation.assessment.commentary,  # the consultant's Markdown (`client_markdown`)
            "to_target": evaluation.to_target["overall"],
            "progress": _progress(model, previous, evaluation, names) if previous else None,
            "migrations": [
                {
                    "assessed": a.assessed.isoformat() if a.assessed else "",
                    "previous": m.previous,
                    "version": m.version,
                    "changes": len(m.changed),
                }
                for a in client.assessments[-2:]
                for m in a.migrations
            ],
            "comparison": _comparison(model, previous, evaluation, names),
            "appendix": _appendix(model, evaluation) if appendix or client.profile.report.appendix else None,
            "unanswered": [{"id": i.id, "text": i.text} for i in model.items if i.id not in evaluation.credits],
            "benchmark": _benchmark(model, client.benchmark, result) if client.benchmark else None,
            "overview": _overview(model, previous, evaluation),
            "publisher": {
                "name": publisher.name,
                "logo": link(REPORT_PAGE, logo) if (logo := publisher_logo_path(publisher)) else None,
                "contact": publisher.contact,
            }
            if publisher
            else None,
        }
    )
    return Page(REPORT_PAGE, "pages/report.md.j2", context)


def not_assessed_page(model: Model, client: Client, evaluation: Evaluation, common: dict[str, Any]) -> Page:
    """The report or roadmap page (`common["page"]`) while too few items are answered for a verdict
    (`scoring.min_answered`): how many are answered, and the items to answer first, with no stage,
    position, score or next step."""
    path = common["page"]
    result = evaluation.result
    unanswered = [item for item in model.items if item.id not in evaluation.credits]
    shown = unanswered[: max(result.to_answer, 1)][:NOT_ASSESSED_SHOWN]
    context = dict(common)
    context.update(
        {
            "assessed": evaluation.assessment.assessed.isoformat() if evaluation.assessment.assessed else None,
            "verdict": " ".join(result.verdict),
            "first": [
                {"id": i.id, "text": i.text, "link": link(path, CHECKLIST_PAGE, f"pb-item-{i.id}")} for i in shown
            ],
            "more": len(unanswered) - len(shown),
            "checklist_link": link(path, CHECKLIST_PAGE),
            "quadrant": None,
            "downloads": [],  # the report's PDF, when the site is built with them (see views.site_pages)
        }
    )
    return Page(path, "pages/not_assessed.md.j2", context)


def _names(model: Model) -> dict[str, dict[str, str]]:
    return {
        kind: {e.id: e.name for e in entities}
        for kind, entities in (
            ("axes", model.axes),
            ("pillars", model.pillars),
            ("stages", model.stages),
            ("quadrants", model.quadrants),
            ("maturity", model.pillars),
            ("groups", model.groups),
        )
    }


def _reached(model: Model, evaluation: Evaluation) -> dict[str, float | None]:
    """The credits the assessment would have with its target met."""
    reached = dict(evaluation.credits)
    for item_id, aimed in evaluation.aimed.items():
        if reached.get(item_id, 0.0) is not None:
            reached[item_id] = max(reached.get(item_id) or 0.0, aimed)
    return reached


def _dots(model: Model, previous: Evaluation | None, latest: Evaluation) -> list[dict[str, Any]]:
    """Positions on the matrix: the previous assessment, the latest, and the target ([] without axes)."""
    if not model.axes:
        return []
    language = model.info.language
    shown = [
        ("previous", previous.result.axes, _when(language, previous)) if previous else None,
        ("now", latest.result.axes, _when(language, latest)),
        ("target", score_credits(model, _reached(model, latest)).axes, say(language, "Target")),
    ]
    threshold = model.scoring.axis_threshold
    return [
        {
            "kind": kind,
            "label": label,
            "x": round(chart_position(axes[model.axes[0].id], threshold), 2),
            "y": round(chart_position(axes[model.axes[1].id], threshold), 2),
        }
        for kind, axes, label in filter(None, shown)
    ]


def _when(language: str, evaluation: Evaluation) -> str:
    assessed = evaluation.assessment.assessed
    return assessed.isoformat() if assessed else say(language, "Now")


def _comparison(model: Model, previous: Evaluation | None, latest: Evaluation, names) -> dict[str, Any] | None:
    """The "Over time" chart: each pillar's score at the previous assessment and now, and with the
    target met; None with one assessment (the overview already sets it against the target)."""
    if previous is None:
        return None
    language = model.info.language
    target = score_credits(model, _reached(model, latest)).pillars
    return {
        "series": [_when(language, previous), _when(language, latest)],
        "target": say(language, "Target"),
        "rows": [
            {
                "name": names["pillars"][p.id],
                "values": [previous.result.pillars[p.id], latest.result.pillars[p.id]],
                "target": target[p.id],
            }
            for p in model.pillars
        ],
    }


def _overview(model: Model, previous: Evaluation | None, latest: Evaluation) -> dict[str, Any]:
    """The overview chart of every pillar: now, the previous assessment (if any), the target (if set)."""
    language = model.info.language
    pillars = [p.id for p in model.pillars]
    series = [{"kind": "now", "label": _when(language, latest), "values": [latest.result.pillars[p] for p in pillars]}]
    if previous:
        label = previous.assessment.assessed.isoformat() if previous.assessment.assessed else say(language, "Previous")
        series.append({"kind": "previous", "label": label, "values": [previous.result.pillars[p] for p in pillars]})
    if latest.aimed:
        target = score_credits(model, _reached(model, latest)).pillars
        series.append({"kind": "target", "label": say(language, "Target"), "values": [target[p] for p in pillars]})
    return overview_chart([p.name for p in model.pillars], series)


def _disagreement(model: Model, evaluation: Evaluation) -> list[dict[str, Any]]:
    """The items respondents disagree on most, with each one's answer and note side by side."""
    items = {item.id: item for item in model.items}
    rows = []
    for row in evaluation.disagreement[:DISAGREEMENTS_SHOWN]:
        item = items[row["item"]]
        labels = {o.value: o.label for o in model.scale_of(item)}
        rows.append(
            {
                "id": item.id,
                "text": item.text,
                "answers": [
                    {"respondent": r.name, "answer": labels[r.answers[item.id]], "note": r.responses[item.id].note}
                    for r in evaluation.assessment.respondents
                    if item.id in r.answers
                ],
            }
        )
    return rows


def _appendix(model: Model, evaluation: Evaluation) -> dict[str, Any]:
    """Every answered item as one table row: each respondent's answer label (one column each), then
    the merged answer. Notes and evidence stay in the answers files: the appendix is for looking up."""
    respondents = evaluation.assessment.respondents
    rows = []
    for item in model.items:
        if not any(item.id in r.answers for r in respondents):
            continue
        labels = {o.value: o.label for o in model.scale_of(item)}
        rows.append(
            {
                "id": item.id,
                "text": item.text,
                "answers": [labels[r.answers[item.id]] if item.id in r.answers else "-" for r in respondents],
                "merged": answer_text(model, item, evaluation),
            }
        )
    return {"respondents": [r.name or say(model.info.language, "Answer") for r in respondents], "rows": rows}


def _benchmark(model: Model, benchmark: dict, result) -> dict[str, Any]:
    """Each pillar's score beside the other clients' quartile bands (`clients.benchmark`), or how many
    other clients it needs first."""
    bands = benchmark["pillars"]
    rows = [{"name": p.name, "score": result.pillars[p.id], **bands[p.id]} for p in model.pillars] if bands else []
    return {"count": benchmark["peers"], "needed": benchmark["needed"], "rows": rows}


def _progress(model: Model, before: Evaluation, after: Evaluation, names) -> dict[str, Any]:
    """Score changes per axis, pillar and stage, and the items that moved up or slipped."""
    earlier, latest = before.result, after.result
    changes = []
    for group in ("axes", "pillars", "stages", "maturity"):
        for key, now in getattr(latest, group).items():
            then = getattr(earlier, group)[key]
            changes.append({"name": names[group][key], "before": then, "after": now, "delta": round(now - then, 1)})
    moved: list[dict[str, Any]] = []
    slipped: list[dict[str, Any]] = []
    for item in model.items:
        old_credit, new_credit = before.credits.get(item.id), after.credits.get(item.id)
        if old_credit is None or new_credit is None or old_credit == new_credit:
            continue
        row = {
            "id": item.id,
            "text": item.text,
            "before": answer_text(model, item, before),
            "after": answer_text(model, item, after),
        }
        (moved if new_credit > old_credit else slipped).append(row)
    assessed = before.assessment.assessed
    return {
        "before": assessed.isoformat() if assessed else say(model.info.language, "the previous assessment"),
        "stage_before": names["stages"][earlier.stage],
        "maturity_before": earlier.maturity_overall,
        "quadrant_before": names["quadrants"][earlier.quadrant] if earlier.quadrant else None,
        "changes": changes,
        "moved": moved,
        "slipped": slipped,
    }
