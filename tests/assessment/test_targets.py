"""Targets (generator/assessment/targets.py): progress to a stage, pillar levels, a pillar's
maturity score (score-led models) or single answers, the next level by default, and targets
naming what does not exist refused."""

from __future__ import annotations

import pytest

from generator.assessment.answers_file import load_answers
from generator.assessment.evaluation import evaluate
from generator.assessment.roadmap import roadmap
from generator.model.loading import load_model
from tests.helpers.cli import run, score_json
from tests.helpers.data import FIXTURES, MINI
from tests.helpers.files import answers_file


@pytest.mark.parametrize(
    "target, overall, levels",
    [
        # tooling: metrics-published (curious, w2) yes, self-service (fluent, w1) no;
        # habits: review-held (curious, w1) partial, decisions-logged (fluent, w3) no.
        ("{stage: fluent}", round((2 + 0.5) / 7 * 100, 1), {"tooling": "fluent", "habits": "fluent"}),
        ("{stage: curious}", round((2 + 0.5) / 3 * 100, 1), {"tooling": "curious", "habits": "curious"}),
        ("{pillars: {habits: fluent}}", round(0.5 / 4 * 100, 1), {"habits": "fluent"}),
        ("{answers: {review-held: partial}}", 100.0, {}),
    ],
)
def test_progress_to_target(tmp_path, target, overall, levels):
    path = answers_file(
        tmp_path / "a.yaml",
        {"metrics-published": "yes", "self-service": "no", "review-held": "partial", "decisions-logged": "no"},
        extra=f"target: {target}",
    )
    document = score_json(str(path), "--content", str(MINI))
    assert document["to_target"]["overall"] == overall
    assert document["target"]["set"] and document["target"]["levels"] == levels


def test_without_a_target_each_pillar_aims_at_its_next_level(tmp_path):
    path = answers_file(tmp_path / "a.yaml", {"metrics-published": "yes", "review-held": "no"})
    document = score_json(str(path), "--content", str(MINI))
    assert document["target"] == {
        "set": False,
        "levels": {"tooling": "fluent", "habits": "fluent"},
        "answers": {},
        "scores": {},
    }


@pytest.mark.parametrize(
    "target, message",
    [
        ("{stage: expert}", "a.yaml:1:17: error: target.stage: unknown stage 'expert'"),
        ("{pillars: {people: fluent}}", "unknown pillar 'people'"),
        ("{pillars: {habits: expert}}", "unknown stage 'expert'"),
        ("{answers: {review-held: n/a}}", "'n/a' is not an answer to aim for"),
        ("{level: fluent}", "unknown key 'level'"),
    ],
)
def test_a_target_naming_what_does_not_exist_is_refused(tmp_path, target, message):
    path = answers_file(tmp_path / "a.yaml", {"metrics-published": "yes"}, extra=f"target: {target}")
    result = run("score", str(path), "--content", str(MINI))
    assert result.exit_code == 1 and message in result.stderr, result.stderr


SAMM = FIXTURES / "samm"  # headline: score; threats-a* on a coverage scale, threats-b* on a frequency scale


@pytest.mark.parametrize(
    "a2, b2, open_steps, progress",
    [("0.5", "yearly", [], 100.0), ("0.25", "yearly", ["threats-a2"], None), ("1", "quarterly", [], 100.0)],
)
def test_a_score_led_model_takes_a_fractional_target_per_pillar(tmp_path, a2, b2, open_steps, progress):
    answers = {"threats-a1": "1", "threats-b1": "quarterly", "threats-a2": a2, "threats-b2": b2}
    path = answers_file(tmp_path / "a.yaml", answers, extra='target: {pillars: {threats: "1.5"}}')
    model = load_model(SAMM)
    evaluation = evaluate(model, load_answers(path, model))
    assert {k: v for k, v in evaluation.aimed.items() if k.startswith("threats")} == {
        "threats-a1": 1.0,
        "threats-b1": 1.0,
        "threats-a2": 0.5,
        "threats-b2": 0.5,
    }
    assert [
        step.item for steps in roadmap(model, evaluation) for step in steps if step.pillar == "threats"
    ] == open_steps
    assert evaluation.levels["threats"] == "level-2" and evaluation.target.scores == {"threats": 1.5}
    if progress is not None:
        assert evaluation.to_target["pillars"]["threats"] == progress
    else:
        assert evaluation.to_target["pillars"]["threats"] < 100.0
    document = score_json(str(path), "--content", str(SAMM))
    assert document["target"]["scores"] == {"threats": 1.5}


@pytest.mark.parametrize(
    "content, score, message",
    [
        (SAMM, "3.5", "'3.5' is neither a stage nor a maturity score from 0 to 3: use one of level-0, level-1, "),
        (SAMM, "much", "'much' is neither a stage nor a maturity score from 0 to 3"),
        (MINI, "1.5", "unknown stage '1.5'"),  # a model that leads with stages takes stages only
    ],
)
def test_a_target_score_out_of_range_or_on_a_stage_led_model_is_refused(tmp_path, content, score, message):
    pillar = load_model(content).pillars[0].id
    item = load_model(content).items[0].id
    path = answers_file(tmp_path / "a.yaml", {item: "n/a"}, extra=f'target: {{pillars: {{{pillar}: "{score}"}}}}')
    result = run("score", str(path), "--content", str(content))
    assert result.exit_code == 1 and message in result.stderr, result.stderr
