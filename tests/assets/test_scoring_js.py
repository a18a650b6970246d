"""Every fixture model in the browser: the page scores exactly as `playbook score` does."""

from __future__ import annotations

import random

import pytest

from generator.assessment.scoring import score_answers
from generator.build.pipeline import build_playbook
from generator.model.loading import load_model

from .browser import chromium, scored_in_page
from .conftest import MINI, ROOT

MODELS = {"mini": MINI, **{name: ROOT / "tests" / "fixtures" / name for name in ("cmmi5", "samm", "deps")}}


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.mark.parametrize("name", sorted(MODELS))
def test_browser_and_python_agree_on_random_answers(browser, tmp_path, name):
    model = load_model(MODELS[name])
    build_playbook(MODELS[name], tmp_path / "site")
    page = browser.new_page()
    page.goto((tmp_path / "site" / "checklist.html").as_uri())
    rng = random.Random(name)
    for _ in range(25):
        answers = {item.id: rng.choice(model.scale_of(item)).value for item in model.items if rng.random() < 0.7}
        in_browser = scored_in_page(page, answers)
        assert in_browser == score_answers(model, answers).as_json()
    page.close()


def test_answers_on_named_scales_export_and_score_the_same_on_the_command_line(browser, tmp_path):
    """The page's export, values such as "0.25" included, is what `playbook score` reads."""
    import json

    from .conftest import run

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
