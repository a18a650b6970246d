"""Page views: for each page of a site, its output path, template and plain template data.

Templates only ever see dicts, lists, strings and numbers built here, never model objects or
paths. Every link is computed relative to the page that shows it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..assessment.evaluation import evaluate
from ..assessment.roadmap import roadmap_page
from ..assessment.scoring import scoring_data
from ..clients.private_pages import EXTRA_PAGES, locked_pages
from ..clients.profiles import Client
from ..model.model import Model, kinds, labels
from ..urls import (
    CHECKLIST_PAGE,
    REPORT_PAGE,
    ROADMAP_PAGE,
    SECTION,
    Page,
    check_unique_paths,
    html_link,
    link,
    page_path,
    site_root,
)
from ..wording import meta_view, phrase, say
from .checklist_start import PAGE_MESSAGES, checklist_filters, client_data, filter_values, in_streams
from .printing import add_downloads, print_checklist_page
from .report import Publisher, not_assessed_page, report_page
from .results import results_view, rules_view


def site_pages(
    model: Model,
    client: Client | None = None,
    pdfs: tuple[str, ...] = (),
    *,
    appendix: bool = False,
    publisher: Publisher | None = None,
) -> list[Page]:
    """Every page of a playbook site for `model` (tailored to `client`, if given), in navigation order.

    `pdfs` names the PDFs that will sit at the site's root (`printing.add_downloads` links them).
    `appendix` and `publisher` go to the report page (`report.report_page`).
    """
    views = _Views(model, client)
    pages = [views.home(), views.checklist()]
    if client and client.assessments:
        latest = evaluate(model, client.assessments[-1], client.target)  # once, for both pages
        report_common = views.common(REPORT_PAGE, views.say("Your assessment"))
        roadmap_common = views.common(ROADMAP_PAGE, views.say("Roadmap"))
        if not latest.result.ready:  # no verdict yet: no stage, position, score or next step anywhere
            pages += [not_assessed_page(model, client, latest, c) for c in (report_common, roadmap_common)]
        else:
            report = report_page(model, client, latest, report_common, appendix=appendix, publisher=publisher)
            quadrant = report.context["quadrant"]  # highlighted on the matrix
            report.context["matrix"] = quadrant and views.matrix(REPORT_PAGE, highlight=quadrant["id"])
            roadmap = roadmap_page(model, latest, roadmap_common, client.milestones)
            report.context["roadmap"] = roadmap.context  # printed in the report, after the commentary
            pages += [report, roadmap]
    if client and client.profile.tailoring.pages:  # the client's own pages, near the top of the navigation
        extras = [views.extra_page(extra) for extra in client.profile.tailoring.pages]
        pages.append(views.extras_index(client, extras))
        pages.extend(extras)
    for kind in kinds(model):
        pages.append(views.section(kind))
        pages.extend(views.entity(kind, entity) for entity in views.entities[kind])
    pages.append(print_checklist_page(model, client.profile.name if client else None))
    pages.append(views.about())
    add_downloads(pages, model.info.language, pdfs, private=client is not None and client.profile.private)
    check_unique_paths(pages)
    return pages


class _Views:
    """Builds the template data of each page from one model."""

    def __init__(self, model: Model, client: Client | None):
        self.model = model
        self.client = client
        self.locked = locked_pages(client.profile) if client else set()
        self.notes: defaultdict[tuple[str, str | None], list[str]] = defaultdict(list)
        for note in client.profile.tailoring.notes if client else ():
            self.notes["practice" if note.practice else "stage", note.practice or note.stage].append(note.text)
        self.entities: dict[str, list[Any]] = {
            "quadrant": model.quadrants,
            "stage": model.stages,
            "pillar": model.pillars,
            "practice": model.practices,
        }
        self.by_id = {kind: {e.id: e for e in entities} for kind, entities in self.entities.items()}
        self.labels = labels(model)
        self.stream_names = {s.id: s.name for pillar in model.pillars for s in pillar.streams}
        self.items_by: dict[str, defaultdict[str, list[Any]]] = {
            key: defaultdict(list) for key in ("stage", "pillar", "practice", "axis")
        }
        for item in model.items:
            for key, index in self.items_by.items():
                value = getattr(item, key)
                if value:
                    index[value].append(item)
        self.steps_by_practice = defaultdict(list)
        for stage in model.stages:
            for step in stage.steps:
                for practice in step.practices:
                    self.steps_by_practice[practice].append((stage, step))

    # --- shared pieces -----------------------------------------------------------------------

    def say(self, text: str, **values: object) -> str:
        """The site's own words in the site's language."""
        return say(self.model.info.language, text, **values)

    def common(self, path: str, title: str) -> dict[str, Any]:
        info = self.model.info
        organisation = None
        if self.client:  # a private client's contact only on its locked pages
            profile = self.client.profile
            contact = profile.contact if not profile.private or path in self.locked else None
            organisation = {"name": profile.name, "contact": contact.model_dump() if contact else None}
        return {
            "page": path,
            "title": title,
            "organisation": organisation,
            "labels": self.labels,
            "language": info.language,
            "has_matrix": bool(self.model.quadrants),
            "model": {"id": info.id, "name": info.name, "version": info.version, "summary": info.summary},
        }

    def ref(self, page: str, kind: str, entity_id: str) -> dict[str, Any]:
        """Name, summary and link of an entity, seen from `page`."""
        entity = self.by_id[kind][entity_id]
        target = page_path(kind, entity_id)
        return {
            "id": entity.id,
            "name": entity.name,
            "summary": entity.summary,
            "link": link(page, target),
            "html_link": html_link(page, target),
        }

    def refs(self, page: str, kind: str, ids=None) -> list[dict[str, Any]]:
        ids = [e.id for e in self.entities[kind]] if ids is None else ids
        return [self.ref(page, kind, entity_id) for entity_id in ids]

    def item_rows(self, page: str, items) -> list[dict[str, Any]]:
        """The checklist's rows. What an answer means shows under it where the item has a scale of
        its own; one scale shared by every item is explained once (`meanings`), not on each item."""
        axes = {axis.id: axis.name for axis in self.model.axes}
        shared = self.model.shared_answers is not None
        return [
            {
                "id": item.id,
                "text": item.text,
                "weight": item.weight,
                "axis": axes.get(item.axis),
                "pillar": self.ref(page, "pillar", item.pillar),
                "stream": self.stream_names.get(item.stream or ""),
                "stage": self.ref(page, "stage", item.stage),
                "practice": self.ref(page, "practice", item.practice) if item.practice else None,
                "answers": [
                    {
                        "value": a.value,
                        "label": a.label,
                        "description": None if shared else a.description,
                        "meaning": number if shared and a.description else None,
                    }
                    for number, a in enumerate(self.model.scale_of(item), 1)
                ],
                "described": not shared and any(a.description for a in self.model.scale_of(item)),
                "guidance": item.guidance,
                "criteria": item.criteria,
                "meta": meta_view(self.model.info.language, item.meta),
            }
            for item in items
        ]

    def matrix(self, page: str, highlight: str | None = None) -> dict[str, Any] | None:
        """The 2x2 matrix: first axis across, second upwards, with a link in each cell (None without axes)."""
        if not self.model.axes:
            return None
        across, upwards = self.model.axes
        cells = []
        for quadrant in self.model.quadrants:
            cell = self.ref(page, "quadrant", quadrant.id)
            cell["column"] = 0 if quadrant.position[across.id] == "low" else 1
            cell["row"] = 0 if quadrant.position[upwards.id] == "high" else 1
            cell["highlight"] = quadrant.id == highlight
            cells.append(cell)
        axis = lambda a: {"id": a.id, "name": a.name, "low": a.low, "high": a.high}  # noqa: E731
        return {"across": axis(across), "upwards": axis(upwards), "cells": cells}

    # --- pages -------------------------------------------------------------------------------

    def home(self) -> Page:
        path = "index.md"
        context = self.common(path, self.model.info.name)
        context.update(
            {
                "description": self.model.info.description,
                "matrix": self.matrix(path),
                "axes": [{"id": a.id, "name": a.name, "measures": a.measures} for a in self.model.axes],
                "elements": [{"name": e.name, "summary": e.summary} for e in self.model.elements],
                "groups": self.groups(path),
                "item_count": len(self.model.items),
                "checklist_link": link(path, CHECKLIST_PAGE),
                "report_link": link(path, REPORT_PAGE) if self.client and self.client.assessments else None,
                "about_link": link(path, "about.md"),
            }
        )
        for kind in kinds(self.model):
            context[SECTION[kind]] = self.refs(path, kind)
            context[f"{SECTION[kind]}_link"] = link(path, page_path(kind))
        return Page(path, "pages/home.md.j2", context)

    def groups(self, page: str) -> list[dict[str, Any]]:
        """The pillar groups, each with its pillars."""
        return [
            {
                **g.model_dump(include={"id", "name", "summary", "description"}),
                "meta": meta_view(self.model.info.language, g.meta),
                "pillars": self.refs(page, "pillar", g.pillars),
            }
            for g in self.model.groups
        ]

    def section(self, kind: str) -> Page:
        path = page_path(kind)
        context = self.common(path, self.labels[kind]["plural"])
        context["entries"] = self.refs(path, kind)
        if kind == "quadrant":
            context["matrix"] = self.matrix(path)
            context["axes"] = [
                {
                    "id": a.id,
                    "name": a.name,
                    "measures": a.measures,
                    "signals": a.signals,
                    "low": a.low,
                    "high": a.high,
                    "checklist": self.item_rows(path, self.items_by["axis"][a.id]),  # what moves the axis
                }
                for a in self.model.axes
            ]
        if kind == "pillar":
            context["groups"] = self.groups(path)
            context["elements"] = [
                {"id": e.id, "name": e.name, "summary": e.summary, "aspects": e.aspects} for e in self.model.elements
            ]
        return Page(path, f"pages/{SECTION[kind]}.md.j2", context)

    def entity(self, kind: str, entity) -> Page:
        path = page_path(kind, entity.id)
        context = self.common(path, entity.name)
        context["section_link"] = link(path, page_path(kind))
        context.update(getattr(self, f"_{kind}")(path, entity))
        context["notes"] = self.notes[kind, entity.id]
        if kind == "pillar":
            context["nav_group"] = next((g.name for g in self.model.groups if entity.id in g.pillars), None)
        return Page(path, f"pages/{kind}.md.j2", context)

    def _quadrant(self, path: str, quadrant) -> dict[str, Any]:
        positions = [
            {"axis": axis.name, "level": axis.high if quadrant.position[axis.id] == "high" else axis.low}
            for axis in self.model.axes
        ]
        others = [self.ref(path, "quadrant", q.id) for q in self.model.quadrants if q.id != quadrant.id]
        return {
            "quadrant": quadrant.model_dump(include={"id", "name", "summary", "profile", "traits", "recommendation"}),
            "positions": positions,
            "matrix": self.matrix(path, highlight=quadrant.id),
            "others": others,
        }

    def _stage(self, path: str, stage) -> dict[str, Any]:
        order = [s.id for s in self.model.stages]
        index = order.index(stage.id)
        step_of = {st.id: (s, st) for s in self.model.stages for st in s.steps}

        def required(r: str) -> dict[str, str]:
            return {"text": step_of[r][1].text, "link": link(path, page_path("stage", step_of[r][0].id), f"step-{r}")}

        steps = [
            {
                "id": step.id,
                "text": step.text,
                "practices": self.refs(path, "practice", step.practices),
                "requires": [required(r) for r in step.requires],
            }
            for step in stage.steps
        ]
        return {
            "stage": stage.model_dump(include={"id", "name", "summary", "description", "signs"}),
            "number": index + 1,
            "count": len(order),
            "steps": steps,
            "previous": self.ref(path, "stage", order[index - 1]) if index else None,
            "next": self.ref(path, "stage", order[index + 1]) if index + 1 < len(order) else None,
            "practices": [self.ref(path, "practice", p.id) for p in self.model.practices if p.stage == stage.id],
            "items": self.item_rows(path, self.items_by["stage"][stage.id]),
        }

    def _pillar(self, path: str, pillar) -> dict[str, Any]:
        rows = self.item_rows(path, self.items_by["pillar"][pillar.id])
        return {
            "pillar": pillar.model_dump(include={"id", "name", "summary", "description", "focus", "challenges"}),
            "meta": meta_view(self.model.info.language, pillar.meta),
            "practices": [self.ref(path, "practice", p.id) for p in self.model.practices if pillar.id in p.pillars],
            "items": rows,
            "parts": in_streams(pillar, self.items_by["pillar"][pillar.id], rows),
        }

    def _practice(self, path: str, practice) -> dict[str, Any]:
        number = [p.id for p in self.model.practices].index(practice.id) + 1
        steps = [
            {"text": step.text, "stage": self.ref(path, "stage", stage.id)}
            for stage, step in self.steps_by_practice[practice.id]
        ]
        return {
            "practice": practice.model_dump(include={"id", "name", "summary", "why", "how", "references"}),
            "meta": meta_view(self.model.info.language, practice.meta),
            "requires": self.refs(path, "practice", practice.requires),
            "number": number,
            "count": len(self.model.practices),
            "pillars": self.refs(path, "pillar", practice.pillars),
            "stage": self.ref(path, "stage", practice.stage),
            "steps": steps,
            "items": self.item_rows(path, self.items_by["practice"][practice.id]),
        }

    def checklist(self) -> Page:
        path = CHECKLIST_PAGE
        model = self.model
        context = self.common(path, self.say("Checklist"))
        kind = context["group_by"] = model.group_by
        context["groups"] = [
            {"heading": self.ref(path, kind, entity.id), "rows": self.item_rows(path, self.items_by[kind][entity.id])}
            for entity in self.entities[kind]
            if self.items_by[kind][entity.id]
        ]
        if kind == "practice" and any(item.practice is None for item in model.items):
            context["groups"].append(
                {
                    "heading": {"id": "other", "name": self.say("Other"), "link": None},
                    "rows": self.item_rows(path, [i for i in model.items if i.practice is None]),
                }
            )
        for group in context["groups"]:  # grouped by pillar, each pillar's rows under its streams
            group["parts"] = (
                in_streams(
                    self.by_id["pillar"][group["heading"]["id"]],
                    self.items_by["pillar"][group["heading"]["id"]],
                    group["rows"],
                )
                if kind == "pillar"
                else [{"stream": None, "rows": group["rows"]}]
            )
        context["item_count"] = len(model.items)
        context["filters"], context["filter_values"] = checklist_filters(model), filter_values(model)
        context["answers"] = [option.label for option in model.shared_answers or ()] or None
        context["meanings"] = [
            {"number": number, "label": option.label, "description": option.description}
            for number, option in enumerate(model.shared_answers or (), 1)
            if option.description
        ]
        context["matrix"] = self.matrix(path)
        context["results"] = results_view(model)
        context["rules"] = rules_view(model)
        context["root"] = site_root(path)
        data = context["data"] = scoring_data(model)
        data["words"].update({key: phrase(model.info.language, text) for key, text in PAGE_MESSAGES.items()})
        context["client_data"], context["team"] = client_data(model, self.client)
        return Page(path, "pages/checklist.md.j2", context)

    def extra_page(self, extra) -> Page:
        path = f"{EXTRA_PAGES}/{extra.slug}.md"
        context = self.common(path, extra.title)
        context["text"] = extra.text
        return Page(path, "pages/extra.md.j2", context)

    def extras_index(self, client: Client, extras: list[Page]) -> Page:
        path = f"{EXTRA_PAGES}/index.md"
        context = self.common(path, self.say("For {name}", name=client.profile.name))
        context["entries"] = [{"title": page.context["title"], "link": link(path, page.path)} for page in extras]
        return Page(path, "pages/extras.md.j2", context)

    def about(self) -> Page:
        path = "about.md"
        info = self.model.info
        context = self.common(path, self.say("About this playbook"))
        context["sources"] = [source.model_dump() for source in info.sources]
        context["description"] = info.description
        context["about"] = info.about
        context["license"] = info.license.model_dump() if info.license else None
        return Page(path, "pages/about.md.j2", context)
