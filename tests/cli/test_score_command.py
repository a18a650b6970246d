"""Answers files and the `checklist` / `score` commands."""

from __future__ import annotations

import json

import pytest

from generator.model.loading import load_model

from .conftest import MINI, run

MODEL = load_model(MINI)


def write(tmp_path, text: str):
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return path


def test_checklist_json_lists_every_item():
    result = run("checklist", "--json", "--content", str(MINI))
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [i.id for i in MODEL.items]
    assert rows[0] == {
        "id": "metrics-published",
        "text": "We publish shared metrics every week.",
        "axis": "reach",
        "pillar": "tooling",
        "stage": "curious",
        "weight": 2.0,
        "answers": ["yes", "partial", "no", "n/a"],
    }


def test_checklist_table():
    result = run("checklist", "--content", str(MINI))
    assert result.exit_code == 0
    assert "decisions-logged" in result.stdout and "We log decisions with their evidence." in result.stdout


def test_score_json(tmp_path):
    path = write(
        tmp_path,
        "assessed: 2026-11-01\nanswers:\n  metrics-published: yes\n  review-held: yes\n"
        "  self-service: n/a\n  decisions-logged:\n",
    )
    result = run("score", str(path), "--json", "--content", str(MINI))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "ready",
        "stage",
        "quadrant",
        "axes",
        "pillars",
        "stages",
        "levels",
        "maturity",
        "maturity_overall",
        "answered",
        "total",
        "to_answer",
        "finish_first",
        "next_steps",
        "respondents",
        "disagreement",
        "target",
        "to_target",
    }
    assert (data["stage"], data["quadrant"]) == ("curious", "broadcasters")
    assert data["axes"] == {"reach": 100.0, "depth": 25.0}
    assert (data["answered"], data["total"]) == (3, 4)
    assert all(set(step) == {"text", "why", "link"} for step in data["next_steps"])
    assert data["next_steps"][0]["link"] == "quadrants/broadcasters.html"


def test_score_summary(tmp_path):
    answers = write(tmp_path, "answers:\n  review-held: partial\n  self-service: no\n")
    result = run("score", str(answers), "--content", str(MINI))
    assert result.exit_code == 0
    assert "Stage:    Curious" in result.stdout and "Recommended next steps:" in result.stdout


def test_score_summary_before_enough_is_answered(tmp_path):
    result = run("score", str(write(tmp_path, "answers:\n  review-held: partial\n")), "--content", str(MINI))
    assert result.exit_code == 0
    assert "Stage:    not yet: answer 1 more" in result.stdout and "Recommended next steps:" not in result.stdout


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "answers:\n  metrics-publish: yes\n",
            "answers.yaml:2:3: error: answers.metrics-publish: unknown checklist item 'metrics-publish' "
            "(did you mean 'metrics-published'?)",
        ),
        (
            "answers:\n  review-held: maybe\n",
            "answers.yaml:2:16: error: answers.review-held: 'maybe' is not an answer: use one of yes, partial, no, n/a "
            "(or leave it empty)",
        ),
        (
            "answers:\n  review-held: on\n",
            "answers.yaml:2:16: error: answers.review-held: 'on' is not an answer: use one of yes, partial, no, n/a "
            "(or leave it empty)",
        ),
        (
            "answers: [yes\n",
            "answers.yaml:2:1: error: invalid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence that starts on line 1): fix the syntax here",
        ),
        (
            "assessed: last week\nanswers: {}\n",
            "answers.yaml:1:11: error: assessed: 'last week' is not a date: write it as YYYY-MM-DD",
        ),
        (
            "answer:\n  review-held: yes\n",
            "answers.yaml:1:1: error: answer: unknown key 'answer' (did you mean 'answers'?)",
        ),
    ],
)
def test_bad_answers_files(tmp_path, monkeypatch, text, expected):
    write(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    result = run("score", "answers.yaml", "--content", str(MINI))
    assert result.exit_code == 1
    assert result.stderr.strip() == expected
