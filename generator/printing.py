"""The printable checklist: every item with empty answer boxes, grouped by stage, ready for paper.

The page is an ordinary site page (plain template data, every value escaped on output); print
styles live in templates/assets/print.css, and `generator.pdf` turns the built page into a PDF.
"""

from __future__ import annotations

from typing import Any

from .model import Model
from .urls import CHECKLIST_PAGE, Page, link

PRINT_CHECKLIST_PAGE = "print/checklist.md"
PRINT_CHECKLIST_HTML = "print/checklist.html"


def print_checklist_page(model: Model, organisation: str | None = None) -> Page:
    """The printable checklist of `model`; `organisation` (default: the model's name) heads every page."""
    path = PRINT_CHECKLIST_PAGE
    info = model.info
    items_by_stage: dict[str, list[Any]] = {stage.id: [] for stage in model.stages}
    for item in model.items:
        items_by_stage[item.stage].append(item)
    groups, number = [], 0
    for stage_number, stage in enumerate(model.stages, 1):
        items = []
        for item in items_by_stage[stage.id]:
            number += 1
            items.append({"number": number, "id": item.id, "text": item.text})
        if items:
            groups.append({"stage": {"id": stage.id, "name": stage.name, "number": stage_number}, "rows": items})
    context: dict[str, Any] = {
        "page": path,
        "title": "Printable checklist",
        "model": {"id": info.id, "name": info.name, "version": info.version, "summary": info.summary},
        "organisation_name": organisation or info.name,
        "answers": [answer.label for answer in model.scoring.answers],
        "groups": groups,
        "item_count": len(model.items),
        "checklist_link": link(path, CHECKLIST_PAGE),
        "downloads": [],  # PDFs of this site, when it is built with them (see views.site_pages)
    }
    return Page(path, "pages/print_checklist.md.j2", context)
