"""Answers files (generator/assessment/answers_file.py): answers, notes and evidence read and
checked, each mistake named at its line, answers on an item's own scale only."""

from __future__ import annotations

import json

import pytest

from generator.assessment.answers_file import combine_files
from generator.model.loading import load_model
from generator.numbers import round3
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import MINI
from tests.helpers.files import answers_file, write, write_answers, write_client
from tests.helpers.fixture_models import CMMI5, SAMM, score


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
    write_answers(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    result = run("score", "answers.yaml", "--content", str(MINI))
    assert result.exit_code == 1
    assert result.stderr.strip() == expected


def test_two_files_of_the_same_respondent_are_refused(tmp_path):
    first = answers_file(tmp_path / "a.yaml", {"metrics-published": "yes"}, name="Ada")
    second = answers_file(tmp_path / "b.yaml", {"metrics-published": "no"}, name="ada")
    result = run("score", str(first), str(second), "--content", str(MINI))
    assert result.exit_code == 1 and "b.yaml:1:1: error" in result.stderr and "'ada' also answered" in result.stderr


def test_notes_and_evidence_are_read_and_checked(tmp_path):
    good = write(
        tmp_path / "good.yaml",
        "answers:\n  metrics-published:\n    value: partial\n    note: Only on Mondays.\n"
        "    evidence: [https://wiki.example/metrics, Minutes of 3 March]\n  review-held: {note: Not sure yet}\n",
    )
    model = load_model(MINI)
    respondent = combine_files([good], model).respondents[0]
    assert respondent.responses["metrics-published"].evidence == ("https://wiki.example/metrics", "Minutes of 3 March")
    assert respondent.answers == {"metrics-published": "partial"}  # a note alone answers nothing
    bad = write(
        tmp_path / "bad.yaml",
        "answers:\n  metrics-published:\n    value: yes\n    note: " + "x" * 2001 + "\n"
        "    evidence: {a: b}\n  review-held:\n    valu: yes\n",
    )
    result = run("score", str(bad), "--content", str(MINI))
    assert result.exit_code == 1
    assert "bad.yaml:4:11: error: answers.metrics-published.note: a note is 2,001 characters long" in result.stderr
    assert "bad.yaml:5:5: error: answers.metrics-published.evidence: expected a list" in result.stderr
    assert "bad.yaml:7:5: error: answers.review-held.valu: unknown key 'valu' (did you mean 'value'?)" in result.stderr


@pytest.mark.parametrize(
    "value, message",
    [
        ("2026-02-30", "'2026-02-30' is not a date: write it as YYYY-MM-DD"),
        ("2206-01-10", "2206-01-10 is not a date from 1970 to 2099: check the year"),
        ("1969-12-31", "1969-12-31 is not a date from 1970 to 2099"),
    ],
)
def test_date_typos_in_assessments(tmp_path, value, message):
    client = write_client(tmp_path, f"assessments:\n  - assessed: {value}\n    answers: {{}}\n")
    stderr = clean_failure(
        run("build", "--content", str(MINI), "--client", str(client), "--out", str(tmp_path / "site"))
    )
    assert f"client.yaml:4:15: error: assessments[0].assessed: {message}" in stderr
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"assessed: {value}\nanswers: {{}}\n")
    assert f"answers.yaml:1:11: error: assessed: {message}" in clean_failure(
        run("score", str(answers), "--content", str(MINI))
    )


@pytest.mark.parametrize(
    "text, line, item, value",
    [
        ("answers:\n  threats-a1: quarterly\n", 2, "threats-a1", "quarterly"),  # a frequency value on a coverage item
        ('assessed: 2026-10-01\nanswers:\n  threats-a2: "1"\n  threats-b1: "0.5"\n', 4, "threats-b1", "0.5"),
        ("answers:\n  hardening-b2: yes\n", 2, "hardening-b2", "yes"),  # the default scale is not the item's scale
    ],
)
def test_samm_answer_from_another_scale_is_refused(tmp_path, monkeypatch, text, line, item, value):
    (tmp_path / "answers.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("score", "answers.yaml", "--json", "--content", str(SAMM))
    assert result.exit_code == 1
    errors = [entry for entry in result.stderr.splitlines() if ": error: " in entry]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"answers.yaml:{line}:"), errors[0]
    assert item in errors[0] and f"'{value}'" in errors[0]


@pytest.mark.parametrize("written", ["0.25", '"0.25"'])
def test_samm_quarter_on_a_coverage_item_is_accepted(tmp_path, written):
    path = tmp_path / "answers.yaml"
    path.write_text(f"answers:\n  threats-a1: {written}\n", encoding="utf-8")
    result = run("score", str(path), "--json", "--content", str(SAMM))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answered"] == 1
    assert data["maturity"]["threats"] == 0.125  # (0.25 + 0) / 2 streams
    assert data["groups"]["design"] == round3(0.0625)


ALIASES = {"plans-written": "PP-SP-1.1", "progress-tracked": "PMC-SP-1.1", "causes-removed": "CAR-SP-1.1"}


def test_answers_keyed_by_aliases_score_exactly_as_keyed_by_ids(tmp_path):
    answers = {"plans-written": "yes", "progress-tracked": "partial", "causes-removed": "no", "effort-recorded": "yes"}
    by_alias = {ALIASES.get(item, item): value for item, value in answers.items()}
    assert by_alias.keys() != answers.keys()
    (tmp_path / "ids").mkdir()
    (tmp_path / "aliases").mkdir()
    assert score(tmp_path / "aliases", CMMI5, by_alias) == score(tmp_path / "ids", CMMI5, answers)
    quoted = {"cmmi:pp/1": "yes", "effort-recorded": "no"}  # an alias with a colon in it, read as YAML reads it
    assert score(tmp_path / "aliases", CMMI5, quoted) == score(
        tmp_path / "ids", CMMI5, {"plans-written": "yes", "effort-recorded": "no"}
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "answers:\n  plans-written: yes\n  effort-recorded: no\n  PP-SP-1.1: partial\n",
            "answers.yaml:4:3: error: answers.PP-SP-1.1: 'plans-written' and 'PP-SP-1.1' both answer item "
            "'plans-written': keep one of them",
        ),
        (
            "answers:\n  PP-SP-1.1: yes\n  cmmi:pp/1: yes\n",
            "answers.yaml:3:3: error: answers.cmmi:pp/1: 'PP-SP-1.1' and 'cmmi:pp/1' both answer item "
            "'plans-written': keep one of them",
        ),
        (
            "answers:\n  PP-SP-9: yes\n",
            "answers.yaml:2:3: error: answers.PP-SP-9: unknown checklist item 'PP-SP-9' (run `playbook checklist` "
            "to list the ids)",
        ),
    ],
)
def test_an_item_answered_twice_through_its_aliases_is_refused_naming_both_keys(tmp_path, monkeypatch, text, expected):
    write_answers(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    result = run("score", "answers.yaml", "--content", str(CMMI5))
    assert result.exit_code == 1
    assert result.stderr.strip() == expected
