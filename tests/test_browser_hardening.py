"""The checklist script against hostile input (issue 14): prototype names as ids and answers,
imports that must fail without changing anything (and say so truthfully), and a parser that
stays linear on very long lines."""

from __future__ import annotations

import random
import re
import shutil
import time

import pytest

from generator.assessment.scoring import score_answers
from generator.build.pipeline import build_playbook
from generator.model.loading import load_model

from .browser import chromium, watch_page
from .conftest import MINI
from .test_browser_checklist import answer, shown

MODEL = load_model(MINI)
FIRST, SECOND = MODEL.items[0].id, MODEL.items[1].id
SCORE_IN_PAGE = """answers => {
    const data = JSON.parse(document.getElementById('pb-checklist').dataset.pbModel);
    const r = window.PlaybookScoring.score(data, answers);
    delete r.raw;
    return r;
}"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def shared_page(browser, mini_site):
    """The mini model's checklist page, loaded once for the module (a page per test costs more
    than the tests); each test starts from Reset."""
    context = browser.new_context()
    page = context.new_page()
    page.problems = watch_page(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto((mini_site / "checklist.html").as_uri())
    yield page
    context.close()


@pytest.fixture
def page(shared_page):
    shared_page.get_by_role("button", name="Reset").click()
    shared_page.evaluate("localStorage.clear()")
    shared_page.problems.clear()
    assert shown(shared_page)["answered"] == f"0 of {len(MODEL.items)}"
    yield shared_page
    assert shared_page.problems == []


def state(page) -> dict:
    """Everything an import may change: what the page shows, the checked inputs and the storage."""
    return {
        "shown": shown(page),
        "storage": page.evaluate("JSON.stringify(localStorage)"),
        "checked": page.evaluate("[...document.querySelectorAll('input[data-pb-item]:checked')].map(i => i.id)"),
    }


def import_file(page, path) -> str:
    """Import `path` through the page's Import button; the message it gives."""
    page.evaluate("document.querySelector('[data-pb-message]').textContent = ''")
    page.set_input_files("[data-pb-import]", str(path))
    page.wait_for_function(
        "/^(Imported|Could not import)/.test(document.querySelector('[data-pb-message]').textContent)"
        " || !document.querySelector('[data-pb-preview]').hidden",
        timeout=5000,
    )
    if page.locator("[data-pb-preview]").is_visible():  # the page held answers: confirm the import
        page.get_by_role("button", name="Apply import").click()
    return page.locator("[data-pb-message]").inner_text()


def constructor_model(folder):
    """The mini model with an item, a practice, a pillar, a stage, a step, an axis and a quadrant
    all called `constructor`, the one valid id that is also a property of every plain object."""
    shutil.copytree(MINI, folder)
    for path in folder.glob("*.yaml"):
        text = path.read_text()
        for old in ("self-service", "decision-log", "tooling", "fluent", "keep-learning", "starters", "reach"):
            text = re.sub(rf"\b{old}\b", "constructor", text)
        path.write_text(text)
    return folder


def test_ids_named_constructor_work_and_score_as_in_python(browser, tmp_path):
    content = constructor_model(tmp_path / "model")
    model = load_model(content)
    build_playbook(content, tmp_path / "site")
    page = browser.new_page()
    problems = watch_page(page)
    page.goto((tmp_path / "site" / "checklist.html").as_uri())
    assert shown(page)["stage"] != "-"
    answer(page, "constructor", "yes")
    assert shown(page)["answered"] == f"1 of {len(model.items)}"
    rng = random.Random(14)
    for _ in range(20):
        answers = {item.id: rng.choice(model.scale_of(item)).value for item in model.items if rng.random() < 0.6}
        assert page.evaluate(SCORE_IN_PAGE, answers) == score_answers(model, answers).as_json()
    assert problems == []
    page.close()


def test_prototype_names_in_answers_count_as_nothing(page):
    answers = {FIRST: "yes", SECOND: "partial"}
    in_browser = page.evaluate(
        """answers => {
        const hostile = JSON.parse('{"__proto__": "yes", "toString": "yes", "constructor": "yes", "valueOf": "no", '
                                   + '"hasOwnProperty": "yes"}');
        const data = JSON.parse(document.getElementById('pb-checklist').dataset.pbModel);
        const r = window.PlaybookScoring.score(data, Object.assign(hostile, answers));
        delete r.raw;
        return r;
    }""",
        answers,
    )
    assert in_browser == score_answers(MODEL, answers).as_json()


