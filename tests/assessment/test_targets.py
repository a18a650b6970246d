"""Targets (generator/assessment/targets.py): progress to a stage, pillar levels or single
answers, the next level by default, and targets naming what does not exist refused."""

from __future__ import annotations

import pytest

from tests.helpers.cli import run, score_json
from tests.helpers.data import MINI
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
    assert document["target"] == {"set": False, "levels": {"tooling": "fluent", "habits": "fluent"}, "answers": {}}


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
