"""The printable checklist (generator/pages/printing.py): every item with its answer boxes, the
organisation escaped (or a line to write it on), and the labels of the model."""

from __future__ import annotations

import html
import re

import pytest
import yaml

from generator.model.loading import load_model
from generator.pages.printing import PRINT_CHECKLIST_HTML, PRINT_CHECKLIST_PAGE, print_checklist_page
from generator.pages.rendering import make_environment, render_pages
from generator.pages.views import site_pages
from generator.paths import TEMPLATES
from tests.helpers.browser import chromium
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, FIXTURES
from tests.helpers.htmlcheck import read_page
from tests.helpers.pdf import page_count, words

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


def test_answer_descriptions_show_beside_each_option_and_compactly_in_print():
    model = load_model(FIXTURES / "samm")
    env = make_environment((TEMPLATES,))
    pages = {page.path: page for page in site_pages(model)}
    rendered = render_pages([pages["checklist.md"], pages[PRINT_CHECKLIST_PAGE]], env)
    frequency = model.scoring.scales["frequency"]
    item = next(i for i in model.items if i.scale == "frequency")
    checklist = html.unescape(rendered["checklist.md"])  # the templates escape every character of text
    for number, option in enumerate(frequency, 1):
        anchor = f"pb-{item.id}-{number}"
        assert f'aria-describedby="{anchor}"' in checklist
        assert f'<span class="pb-option-description" id="{anchor}">{option.description}</span>' in checklist
    coverage_item = next(i for i in model.items if i.scale == "coverage")
    assert f'name="pb-{coverage_item.id}" value="0" data-pb-item="{coverage_item.id}" autocomplete="off">' in checklist
    # Guidance and criteria wait behind one disclosure per item that has them.
    assert checklist.count('<details class="pb-what-counts">') == sum(
        bool(i.guidance or i.criteria) for i in model.items
    )
    printed = html.unescape(rendered[PRINT_CHECKLIST_PAGE])
    frequency_items = sum(i.scale == "frequency" for i in model.items)
    assert printed.count('<dl class="pb-print-meanings">') == frequency_items
    assert printed.count(f"<dt>{frequency[1].label}</dt><dd>{frequency[1].description}</dd>") == frequency_items


def test_a_shared_scale_is_explained_once_at_the_top_of_the_print_and_the_checklist(fixture_copy):
    folder = fixture_copy("cmmi5")
    model = load_model(folder)
    assert model.shared_answers
    text = (folder / "model.yaml").read_text(encoding="utf-8")
    described = yaml.safe_load(text)
    options = [dict(o) for o in model.shared_answers]
    for option in options:
        option["description"] = f"What earns {option['label']}."
    described.setdefault("scoring", {})["answers"] = options
    (folder / "model.yaml").write_text(yaml.safe_dump(described, allow_unicode=True), encoding="utf-8")
    described_model = load_model(folder)
    page = print_checklist_page(described_model)
    printed = html.unescape(render_pages([page], make_environment((TEMPLATES,)))[page.path])
    assert printed.count('<dl class="pb-print-meanings">') == 1
    for option in options:
        assert f"<dt>{option['label']}</dt><dd>What earns {option['label']}.</dd>" in printed
    # On screen too, once above the questions, and each option is described by its meaning.
    (checklist,) = [p for p in site_pages(described_model) if p.path == "checklist.md"]
    shown = html.unescape(render_pages([checklist], make_environment((TEMPLATES,)))["checklist.md"])
    assert shown.count('<details class="pb-meanings">') == 1 and "pb-option-description" not in shown
    for number, option in enumerate(options, 1):
        assert f'<dd id="pb-meaning-{number}">What earns {option["label"]}.</dd>' in shown
        assert shown.count(f'aria-describedby="pb-meaning-{number}"') == len(described_model.items)


@pytest.mark.browser
def test_sentence_long_answers_go_under_the_question_and_print_compactly(tmp_path):
    """90 questions with four sentence-long answers each: the question keeps at least half the
    width on paper, and the PDF stays short (it printed 237 pages with the answers beside it)."""
    out = tmp_path / "site"
    assert run("build", "--content", str(FIXTURES / "long-labels"), "--out", str(out), "--pdf", "a4").exit_code == 0
    assert page_count(out / "checklist.pdf") < 30
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((out / PRINT_CHECKLIST_HTML).as_uri())
        page.emulate_media(media="print")
        widths = page.evaluate(
            """() => [...document.querySelectorAll('.pb-print-item')].map(item =>
                [item.querySelector('.pb-print-text').getBoundingClientRect().width, item.getBoundingClientRect().width])"""
        )
    assert len(widths) == 90 and all(text >= whole / 2 for text, whole in widths), widths[:3]


def test_printable_page_puts_a_pillars_items_under_its_streams_headings():
    samm = load_model(FIXTURES / "samm")
    page = print_checklist_page(samm)
    markdown = render_pages([page], make_environment((TEMPLATES,)))[page.path]
    parts = re.findall(r'class="pb-print-stream">([^<]+)</h3>|<code class="pb-print-id">([^<]+)</code>', markdown)
    stream_names = {s.id: s.name for p in samm.pillars for s in p.streams}
    heading, found = "", []
    for name, item in parts:
        heading = name or heading
        if item:
            found.append((heading, html.unescape(item)))
    in_order = [i for p in samm.pillars for s in p.streams for i in samm.items if i.stream == s.id]
    assert found == [(stream_names[i.stream], i.id) for i in in_order]
    numbers = [row["number"] for group in page.context["groups"] for row in group["rows"]]
    assert numbers == list(range(1, len(samm.items) + 1))
