"""What the checklist's results panel leads with (checklist.js), in headless Chromium: the model's
headline on the progress bar, and the heatmap of completion per pillar and stage, whose cells say
what `playbook score --json` says, shaded by their share, in a named table that scrolls inside its
box on a phone."""

from __future__ import annotations

import json

import pytest

from generator.build.pipeline import build_playbook
from generator.formatting import format_number, format_percent
from generator.model.loading import load_model
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


def progress_and_summary(page) -> tuple[str, str]:
    """The progress bar's result and the "Scores in detail" line."""
    return page.evaluate(
        """() => [document.querySelector('[data-pb-progress-result]').textContent,
                  document.querySelector('.pb-summary').textContent]"""
    )


@pytest.mark.parametrize("fixture", ["samm", "long-labels"])
def test_the_progress_bar_and_details_lead_with_the_models_headline(browser, fixture, tmp_path):
    """A score-led model names its maturity score, a level-led one the range of its pillars'
    levels; neither names an overall stage (which for such models says little)."""
    model = load_model(FIXTURES / fixture)
    build_playbook(FIXTURES / fixture, tmp_path / "site")
    context = browser.new_context()
    try:
        page = open_checklist(context, tmp_path / "site")
        answers = {item.id: model.scale_of(item)[n % 2].value for n, item in enumerate(model.items)}
        for item_id, value in answers.items():
            answer(page, item_id, value)
        path = answers_file(tmp_path / "answers.yaml", {k: f'"{v}"' for k, v in answers.items()})
        scored = json.loads(run("score", str(path), "--json", "--content", str(FIXTURES / fixture)).stdout)
        names = {stage.id: stage.name for stage in model.stages}
        progress, summary = progress_and_summary(page)
        if model.scoring.headline == "score":
            shown = format_number("en", scored["maturity_overall"], 1)  # as the panel rounds it
            assert progress == f"Maturity score: {shown}"
            assert summary.startswith(f"Maturity score: {shown} / ")
            assert names[scored["stage"]] not in progress
        else:
            ranks = sorted({list(names).index(level) for level in scored["levels"].values()})
            low, high = list(names.values())[ranks[0]], list(names.values())[ranks[-1]]
            assert progress == (low if low == high else f"{low} – {high}")
        assert model.labels.stage.singular + ":" not in summary
        assert page.problems == []
    finally:
        context.close()
