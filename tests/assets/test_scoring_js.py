"""The page's scoring (templates/assets/scoring.js) wired into the checklist page, in headless
Chromium: exports that `playbook score` reads the same, and ids or answers that are also names
of a plain object's properties. The rules themselves are the contract's (tests/contract/)."""

from __future__ import annotations

import json
import random
import re
import shutil

import pytest

from generator.assessment.scoring import score_answers
from generator.build.pipeline import build_playbook
from generator.model.loading import load_model
from tests.helpers.browser import (
    answer,
    shown,
    watch_page,
)
from tests.helpers.cli import run
from tests.helpers.data import MINI, ROOT

pytestmark = pytest.mark.browser


MODELS = {"mini": MINI, **{name: ROOT / "tests" / "fixtures" / name for name in ("cmmi5", "samm", "deps")}}


def test_answers_on_named_scales_export_and_score_the_same_on_the_command_line(browser, tmp_path):
    """The page's export, values such as "0.25" included, is what `playbook score` reads."""

    model = load_model(MODELS["samm"])
    build_playbook(MODELS["samm"], tmp_path / "site")
    page = browser.new_page()
    page.goto((tmp_path / "site" / "checklist.html").as_uri())
    rng = random.Random(7)
    answers = {item.id: rng.choice(model.scale_of(item)).value for item in model.items}
    exported, in_browser = page.evaluate(
        """answers => {
        const data = JSON.parse(document.getElementById('pb-checklist').dataset.pbModel);
        const text = window.PlaybookAnswers.exportAnswers(data, answers, {}, {}, '2026-11-01');
        const r = window.PlaybookScoring.score(data, window.PlaybookAnswers.parseAnswers(data, text).answers);
        delete r.raw;
        return [text, r];
    }""",
        answers,
    )
    (tmp_path / "answers.yaml").write_text(exported, encoding="utf-8")
    result = run("score", str(tmp_path / "answers.yaml"), "--json", "--content", str(MODELS["samm"]))
    assert result.exit_code == 0, result.stderr
    on_the_command_line = json.loads(result.stdout)
    assert (
        {key: on_the_command_line[key] for key in in_browser} == in_browser == score_answers(model, answers).as_json()
    )
    page.close()


MINI_MODEL = load_model(MINI)

MINI_FIRST, MINI_SECOND = MINI_MODEL.items[0].id, MINI_MODEL.items[1].id

SCORE_IN_PAGE = """answers => {
    const data = JSON.parse(document.getElementById('pb-checklist').dataset.pbModel);
    const r = window.PlaybookScoring.score(data, answers);
    delete r.raw;
    return r;
}"""


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


def test_prototype_names_in_answers_count_as_nothing(mini_page):
    answers = {MINI_FIRST: "yes", MINI_SECOND: "partial"}
    in_browser = mini_page.evaluate(
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
    assert in_browser == score_answers(MINI_MODEL, answers).as_json()
