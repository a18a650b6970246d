"""The printable checklist (generator/pages/printing.py): every item with its answer boxes, the
organisation escaped (or a line to write it on), and the labels of the model."""

from __future__ import annotations

import re

import pytest

from generator.model.loading import load_model
from generator.pages.printing import PRINT_CHECKLIST_HTML, print_checklist_page
from generator.pages.rendering import make_environment, render_pages
from generator.paths import TEMPLATES
from tests.helpers.browser import chromium
from tests.helpers.data import CONTENT
from tests.helpers.htmlcheck import read_page
from tests.helpers.pdf import words

MODEL = load_model(CONTENT)

LABELS = [answer.label for answer in MODEL.scoring.answers]


def test_printable_page_has_every_item_and_the_answer_boxes(default_site):
    page = read_page(default_site / PRINT_CHECKLIST_HTML)
    text = words(" ".join(page.text))
    assert page.h1.strip() == "Printable checklist"
    for item in MODEL.items:
        assert item.id in text and words(item.text) in text
    for stage in MODEL.stages:
        assert stage.name in text
    html = (default_site / PRINT_CHECKLIST_HTML).read_text()
    assert html.count('class="pb-print-box"') == len(MODEL.items) * len(LABELS)
    for label in LABELS:
        assert html.count(f"</span> {label}</span>") >= len(MODEL.items)
    assert f"{MODEL.info.name} · version {MODEL.info.version}" in text
    # The interactive checklist links to it.
    assert ("a", PRINT_CHECKLIST_HTML, {"class": "md-button", "href": PRINT_CHECKLIST_HTML}) in read_page(
        default_site / "checklist.html"
    ).links


def test_printable_page_escapes_the_organisation_and_takes_labels_from_the_model():
    page = print_checklist_page(MODEL, organisation='Acme & <Sons> "Ltd" [x](javascript:1)')
    markdown = render_pages([page], make_environment((TEMPLATES,)))[page.path]
    assert "<Sons>" not in markdown and "[x](" not in markdown and '"Ltd"' not in markdown
    assert "Acme &#38; &#60;Sons&#62;" in markdown
    assert page.context["answers"] == LABELS
    assert [row["id"] for group in page.context["groups"] for row in group["rows"]] == [
        item.id for stage in MODEL.stages for item in MODEL.items if item.stage == stage.id
    ]


@pytest.mark.browser
def test_generic_printable_checklist_leaves_the_organisation_blank(default_site):
    source = (default_site / "print/checklist.html").read_text()
    organisation = re.search(r'<p class="pb-print-org">(.*?)</p>', source).group(1)
    assert "<strong>" not in organisation and 'data-pb-print-organisation=""' in source
    with chromium() as browser:
        page = browser.new_page()
        page.goto((default_site / "print/checklist.html").as_uri())
        page.emulate_media(media="print")
        assert page.locator(".pb-print-org .pb-print-line").bounding_box()["width"] > 200  # a line to write on