BAD_IMPORTS = {
    "value-toString": (f"answers:\n  {SECOND}: toString\n", "line 2: 'toString' is not an answer"),
    "value-__proto__": (f"answers:\n  {SECOND}: __proto__\n", "line 2: '__proto__' is not an answer"),
    "value-constructor": (f"answers:\n  {SECOND}: constructor\n", "line 2: 'constructor' is not an answer"),
    "value-valueOf": (f"answers:\n  {SECOND}: valueOf\n", "line 2: 'valueOf' is not an answer"),
    "value-hasOwnProperty": (f"answers:\n  {SECOND}: hasOwnProperty\n", "line 2: 'hasOwnProperty' is not an answer"),
    "id-constructor": ("answers:\n  constructor: yes\n", "line 2: unknown checklist item 'constructor'"),
    "id-tostring": ("answers:\n  tostring: yes\n", "line 2: unknown checklist item 'tostring'"),
    "id-__proto__": ("answers:\n  __proto__: yes\n", "line 2: not part of an answers file: __proto__: yes"),
    "late-error": (f"answers:\n  {SECOND}: no\n  nope: yes\n", "line 3: unknown checklist item 'nope'"),
    "too-big": ("answers:\n" + "#" * 2_100_000 + "\n", "it is over 2000000 bytes"),
}


@pytest.mark.parametrize("name", sorted(BAD_IMPORTS))
def test_a_failed_import_changes_nothing_and_says_so(page, tmp_path, name):
    text, expected = BAD_IMPORTS[name]
    answer(page, FIRST, "yes")
    before = state(page)
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    message = import_file(page, path)
    assert message.startswith("Could not import bad.yaml: ") and expected in message, message
    assert message.endswith("Your answers are unchanged.")
    assert state(page) == before  # the storage too: nothing half-saved shows up later


def test_an_import_that_fails_while_scoring_changes_nothing(page, tmp_path):
    """Imported answers are committed only once they have parsed and scored."""
    answer(page, FIRST, "yes")
    before = state(page)
    page.evaluate("""() => {
        const find = Array.prototype.find;
        Array.prototype.find = function (...args) {
            if (window.pbBreakScoring) throw new Error('scoring broke');
            return find.apply(this, args);
        };
        window.pbBreakScoring = true;
    }""")
    path = tmp_path / "good.yaml"
    path.write_text(f"answers:\n  {SECOND}: no\n")
    message = import_file(page, path)
    assert message == "Could not import good.yaml: scoring broke. Your answers are unchanged."
    page.evaluate("window.pbBreakScoring = false")
    assert state(page) == before
    assert import_file(page, path) == "Imported 1 answers from good.yaml."
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"


SPACES = 200_000
LONG_LINES = {
    "spaces-only": ("answers:\n" + " " * SPACES + f"\n  {FIRST}: yes\n", "Imported 1 answers"),
    "spaces-before-a-comment": (f"answers:\n  {FIRST}: yes" + " " * SPACES + "# note\n", "Imported 1 answers"),
    "spaces-before-the-value": (f"answers:\n  {FIRST}:" + " " * SPACES + "yes\n", "Imported 1 answers"),
    "spaces-then-text": ("answers:\n" + " " * SPACES + "x\n", "line 2: not part of an answers file: x"),
    "tabs-and-spaces": (f"answers:\n  {FIRST}: yes" + " \t" * (SPACES // 2) + "\n", "Imported 1 answers"),
    "hashes": (f"answers:\n  {FIRST}: yes #" + "#" * SPACES + "\n", "Imported 1 answers"),
    "spaces-and-hashes": (f"answers:\n  {FIRST}: yes" + " #" * (SPACES // 2) + "\n", "Imported 1 answers"),
    "long-value": (f"answers:\n  {FIRST}: " + "y" * SPACES + "\n", "is not an answer"),
}


@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_a_200_kb_line_imports_within_a_second(page, tmp_path, name):
    text, expected = LONG_LINES[name]
    path = tmp_path / "long.yaml"
    path.write_text(text)
    started = time.perf_counter()
    message = import_file(page, path)
    assert time.perf_counter() - started < 1.0
    assert expected in message and len(message) < 300, message[:300]


def test_the_parser_is_linear_in_the_length_of_a_line(page):
    """Five times the line, in the page itself: well within a second (it was quadratic: minutes)."""
    elapsed = page.evaluate("""() => {
        const data = JSON.parse(document.getElementById('pb-checklist').dataset.pbModel);
        const id = data.items[0].id, started = performance.now();
        for (const line of [' '.repeat(1e6), '  ' + id + ': yes' + ' '.repeat(1e6) + '#', '  ' + id + ':' + ' '.repeat(1e6) + 'no']) {
            window.PlaybookAnswers.parseAnswers(data, 'answers:\\n' + line + '\\n  ' + data.items[1].id + ': yes\\n');
        }
        return performance.now() - started;
    }""")
    assert elapsed < 1000
