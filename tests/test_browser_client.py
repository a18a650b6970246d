"""A client's checklist in headless Chromium: it starts from the client's latest assessment, clearly
marked, until the reader starts fresh; exports carry the client in their name and content."""

from __future__ import annotations

import json

import pytest

from generator.clients.profiles import load_client
from generator.model.loading import load_model

from .browser import chromium, export_answers, watch_page
from .conftest import CONTENT, ROOT, run
from .test_browser_checklist import answer, shown
from .test_browser_engagement import storage

MODEL = load_model(CONTENT)
PROFILE = ROOT / "clients" / "lumen-health.yaml"
LATEST = load_client(PROFILE, MODEL).assessments[-1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("lumen") / "site"
    result = run("build", "--client", str(PROFILE), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "lumen-health"


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, site):
    """The client's checklist in a fresh browser context (empty storage)."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.problems = watch_page(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto((site / "checklist.html").as_uri())
    yield page
    assert page.problems == []
    context.close()


def checked(page) -> dict[str, str]:
    return dict(
        page.locator("input[data-pb-item]:checked").evaluate_all(
            "inputs => inputs.map(i => [i.dataset.pbItem, i.value])"
        )
    )


def test_the_checklist_starts_from_the_latest_assessment_until_started_fresh(page):
    banner = page.locator("[data-pb-started]")
    assert banner.is_visible() and banner.inner_text().startswith("Started from your assessment of 2026-10-20.")
    assert checked(page) == LATEST.answers
    assert shown(page)["answered"] == f"{len(LATEST.answers)} of {len(MODEL.items)}"
    assert storage(page) is None  # nothing is the reader's own yet

    first = MODEL.items[0].id
    answer(page, first, "no")  # from now on, the page's own answers win
    page.reload()
    assert checked(page) == {**LATEST.answers, first: "no"} and banner.is_visible()

    page.get_by_role("button", name="Start fresh").click()
    assert checked(page) == {} and banner.is_hidden()
    assert page.locator("[data-pb-message]").inner_text() == "Started fresh: all answers cleared."
    page.reload()
    assert checked(page) == {} and banner.is_hidden() and shown(page)["answered"] == f"0 of {len(MODEL.items)}"


def test_an_export_is_named_and_marked_for_the_client(page, tmp_path):
    path = export_answers(page, tmp_path)
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    assert path.name == f"lumen-health-{MODEL.info.id}-{today}.yaml"
    text = path.read_text(encoding="utf-8")
    assert f'\nmodel_version: "{MODEL.info.version}"\nclient: lumen-health\n' in text
    result = run("score", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answered"] == len(LATEST.answers)


def test_an_import_over_the_assessment_is_previewed_and_undone_back_to_it(page, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(f"client: fjord-energi\nanswers:\n  {MODEL.items[0].id}: no\n", encoding="utf-8")
    page.set_input_files("[data-pb-import]", str(path))
    page.locator("[data-pb-preview]").wait_for(state="visible")
    removed = len(LATEST.answers) - 1
    assert page.locator("[data-pb-preview-summary]").inner_text() == (
        f"Answers: 0 added, 1 changed, {removed} removed.\nNotes and evidence: 0 added, 0 changed, 0 removed.\n"
        "These answers were exported from the site of fjord-energi."
    )
    page.get_by_role("button", name="Apply import").click()
    assert checked(page) == {MODEL.items[0].id: "no"} and page.locator("[data-pb-started]").is_hidden()
    page.get_by_role("button", name="Undo import").click()
    assert checked(page) == LATEST.answers and page.locator("[data-pb-started]").is_visible()
    assert storage(page) is None
