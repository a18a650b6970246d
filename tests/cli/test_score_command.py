"""`playbook score`: the JSON document and the summary, before and after enough is answered."""

from __future__ import annotations

import json
import re

from generator.model.loading import load_model
from tests.helpers.cli import run
from tests.helpers.data import FIXTURES, MINI
from tests.helpers.files import edit, write_answers


def test_score_json(tmp_path):
    path = write_answers(
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
        "completion",
        "answered",
        "total",
        "to_answer",
        "finish_first",
        "next_steps",
        "verdict",
        "respondents",
        "disagreement",
        "target",
        "to_target",
    }
    assert (data["stage"], data["quadrant"]) == ("curious", "broadcasters")
    assert data["axes"] == {"reach": 100.0, "depth": 25.0}
    assert (data["answered"], data["total"]) == (3, 4)
    assert data["completion"] == {
        "tooling": {"curious": 1.0, "fluent": None},
        "habits": {"curious": 1.0, "fluent": 0.0},
    }
    assert all(set(step) == {"text", "why", "detail", "link"} for step in data["next_steps"])
    assert data["verdict"][:2] == ["You are at Curious (stage 1 of 2).", "Your quadrant is Broadcasters."]
    assert data["next_steps"][0]["link"] == "quadrants/broadcasters.html"


def test_score_summary(tmp_path):
    answers = write_answers(tmp_path, "answers:\n  review-held: partial\n  self-service: no\n")
    result = run("score", str(answers), "--content", str(MINI))
    assert result.exit_code == 0
    assert "Stage:    Curious" in result.stdout and "Recommended next steps:" in result.stdout


def test_score_summary_before_enough_is_answered(tmp_path):
    result = run("score", str(write_answers(tmp_path, "answers:\n  review-held: partial\n")), "--content", str(MINI))
    assert result.exit_code == 0
    assert "Stage:    not yet: answer 1 more" in result.stdout and "Recommended next steps:" not in result.stdout


def test_score_summary_writes_numbers_as_the_models_language_does(tmp_path, mini_copy):
    edit(mini_copy / "model.yaml", "version: ", "language: nb\nversion: ")
    answers = write_answers(
        tmp_path, "answers:\n  review-held: partial\n  self-service: no\n  metrics-published: yes\n"
    )
    english = run("score", str(answers), "--content", str(MINI)).stdout
    norwegian = run("score", str(answers), "--content", str(mini_copy)).stdout
    assert re.search(r"\d\.\d", english) and not re.search(r"\d\.\d", norwegian)
    assert re.search(r"Maturity: \d,\d", norwegian) and "vekt" in norwegian


def test_a_score_led_model_leads_the_summary_with_its_score_and_shows_no_overall_stage(tmp_path):
    samm = FIXTURES / "samm"
    model = load_model(samm)
    answers = write_answers(
        tmp_path, "answers:\n" + "".join(f'  {i.id}: "{model.scale_of(i)[1].value}"\n' for i in model.items)
    )
    lines = run("score", str(answers), "--content", str(samm)).stdout.splitlines()
    assert lines[0].startswith("Your maturity score is ")
    first = next(line for line in lines[1:] if line.strip())
    assert first.startswith("Maturity: ")
    assert not any(line.startswith("Stage:") for line in lines)


def test_a_level_led_model_leads_the_summary_with_each_pillars_level(tmp_path, mini_copy):
    edit(mini_copy / "model.yaml", "scoring:\n", "scoring:\n  headline: levels\n")
    answers = write_answers(
        tmp_path, "answers:\n  metrics-published: yes\n  review-held: partial\n  self-service: no\n"
    )
    lines = run("score", str(answers), "--content", str(mini_copy)).stdout.splitlines()
    first = next(line for line in lines[1:] if line.strip())
    assert first == "Levels:   Tooling Curious, Habits Curious"
    assert not any(line.startswith("Stage:") for line in lines)


def test_score_summary_lists_each_pillars_streams_under_it(tmp_path):
    samm = FIXTURES / "samm"
    answers = write_answers(tmp_path, 'answers:\n  threats-a1: "1"\n  threats-a2: "0.5"\n  threats-b1: yearly\n')
    lines = run("score", str(answers), "--content", str(samm)).stdout.splitlines()
    start = lines.index("Level and maturity score per pillar:")
    assert lines[start + 1 : start + 5] == [
        "  Threat assessment            Foundations    1",
        "    Application risk profile   Structured     1.5",
        "    Threat modelling           Foundations    0.5",
        "  Security requirements        Not started    0",
    ]
    assert [line.strip().split("  ")[0] for line in lines[start + 1 : start + 13] if line.startswith("    ")] == [
        stream.name for pillar in load_model(samm).pillars for stream in pillar.streams
    ]
