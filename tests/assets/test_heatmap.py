"""The heatmap of completion per pillar and stage on the checklist's results panel (checklist.js),
in headless Chromium: its cells say what `playbook score --json` says, shaded by their share, in a
named table that scrolls inside its box on a phone."""

from __future__ import annotations

import json

import pytest

from generator.formatting import format_percent
from tests.helpers.browser import answer, open_checklist
from tests.helpers.cli import run
from tests.helpers.data import FIXTURES
from tests.helpers.files import answers_file

pytestmark = pytest.mark.browser

CELLS = """() => Object.fromEntries([...document.querySelectorAll('[data-pb-completion]')]
    .map(cell => [cell.dataset.pbCompletion, cell.textContent]))"""


def test_the_heatmaps_cells_show_the_completion_of_score_json(browser, samm_client_site, tmp_path):
    site, _, model = samm_client_site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = open_checklist(context, site)
        answers = {
            item.id: model.scale_of(item)[n % len(model.scale_of(item))].value for n, item in enumerate(model.items[:7])
        }
        for item_id, value in answers.items():
            answer(page, item_id, value)
        path = answers_file(tmp_path / "answers.yaml", {k: f'"{v}"' for k, v in answers.items()})
        scored = json.loads(run("score", str(path), "--json", "--content", str(FIXTURES / "samm")).stdout)
        expected = {
            f"{pillar}:{stage}": "–" if share is None else format_percent("en", share * 100)
            for pillar, shares in scored["completion"].items()
            for stage, share in shares.items()
        }
        assert page.evaluate(CELLS) == expected
        assert len(set(expected.values())) > 2  # the answers moved some cells, not others

        page.locator("[data-pb-details] > summary").click()
        heatmap = page.get_by_role("region", name="Completion per security practice and maturity level")
        heatmap.scroll_into_view_if_needed()
        assert heatmap.is_visible() and heatmap.locator("caption").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself never scrolls sideways
        box = heatmap.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        full, empty = (
            page.locator(f"[data-pb-completion='{key}']").evaluate("cell => getComputedStyle(cell).backgroundColor")
            for key in (
                max(expected, key=lambda k: scored_share(scored, k)),
                min(expected, key=lambda k: scored_share(scored, k)),
            )
        )
        assert full != empty  # shaded by the share
        assert page.problems == []
    finally:
        context.close()


def scored_share(scored: dict, key: str) -> float:
    pillar, stage = key.split(":")
    return scored["completion"][pillar][stage] or 0.0
