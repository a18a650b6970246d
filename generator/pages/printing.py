"""The printable checklist: every item with empty boxes for its own answers, ready for paper.

The page is an ordinary site page (plain template data, every value escaped on output); print
styles live in templates/assets/print.css, and `generator.pdf` turns the built page into a PDF.
"""

from __future__ import annotations

from typing import Any

from ..model.model import Model, labels, stream_parts
from ..urls import CHECKLIST_PAGE, REPORT_PAGE, Page, link
from ..wording import meta_view, say

PRINT_CHECKLIST_PAGE = "print/checklist.md"
# Answer labels longer than this (or together longer than twice it) go under the question, in
# columns, instead of beside it: sentence-long options would squeeze the question to a sliver.
BESIDE_LIMIT = 24
PRINT_CHECKLIST_HTML = "print/checklist.html"
REPORT_PDF = "report.pdf"
PDFS = {"checklist.pdf": "Checklist (PDF)", REPORT_PDF: "Report (PDF)"}  # {file: its button's label}


def add_downloads(pages: list[Page], language: str, pdfs: tuple[str, ...], *, private: bool) -> None:
    """Give the checklist, printable checklist and report pages a button for each of `pdfs`; a private
    client's report PDF gets one on its locked report page only, so that its public pages do not say
    that a report exists."""
    for page in pages:
        if page.path in (CHECKLIST_PAGE, PRINT_CHECKLIST_PAGE, REPORT_PAGE):
            page.context["downloads"] = [
                {"label": say(language, PDFS[name]), "link": link(page.path, name)}
                for name in pdfs
                if not (private and name == REPORT_PDF and page.path != REPORT_PAGE)
            ]


def print_checklist_page(model: Model, organisation: str | None = None) -> Page:
    """The printable checklist of `model`, grouped as the checklist page is; `organisation` heads
    every page (left blank to fill in when None)."""
    path = PRINT_CHECKLIST_PAGE
    info = model.info
    kind = model.group_by
    by_kind: dict[str, list[Any]] = {"stage": model.stages, "pillar": model.pillars, "practice": model.practices}
    entities = by_kind[kind]
    items_by: dict[str | None, list[Any]] = {entity.id: [] for entity in entities}
    for item in model.items:
        items_by.setdefault(getattr(item, kind), []).append(item)
    headings = [(entity.id, entity.name, number) for number, entity in enumerate(entities, 1)]
    headings += [(None, say(info.language, "Other"), 0)] if items_by.get(None) else []
    pillars = {pillar.id: pillar for pillar in model.pillars} if kind == "pillar" else {}
    groups, number = [], 0
    for group_id, name, group_number in headings:
        items = items_by[group_id]
        parts: list[dict[str, Any]] = []  # a pillar's items under its streams, as on the checklist page
        for stream, part in stream_parts(pillars[group_id], items) if group_id in pillars else [(None, items)]:
            rows = []
            for item in part:
                number += 1
                rows.append(_row(model, item, number))
            parts.append({"stream": {"id": stream.id, "name": stream.name} if stream else None, "rows": rows})
        if items:
            rows = [row for part in parts for row in part["rows"]]
            groups.append(
                {"id": group_id or "other", "name": name, "number": group_number, "rows": rows, "parts": parts}
            )
    context: dict[str, Any] = {
        "page": path,
        "title": say(info.language, "Printable checklist"),
        "language": info.language,
        "labels": labels(model),
        "group_by": kind,
        "model": {"id": info.id, "name": info.name, "version": info.version, "summary": info.summary},
        "organisation_name": organisation,
        "answers": [answer.label for answer in model.shared_answers or ()] or None,
        "meanings": _meanings(model.shared_answers or ()),
        "groups": groups,
        "item_count": len(model.items),
        "checklist_link": link(path, CHECKLIST_PAGE),
        "downloads": [],  # PDFs of this site, when it is built with them (see views.site_pages)
    }
    return Page(path, "pages/print_checklist.md.j2", context)


def _row(model: Model, item, number: int) -> dict[str, Any]:
    """One item of the printable checklist, numbered."""
    return {
        "number": number,
        "id": item.id,
        "text": item.text,
        "guidance": item.guidance,
        "criteria": item.criteria,
        "answers": [a.label for a in model.scale_of(item)],
        "stacked": _stacked([a.label for a in model.scale_of(item)]),
        "meanings": [] if model.shared_answers else _meanings(model.scale_of(item)),
        "meta": meta_view(model.info.language, item.meta),
    }


def _stacked(labels: list[str]) -> bool:
    """Whether an item's answer boxes go under its question (long labels) rather than beside it."""
    return max(map(len, labels)) > BESIDE_LIMIT or sum(map(len, labels)) > 2 * BESIDE_LIMIT


def _meanings(options) -> list[dict[str, str]]:
    """The options of a scale that say what earns them: {label, description}."""
    return [{"label": o.label, "description": o.description} for o in options if o.description]
