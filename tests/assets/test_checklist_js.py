"""The interactive checklist in headless Chromium: answers, storage, export/import, live results."""

from __future__ import annotations

import json
import math
import random

import pytest

from generator.assessment.scoring import score_answers
from generator.build.pipeline import build_playbook
from generator.model.loading import load_model

from .browser import (
    chromium,
    export_answers,
    free_port,
    scored_in_page,
    served,
    settled,
    watch_page,
)
from .conftest import CONTENT, run

MODEL = load_model(CONTENT)
NAMES = {e.id: e.name for e in [*MODEL.stages, *MODEL.quadrants]}


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The default site built for, and served at, a loopback address: instant navigation needs
    the page's origin to match the site_url the site was built with."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("served") / "site"
    build_playbook(CONTENT, out, site_url=url)
    with served(out, port) as served_url:
        assert served_url == url
        yield url


@pytest.fixture
def checklist_page(browser, site_url):
    """The checklist page in a fresh browser context (empty storage)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "checklist.html")
    yield page
    context.close()


def shown(page) -> dict:
    """What the page shows, in the shape of `playbook score --json`."""
    settled(page)
    return page.evaluate("""() => {
        const root = document.getElementById('pb-checklist');
        const bars = {};
        root.querySelectorAll('[data-pb-bar]').forEach(bar => {
            const [group, id] = bar.dataset.pbBar.split(':');
            (bars[group] ||= {})[id] = Number(bar.querySelector('[data-pb-value]').textContent);
        });
        const steps = [...root.querySelectorAll('[data-pb-steps] li')].map(li => ({
            text: li.querySelector('a').textContent, why: li.querySelector('.pb-why').textContent,
            link: li.querySelector('a').getAttribute('href')}));
        return {stage: root.querySelector('[data-pb-stage]').textContent,
                quadrant: root.querySelector('[data-pb-quadrant]').textContent,
                answered: root.querySelector('[data-pb-answered]').textContent, ...bars, next_steps: steps};
    }""")


def answer(page, item_id: str, value: str) -> None:
    page.locator(f"input[name='pb-{item_id}'][value='{value}']").check()
    settled(page)


def answer_all(page, answers: dict[str, str]) -> None:
    """Click each answer in turn, as a reader would, in one round trip."""
    page.evaluate(
        """answers => Object.entries(answers).forEach(([id, value]) =>
        document.querySelector(`input[name='pb-${id}'][value='${value}']`).click())""",
        answers,
    )
    settled(page)


def test_answers_persist_export_and_score_the_same_on_the_command_line(browser, site_url, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    problems = watch_page(page)
    page.goto(site_url + "checklist.html")
    rng = random.Random(7)
    chosen = {item.id: rng.choice(["yes", "partial", "no", "n/a"]) for item in MODEL.items[::2]}
    for item_id, value in chosen.items():
        answer(page, item_id, value)
    page.reload()
    for item_id, value in chosen.items():
        assert page.locator(f"input[name='pb-{item_id}'][value='{value}']").is_checked()
    exported = export_answers(page, tmp_path)
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    assert exported.name == f"{MODEL.info.id}-{today}.yaml"
    result = run("score", str(exported), "--json")
    assert result.exit_code == 0, result.stderr
    expected = json.loads(result.stdout)
    seen = shown(page)
    assert seen["stage"] == NAMES[expected["stage"]] and seen["quadrant"] == NAMES[expected["quadrant"]]
    assert seen["answered"] == f"{expected['answered']} of {expected['total']}"
    for group in ("axes", "pillars", "stages", "maturity"):
        assert seen[group] == expected[group]
    assert seen["next_steps"] == expected["next_steps"]
    assert expected["answered"] == len(chosen) and expected["ready"]
    assert problems == []
    context.close()


def test_before_enough_is_answered_there_is_no_verdict_and_the_bar_shows_progress(checklist_page):
    page = checklist_page
    total, needed = len(MODEL.items), math.ceil(MODEL.scoring.min_answered * len(MODEL.items) / 100)
    bar = page.locator("[data-pb-progress]")
    assert bar.locator(".pb-progress-text").inner_text() == f"0 of {total} answered · Keep answering"
    answer_all(page, {item.id: "no" for item in MODEL.items[: needed - 1]})
    seen = shown(page)
    assert (seen["stage"], seen["quadrant"], seen["next_steps"]) == ("not yet", "not yet", [])
    assert page.locator("[data-pb-pending]").inner_text() == "Answer 1 more to see where you stand and your next steps."
    assert (
        page.locator("[data-pb-dot]").is_hidden()
        and page.locator("[data-pb-level]").all_inner_texts() == ["not yet"] * 3
    )
    assert bar.locator("[data-pb-progress-count]").inner_text() == f"{needed - 1} of {total} answered"
    assert bar.locator("progress").evaluate("p => [p.value, p.max]") == [needed - 1, total]
    page.mouse.wheel(0, 3000)
    page.wait_for_function("window.scrollY > 2000")
    assert 0 <= bar.bounding_box()["y"] < 100  # still in view, under the header
    answer(page, MODEL.items[needed - 1].id, "no")
    assert (
        shown(page)["stage"]
        == NAMES[score_answers(MODEL, dict.fromkeys([i.id for i in MODEL.items[:needed]], "no")).stage]
    )
    assert page.locator("[data-pb-pending]").is_hidden() and shown(page)["next_steps"]
    assert (
        bar.locator("[data-pb-progress-result]").inner_text() == f"{shown(page)['stage']} · {shown(page)['quadrant']}"
    )


def test_with_many_unanswered_the_first_of_them_come_first_and_are_no_next_steps(checklist_page):
    page = checklist_page
    answers = {item.id: "partial" for item in MODEL.items[1::2]}
    answer_all(page, answers)
    expected = score_answers(MODEL, answers).as_json()
    finish = page.locator("[data-pb-finish] a")
    assert finish.all_inner_texts() == [item["text"] for item in expected["finish_first"]] != []
    assert finish.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        f"#pb-item-{item['id']}" for item in expected["finish_first"]
    ]
    assert shown(page)["next_steps"] == expected["next_steps"]
    finish.first.click()
    assert page.evaluate("location.hash") == f"#pb-item-{expected['finish_first'][0]['id']}"


@pytest.mark.parametrize("width, beside", [(390, False), (1280, True)])
def test_the_results_come_after_the_questions_or_beside_them(browser, site_url, width, beside):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(site_url + "checklist.html")
    questions, results = (page.locator(s).bounding_box() for s in (".pb-questions", ".pb-results"))
    if beside:
        assert results["x"] > questions["x"] + questions["width"] - 1 and results["y"] < questions["y"] + 200
    else:
        assert results["y"] > questions["y"] + questions["height"] - 1
    where = (
        "ids => ids.map(id => document.getElementById('pb-item-' + id).getBoundingClientRect().top + window.scrollY)"
    )
    ids = [item.id for item in MODEL.items]
    # Items out of view have an estimated height until they show (content-visibility): lay them all out.
    page.add_style_tag(content=".pb-item { content-visibility: visible !important; }")
    before = page.evaluate(where, ids)
    answer_all(
        page, {item.id: "yes" for item in MODEL.items[:40]}
    )  # results fill in, next steps appear: no question moves
    assert page.evaluate(where, ids) == before
    page.close()


def test_keyboard_answers_and_labels(checklist_page):
    page = checklist_page
    first = MODEL.items[0]
    page.get_by_role("radio", name="Yes").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # moves to "Partly" in the same item, and selects it
    assert page.locator(f"input[name='pb-{first.id}'][value='partial']").is_checked()
    assert page.locator(f"[data-pb-fieldset='{first.id}'] legend").inner_text().endswith(first.text)
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"


def test_bad_import_shows_a_message_and_keeps_answers(checklist_page, tmp_path):
    page = checklist_page
    answer(page, MODEL.items[0].id, "yes")
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers:\n  no-such-item: yes\n")
    page.set_input_files("[data-pb-import]", str(bad))
    message = page.locator("[data-pb-message]")
    message.wait_for(state="visible")
    assert "line 2: unknown checklist item 'no-such-item'" in message.inner_text()
    assert "unchanged" in message.inner_text()
    assert page.locator(f"input[name='pb-{MODEL.items[0].id}'][value='yes']").is_checked()
    good = tmp_path / "good.yaml"
    good.write_text(f"assessed: 2026-11-01\nanswers:\n  {MODEL.items[1].id}: no\n")
    page.set_input_files("[data-pb-import]", str(good))
    page.get_by_role("button", name="Apply import").click()
    page.wait_for_function("document.querySelector('[data-pb-message]').textContent.startsWith('Imported')")
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"


def test_reset_clears_answers_and_storage(checklist_page):
    page = checklist_page
    answer(page, MODEL.items[0].id, "yes")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset").click()
    page.reload()
    assert shown(page)["answered"] == f"0 of {len(MODEL.items)}"


def test_checklist_starts_after_instant_navigation(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "index.html")
    page.evaluate("window.pbMarker = 1")  # survives only if navigation stays instant (no reload)
    page.locator("article a[href$='checklist.html']").first.click()
    page.wait_for_selector("#pb-checklist")
    page.wait_for_function("document.querySelector('[data-pb-stage]').textContent !== '-'")
    assert page.evaluate("window.pbMarker") == 1
    answer(page, MODEL.items[0].id, "yes")
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"
    context.close()


def test_storage_is_per_site(checklist_page):
    page = checklist_page
    answer(page, MODEL.items[0].id, "yes")
    keys = page.evaluate("Object.keys(localStorage)")
    assert [key for key in keys if key.startswith("playbook:")] == [f"playbook:{MODEL.info.id}:answers"]


def test_works_from_file_without_a_server(default_site, browser):
    page = browser.new_page()
    problems = watch_page(page)
    page.goto((default_site / "checklist.html").as_uri())
    answer(page, MODEL.items[0].id, "yes")
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"
    assert problems == []
    page.close()


def test_browser_and_python_scoring_agree_on_random_answers(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "checklist.html")
    rng = random.Random(2026)
    for _ in range(60):
        answers = {
            item.id: rng.choice(["yes", "partial", "no", "n/a"]) for item in MODEL.items if rng.random() < rng.random()
        }
        in_browser = scored_in_page(page, answers)
        assert in_browser == score_answers(MODEL, answers).as_json()
    page.close()
