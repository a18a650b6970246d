"""`playbook import dsomm`: DSOMM's generated model.yaml to a model whose levels are DSOMM's.

The fixture `tests/fixtures/dsomm-source/model.yaml` has DSOMM's shape (a `meta` document, then
dimensions, sub-dimensions and activities) with ids and texts of our own, a sub-dimension with
no activity at level 2 and dependencies by uuid and by name.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
import yaml

from generator.assessment.scoring import score_answers
from generator.model.loading import load_model
from generator.numbers import round3
from tests.helpers.cli import clean_failure, run, score_json

SOURCE = Path(__file__).parents[1] / "fixtures" / "dsomm-source" / "model.yaml"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("dsomm") / "model"
    result = run("import", "dsomm", str(SOURCE), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def dsomm_levels(source: Path, implemented: set[str]) -> dict[str, tuple[int, float]]:
    """DSOMM's rule, from the source alone: the heatmap's sector (sub-dimension, level) is the
    share of its activities implemented (NaN, drawn blank, without activities); a sub-dimension
    is at the highest level whose sectors up to it are all full or blank. Gives {sub-dimension:
    (level, sum of its sectors' shares)}."""
    *_, dimensions = yaml.safe_load_all(source.read_text())
    found = {}
    for subs in dimensions.values():
        for sub, activities in subs.items():
            sectors = []
            for level in range(1, 6):
                done = [a["uuid"] in implemented for a in activities.values() if a["level"] == level]
                sectors.append(sum(done) / len(done) if done else math.nan)
            reached = 0
            for level, share in enumerate(sectors, 1):
                if not (math.isnan(share) or share == 1):
                    break
                reached = level
            found[sub] = (reached, sum(0 if math.isnan(s) else s for s in sectors))
    return found


def test_import_dsomm_writes_a_model_that_validates_strictly(imported):
    assert run("validate", "--strict", str(imported)).exit_code == 0
    model = load_model(imported)
    assert [(g.name, g.pillars) for g in model.groups] == [
        ("Shipping", ["packaging", "releasing"]),
        ("Learning", ["training"]),
    ]
    assert all(p.summary is None and p.description is None for p in model.pillars)
    assert [s.id for s in model.stages] == ["level-0", *(f"level-{n}" for n in range(1, 6))]
    assert model.info.version == "9.1.0"
    assert (model.scoring.unanswered, model.scoring.stage_threshold) == ("zero", 100)
    assert model.filters == ["tags", "usefulness", "difficulty-knowledge", "difficulty-time", "difficulty-resources"]
    signed = next(i for i in model.items if i.id == "signed-packages")
    assert signed.aliases == ["0a000000-0000-4000-8000-000000000003"]
    assert signed.meta == {
        "tags": ["build", "integrity"],
        "usefulness": 5,
        "difficulty-knowledge": 3,
        "difficulty-time": 2,
        "difficulty-resources": 2,
    }
    requires = {p.id: p.requires for p in model.practices if p.requires}
    assert requires == {
        "packages-built-in-clean-machines": ["written-packaging-steps"],  # by uuid
        "signed-packages": ["packages-built-in-clean-machines"],  # by name
        "own-capture-the-flag-event": ["hands-on-exercises"],
    }


@pytest.mark.parametrize("seed", range(10))
def test_import_dsomm_levels_equal_dsomm_rule(imported, seed):
    model = load_model(imported)
    rng = random.Random(seed)
    answers = {item.id: rng.choice(["yes", "yes", "no"]) for item in model.items if rng.random() < 0.8}
    implemented = {item.aliases[0] for item in model.items if answers.get(item.id) == "yes"}
    result = score_answers(model, answers)
    expected = dsomm_levels(SOURCE, implemented)
    assert {p.name: result.levels[p.id] for p in model.pillars} == {k: f"level-{v[0]}" for k, v in expected.items()}
    assert {p.name: result.maturity[p.id] for p in model.pillars} == {k: round3(v[1]) for k, v in expected.items()}


def test_import_dsomm_scores_answers_keyed_by_uuid(imported, tmp_path):
    model = load_model(imported)
    by_uuid, by_id = (tmp_path / folder / "answers.yaml" for folder in ("by-source-id", "by-id"))  # one respondent name
    by_uuid.parent.mkdir(), by_id.parent.mkdir()
    by_uuid.write_text("answers:\n" + "".join(f"  {i.aliases[0]}: 'yes'\n" for i in model.items[:5]))
    by_id.write_text("answers:\n" + "".join(f"  {i.id}: 'yes'\n" for i in model.items[:5]))
    assert score_json(str(by_uuid), "--content", str(imported)) == score_json(str(by_id), "--content", str(imported))


def test_import_dsomm_names_the_line_and_key_that_is_missing_and_writes_nothing(tmp_path):
    source = tmp_path / "model.yaml"
    source.write_text(SOURCE.read_text().replace("      risk: Talks are forgotten.\n", ""))
    result = run("import", "dsomm", str(source), "--out", str(tmp_path / "out"))
    message = "error: Learning.Training.Hands-on exercises: missing key 'risk': add it to the activity"
    assert f"{source}:107:5: {message}" in clean_failure(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.yaml"]


def test_import_dsomm_names_a_dependency_on_no_activity(tmp_path):
    source = tmp_path / "model.yaml"
    source.write_text(SOURCE.read_text().replace("- Packages built in clean machines", "- Packages built elsewhere"))
    result = run("import", "dsomm", str(source), "--out", str(tmp_path / "out"))
    assert "Shipping.Packaging.Signed packages.dependsOn.0: no activity has uuid or name" in clean_failure(result)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_an_imported_dsomm_model_builds(imported, tmp_path):
    result = run("build", "--content", str(imported), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert "Own capture-the-flag event" in (tmp_path / "site" / "checklist.html").read_text()


def test_import_dsomm_gives_activities_of_one_name_ids_of_their_own(tmp_path):
    """Two sub-dimensions may each have an activity of the same name: each gets its own item."""
    source = tmp_path / "model.yaml"
    source.write_text(SOURCE.read_text().replace("    Yearly security talk:\n", "    Release checklist:\n"))
    result = run("import", "dsomm", str(source), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    items = load_model(tmp_path / "out").items
    same = [(item.id, item.pillar) for item in items if item.text == "Release checklist"]
    assert same == [("release-checklist", "releasing"), ("training-release-checklist", "training")]


def test_import_dsomm_refuses_a_level_that_is_not_a_plain_number(tmp_path):
    source = tmp_path / "model.yaml"
    source.write_text(SOURCE.read_text().replace("      level: 1\n", "      level: ²\n", 1))
    result = run("import", "dsomm", str(source), "--out", str(tmp_path / "out"))
    assert "'²' is not a whole number from 1 to 5: fix it" in clean_failure(result)
