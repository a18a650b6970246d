"""`playbook import samm`: OWASP SAMM core data to a model whose scores are SAMM's scores.

The fixture `tests/fixtures/samm-source/` is SAMM's `model/` folder in shape, with ids and texts
of our own: two business functions of two practices, two streams each, three levels, two answer
sets (one of three values), and SAMM's unquoted `No`.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from generator.assessment.scoring import score_answers
from generator.model.loading import load_model
from generator.numbers import round3
from tests.helpers.cli import clean_failure, run, score_json

SOURCE = Path(__file__).parents[1] / "fixtures" / "samm-source"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("samm") / "model"
    result = run("import", "samm", str(SOURCE), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def _source(folder: str) -> list[dict]:
    """A folder of the SAMM source, read as text as SAMM's own tools see it (no `No` to false)."""
    return [yaml.load(p.read_text(), Loader=yaml.BaseLoader) for p in sorted((SOURCE / folder).glob("*.yml"))]


def samm_scores(answers: dict[str, float]) -> tuple[dict[str, float], dict[str, float], float]:
    """SAMM's scores from the source alone, for answers {question id: answer value}: a practice's
    is the sum over levels of the mean of its streams' values there, a business function's the
    mean of its practices', the overall score the mean of the functions'."""
    by_id = {
        e["id"]: e
        for folder in ("activities", "streams", "practice_levels", "maturity_levels")
        for e in _source(folder)
    }
    values: dict[tuple[str, str], list[float]] = {}  # (practice id, level id): its streams' values
    for question in _source("questions"):
        activity = by_id[question["activity"]]
        practice = by_id[activity["stream"]]["practice"]
        level = by_id[activity["level"]]["maturityLevel"]
        values.setdefault((practice, level), []).append(answers[question["id"]])
    practices = {p["id"]: p for p in _source("security_practices")}
    practice_score = {
        practices[p]["name"]: sum(sum(v) / len(v) for (q, _), v in values.items() if q == p) for p in practices
    }
    function_score = {}
    for function in _source("business_functions"):
        own = [practice_score[p["name"]] for p in practices.values() if p["function"] == function["id"]]
        function_score[function["name"]] = sum(own) / len(own)
    return practice_score, function_score, sum(function_score.values()) / len(function_score)


def test_import_samm_writes_a_model_that_validates_strictly(imported):
    assert run("validate", "--strict", str(imported)).exit_code == 0
    model = load_model(imported)
    assert [g.name for g in model.groups] == ["Planning", "Running"]
    assert [p.name for p in model.pillars] == ["Risk Goals", "Team Skills", "Incident Drills", "Data Care"]
    assert [s.id for s in model.stages] == ["level-0", "level-1", "level-2", "level-3"]
    assert [s.id for s in model.pillars[0].streams] == ["p-rg-a", "p-rg-b"]
    assert model.labels.pillar.singular == "Security practice"
    assert model.info.license and model.info.license.name == "CC BY-SA 4.0"
    assert [s.title for s in model.info.sources] == ["OWASP Software Assurance Maturity Model (SAMM)"]
    assert model.scoring.headline == "score"
    item = next(i for i in model.items if i.id == "r-dc-2-b")
    assert (item.stream, item.stage, item.scale) == ("r-dc-b", "level-2", "b")
    assert [o.credit for o in model.scale_of(item)] == [0.0, 0.5, 1.0]
    assert item.criteria == ["A written note of it exists", "Someone checks it yearly"]


def test_import_samm_keeps_the_unquoted_no_as_text(imported):
    raw = (SOURCE / "answer_sets" / "A.yml").read_text()
    assert yaml.safe_load(raw)["values"][0]["text"] is False  # the trap: a YAML 1.1 reader's answer
    first = load_model(imported).scoring.answers[0]
    assert (first.value, first.label, first.credit) == ("0", "No", 0.0)
    assert "label: 'No'" in (imported / "model.yaml").read_text()


@pytest.mark.parametrize("seed", range(10))
def test_import_samm_scores_equal_samm_formula(imported, seed):
    model = load_model(imported)
    rng = random.Random(seed)
    chosen = {item.id: rng.choice(model.scale_of(item)) for item in model.items}
    by_question = {item.aliases[0]: float(chosen[item.id].value) for item in model.items}
    practices, functions, overall = samm_scores(by_question)
    result = score_answers(model, {item_id: option.value for item_id, option in chosen.items()})
    # our scores are given to 3 decimals
    assert {p.name: result.maturity[p.id] for p in model.pillars} == {k: round3(v) for k, v in practices.items()}
    assert {g.name: result.groups[g.id] for g in model.groups} == {k: round3(v) for k, v in functions.items()}
    assert result.maturity_overall == round3(overall)


def test_import_samm_scores_answers_keyed_by_samm_question_ids(imported, tmp_path):
    model = load_model(imported)
    by_alias, by_id = (
        tmp_path / folder / "answers.yaml" for folder in ("by-source-id", "by-id")
    )  # one respondent name
    by_alias.parent.mkdir(), by_id.parent.mkdir()
    by_alias.write_text("answers:\n" + "".join(f"  {i.aliases[0]}: '0.5'\n" for i in model.items))
    by_id.write_text("answers:\n" + "".join(f"  {i.id}: '0.5'\n" for i in model.items))
    assert score_json(str(by_alias), "--content", str(imported)) == score_json(str(by_id), "--content", str(imported))


def _broken_copy(tmp_path: Path) -> Path:
    source = tmp_path / "model"
    shutil.copytree(SOURCE, source)
    return source


def test_import_samm_names_the_file_and_key_that_is_missing_and_writes_nothing(tmp_path):
    source = _broken_copy(tmp_path)
    question = source / "questions" / "P-RG-2-B.yml"
    question.write_text(question.read_text().replace("answerSet:", "answerSets:"))
    result = run("import", "samm", str(source), "--out", str(tmp_path / "out"))
    assert f"{question}:2:1: error: missing key 'answerSet': add it" in clean_failure(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_import_samm_names_a_missing_folder(tmp_path):
    source = _broken_copy(tmp_path)
    shutil.rmtree(source / "streams")
    result = run("import", "samm", str(source), "--out", str(tmp_path / "out"))
    assert f"{source / 'streams'}: error: no streams files (*.yml)" in clean_failure(result)
    assert not (tmp_path / "out").exists()


def test_import_samm_refuses_an_existing_folder_with_files(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    result = run("import", "samm", str(SOURCE), "--out", str(tmp_path / "out"))
    assert "already exists: give a new or empty folder" in clean_failure(result)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]


@pytest.mark.slow
def test_an_imported_samm_model_builds(imported, tmp_path):
    result = run("build", "--content", str(imported), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert "Do teams do risk goals A at level 1?" in (tmp_path / "site" / "checklist.html").read_text()
