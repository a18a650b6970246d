"""The built site opened in a real browser from file://, as a reader gets it offline."""

from __future__ import annotations

import pytest

from generator.model.loading import load_model
from tests.helpers.browser import watch_page
from tests.helpers.data import CONTENT

pytestmark = pytest.mark.browser

MODEL = load_model(CONTENT)

PAGES = (
    ["index.html", "checklist.html", "about.html"]
    + [f"{section}/index.html" for section in ("stages", "quadrants", "pillars", "practices")]
    + [f"stages/{e.id}.html" for e in MODEL.stages]
    + [f"quadrants/{e.id}.html" for e in MODEL.quadrants]
    + [f"pillars/{e.id}.html" for e in MODEL.pillars]
    + [f"practices/{e.id}.html" for e in MODEL.practices]
)


@pytest.mark.slow
def test_every_page_opens_without_errors(default_site, browser):
    page = browser.new_page()
    problems = watch_page(page)
    for path in PAGES:
        page.goto((default_site / path).as_uri())
        assert page.locator("article h1").first.inner_text().strip(), path
    assert problems == []
    page.close()


def test_matrix_cell_leads_to_its_quadrant_page(default_site, browser):
    page = browser.new_page()
    page.goto((default_site / "quadrants" / "index.html").as_uri())
    page.locator(".pb-matrix a", has_text="Contenders").first.click()
    page.wait_for_url("**/quadrants/contenders.html")
    assert page.locator("article h1").inner_text().strip(" \u00b6\n") == "Contenders"
    page.close()


def test_search_works_offline(default_site, browser):
    page = browser.new_page()
    page.goto((default_site / "index.html").as_uri())
    page.wait_for_load_state("load")
    page.keyboard.press("/")
    page.keyboard.type("horseshoe")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert "horseshoe gap" in page.locator(".md-search-result").inner_text().lower()
    page.close()
