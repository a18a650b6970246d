"""The checklist's filters (templates/assets/filters.js) in headless Chromium, on the cmmi5
fixture (checklist.filters: difficulty, tags): a chosen value hides the items without it, every
active filter must match, the count says what shows, and the results stay as they were."""

from __future__ import annotations

import shutil

import pytest

from generator.build.pipeline import build_playbook
from tests.helpers.browser import answer, open_checklist, settled
from tests.helpers.fixture_models import CMMI5, SAMM

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cmmi5_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmmi5") / "site"
    build_playbook(CMMI5, out)
    return out


def results(page) -> str:
    """The results panel's text and the progress line, with every detail open."""
    settled(page)
    return page.evaluate(
        """() => { document.querySelectorAll('.pb-results details').forEach(d => { d.open = true; });
        return document.querySelector('[data-pb-progress]').textContent + document.querySelector('.pb-results').innerText; }"""
    )


def visible_items(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('[data-pb-fieldset]')].filter(f => f.offsetParent).map(f => f.dataset.pbFieldset)"
    )


def test_choosing_filter_values_hides_the_other_items_and_leaves_the_results_alone(browser, cmmi5_site):
    context = browser.new_context()
    page = open_checklist(context, cmmi5_site)
    answers = {
        "plans-written": "yes",
        "progress-tracked": "yes",
        "changes-reviewed": "partial",
        "effort-recorded": "yes",
    }
    answers |= {"standard-used": "no", "review-checklist": "yes", "measures-defined": "yes", "causes-removed": "no"}
    for item, value in answers.items():
        answer(page, item, value)
    before = results(page)
    assert "8 of 13 answered" in before and "Maturity score" in before and "Managed" in before
    count = page.locator("[data-pb-filter-count]")
    assert count.text_content() == "Showing 13 of 13 statements" and len(visible_items(page)) == 13

    page.get_by_label("Tags").select_option("reviews")
    assert visible_items(page) == ["changes-reviewed", "causes-removed"]
    assert count.text_content() == "Showing 2 of 13 statements"
    page.get_by_label("Difficulty").select_option("3")  # both filters must match
    assert visible_items(page) == ["causes-removed"]
    assert count.text_content() == "Showing 1 of 13 statements"
    # A section with nothing left to show hides with its items.
    assert page.locator("[data-pb-section]:visible").count() == 1
    assert results(page) == before  # hidden answers still count: filtering only hides

    page.get_by_label("Tags").select_option("")  # "All"
    assert visible_items(page) == ["standard-used", "causes-removed"]
    assert count.text_content() == "Showing 2 of 13 statements"
    assert page.problems == []
    context.close()


def focused_item(page) -> str:
    return page.evaluate("document.activeElement.closest('[data-pb-fieldset]').dataset.pbFieldset")


def test_next_passes_the_items_a_filter_hides(browser, cmmi5_site):
    context = browser.new_context()
    page = open_checklist(context, cmmi5_site)
    page.get_by_label("Tags").select_option("reviews")
    assert visible_items(page) == ["changes-reviewed", "causes-removed"]
    next_open = page.locator("[data-pb-next-open]")
    next_open.click()
    assert focused_item(page) == "changes-reviewed"  # not plans-written, the first item, now hidden
    answer(page, "changes-reviewed", "yes")
    next_open.click()
    assert focused_item(page) == "causes-removed"
    assert page.problems == []
    context.close()


def test_a_streams_heading_hides_with_its_items(browser, tmp_path):
    """On a model with streams, a stream whose items a filter hides loses its heading too."""
    model = tmp_path / "samm"
    shutil.copytree(SAMM, model)
    checklist = model / "checklist.yaml"
    text = checklist.read_text(encoding="utf-8").replace("items:\n", "filters: [tier]\nitems:\n", 1)
    for item in ("threats-a1", "threats-a2"):
        text = text.replace(f"  - id: {item}\n", f"  - id: {item}\n    meta: {{tier: gold}}\n")
    checklist.write_text(text, encoding="utf-8")
    build_playbook(model, tmp_path / "site")
    context = browser.new_context()
    page = open_checklist(context, tmp_path / "site")
    headings = "[...document.querySelectorAll('.pb-stream')].filter(h => h.offsetParent).map(h => h.textContent)"
    assert len(page.evaluate(headings)) == 8
    page.get_by_label("Tier").select_option("gold")
    assert visible_items(page) == ["threats-a1", "threats-a2"]
    assert page.evaluate(headings) == ["Application risk profile"]
    page.get_by_label("Tier").select_option("")
    assert len(page.evaluate(headings)) == 8
    assert page.problems == []
    context.close()
