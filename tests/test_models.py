"""Model format 2 on three differently shaped fixture models, through the command line.

- `cmmi5`: five staged levels, the first without items, no matrix;
- `samm`: an assurance-style model with business functions (groups), two streams per practice
  and graded answer scales; its scores are checked against the streams-and-means formula;
- `deps`: a model with a matrix whose practices and steps require each other.
"""

from __future__ import annotations

import json
import random
import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from generator.assessment.numbers import round3

from .conftest import ROOT, run

FIXTURES = ROOT / "tests" / "fixtures"
CMMI5, SAMM, DEPS = FIXTURES / "cmmi5", FIXTURES / "samm", FIXTURES / "deps"


def read(model: Path, name: str):
    """One content file of a fixture, read directly (independently of the generator)."""
    return yaml.safe_load((model / name).read_text(encoding="utf-8"))


def score(tmp_path: Path, model: Path, answers: dict[str, str]) -> dict:
    """`playbook score --json` of these answers (values written quoted, as text)."""
    lines = ["answers:"] + [f"  {item}: {json.dumps(value)}" for item, value in answers.items()]
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(lines) + "\n" if answers else "answers: {}\n", encoding="utf-8")
    result = run("score", str(path), "--json", "--content", str(model))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- every fixture is a valid model ----------------------------------------------------------


@pytest.mark.parametrize("model", [CMMI5, SAMM, DEPS], ids=lambda p: p.name)
def test_fixture_validates_strictly(model):
    result = run("validate", "--strict", str(model))
    assert result.exit_code == 0, result.output
    assert "valid (" in result.stdout
    assert ": error: " not in result.output and ": warning: " not in result.output


# --- cmmi5: staged levels without a matrix -----------------------------------------------------


CMMI5_STAGES = [s["id"] for s in read(CMMI5, "stages.yaml")["stages"]]
CMMI5_ITEMS = read(CMMI5, "checklist.yaml")["items"]


def test_cmmi5_shape():
    assert CMMI5_STAGES == ["initial", "managed", "defined", "quantitative", "optimising"]
    assert not (CMMI5 / "axes.yaml").exists()
    assert not any(item["stage"] == "initial" for item in CMMI5_ITEMS)
    text = "\n".join(path.read_text(encoding="utf-8") for path in CMMI5.glob("*.yaml"))
    assert "quadrant" not in text.lower()


def test_cmmi5_nothing_done_is_the_first_level(tmp_path):
    data = score(tmp_path, CMMI5, {item["id"]: "no" for item in CMMI5_ITEMS})
    assert data["stage"] == "initial"
    assert "quadrant" in data and data["quadrant"] is None
    assert set(data["levels"].values()) == {"initial"}
    assert data["stages"]["initial"] == 100.0  # no items: met by default
    assert data["maturity_overall"] == 0.0


def test_cmmi5_all_yes_is_the_top_level(tmp_path):
    data = score(tmp_path, CMMI5, {item["id"]: "yes" for item in CMMI5_ITEMS})
    assert data["stage"] == "optimising"
    assert data["quadrant"] is None
    assert set(data["levels"].values()) == {"optimising"}
    # four stages with items, each fully credited, for every pillar
    assert set(data["maturity"].values()) == {4.0} and data["maturity_overall"] == 4.0


def test_cmmi5_levels_per_pillar(tmp_path):
    upto = {"planning": {"managed", "defined"}, "quality": {"managed"}}
    answers = {item["id"]: "yes" if item["stage"] in upto.get(item["pillar"], set()) else "no" for item in CMMI5_ITEMS}
    data = score(tmp_path, CMMI5, answers)
    assert data["levels"] == {"planning": "defined", "quality": "managed", "measurement": "initial"}
    assert data["maturity"] == {"planning": 2.0, "quality": 1.0, "measurement": 0.0}
    # overall: managed is met (5 of 6 weight), defined is not (2 of 4)
    assert data["stage"] == "managed"
    assert data["quadrant"] is None


# --- samm: groups, streams and graded answer scales -------------------------------------------


SAMM_MODEL = read(SAMM, "model.yaml")
SAMM_SCALES = {
    name: {o["value"]: Fraction(str(o["credit"])) for o in options}
    for name, options in SAMM_MODEL["scoring"]["scales"].items()
}
SAMM_ITEMS = read(SAMM, "checklist.yaml")["items"]
SAMM_PILLARS = [p["id"] for p in read(SAMM, "pillars.yaml")["pillars"]]
SAMM_GROUPS = {g["id"]: g["pillars"] for g in read(SAMM, "pillars.yaml")["groups"]}
STREAM_ID = re.compile(r"^(?P<pillar>[a-z]+(?:-[a-z]+)*)-(?P<stream>[ab])(?P<level>[123])$")


def samm_streams() -> dict[str, dict[str, dict[int, dict]]]:
    """{pillar: {stream: {level: item}}}, derived from the item ids (`<pillar>-a1` ... `<pillar>-b3`)."""
    streams: dict = {}
    for item in SAMM_ITEMS:
        match = STREAM_ID.match(item["id"])
        assert match, item["id"]
        assert match["pillar"] == item["pillar"] and item["stage"] == f"level-{match['level']}", item["id"]
        streams.setdefault(item["pillar"], {}).setdefault(match["stream"], {})[int(match["level"])] = item
    return streams


def test_samm_shape():
    streams = samm_streams()
    assert list(streams) == SAMM_PILLARS and len(SAMM_PILLARS) == 4
    for pillar, by_stream in streams.items():
        assert sorted(by_stream) == ["a", "b"], pillar
        assert all(sorted(levels) == [1, 2, 3] for levels in by_stream.values()), pillar
    assert len(SAMM_GROUPS) == 2 and sorted(p for ps in SAMM_GROUPS.values() for p in ps) == sorted(SAMM_PILLARS)
    assert all(item.get("weight", 1) == 1 and item["scale"] in SAMM_SCALES for item in SAMM_ITEMS)
    assert {item["scale"] for item in SAMM_ITEMS} == set(SAMM_SCALES) and len(SAMM_SCALES) == 2


def samm_expected(answers: dict[str, str]) -> dict:
    """The published formula: stream = sum of its level credits, practice = mean of its streams,
    business function = mean of its practices, overall = mean of the practices."""
    practice = {}
    for pillar, by_stream in samm_streams().items():
        stream_scores = [
            sum(SAMM_SCALES[item["scale"]][answers[item["id"]]] for item in levels.values())
            for levels in by_stream.values()
        ]
        practice[pillar] = sum(stream_scores, Fraction(0)) / len(stream_scores)
    functions = {
        g: sum((practice[p] for p in pillars), Fraction(0)) / len(pillars) for g, pillars in SAMM_GROUPS.items()
    }
    overall = sum(practice.values(), Fraction(0)) / len(practice)
    return {
        "maturity": {p: round3(float(v)) for p, v in practice.items()},
        "groups": {g: round3(float(v)) for g, v in functions.items()},
        "maturity_overall": round3(float(overall)),
    }


def samm_answer_sets() -> list[dict[str, str]]:
    sets = [
        {i["id"]: max(SAMM_SCALES[i["scale"]], key=SAMM_SCALES[i["scale"]].get) for i in SAMM_ITEMS},
        {i["id"]: min(SAMM_SCALES[i["scale"]], key=SAMM_SCALES[i["scale"]].get) for i in SAMM_ITEMS},
    ]
    for seed in range(12):
        rng = random.Random(seed)
        sets.append({i["id"]: rng.choice(sorted(SAMM_SCALES[i["scale"]])) for i in SAMM_ITEMS})
    return sets


@pytest.mark.parametrize("answers", samm_answer_sets(), ids=["top", "bottom"] + [f"seed{n}" for n in range(12)])
def test_samm_scores_follow_the_stream_formula(tmp_path, answers):
    data = score(tmp_path, SAMM, answers)
    expected = samm_expected(answers)
    assert data["maturity"] == expected["maturity"]
    assert data["groups"] == expected["groups"]
    assert data["maturity_overall"] == expected["maturity_overall"]
    assert data["quadrant"] is None
    assert (data["answered"], data["total"]) == (24, 24)


def test_samm_full_marks_and_nothing(tmp_path):
    top, bottom = samm_answer_sets()[:2]
    assert score(tmp_path, SAMM, top)["maturity_overall"] == 3.0
    assert score(tmp_path, SAMM, top)["stage"] == "level-3"
    nothing = score(tmp_path, SAMM, bottom)
    assert nothing["maturity_overall"] == 0.0 and nothing["stage"] == "level-0"


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


# --- deps: requirements order the next steps -------------------------------------------------


DEPS_PRACTICES = {p["id"]: p.get("requires", []) for p in read(DEPS, "practices.yaml")["practices"]}
DEPS_STEPS = {
    st["id"]: (s["id"], st.get("requires", []))
    for s in read(DEPS, "stages.yaml")["stages"]
    for st in s.get("steps", [])
}


def step_link(step_id: str) -> str:
    return f"stages/{DEPS_STEPS[step_id][0]}.html#step-{step_id}"


DEPS_NOTHING_DONE = {item["id"]: "no" for item in read(DEPS, "checklist.yaml")["items"]}


def test_deps_next_steps_follow_practice_requirements(tmp_path):
    links = [step["link"] for step in score(tmp_path, DEPS, DEPS_NOTHING_DONE)["next_steps"]]
    checked = 0
    for practice, requires in DEPS_PRACTICES.items():
        if f"practices/{practice}.html" not in links:
            continue
        for required in requires:  # nothing is done, so every required practice is still open
            assert f"practices/{required}.html" in links, (practice, required, links)
            assert links.index(f"practices/{required}.html") < links.index(f"practices/{practice}.html"), links
            checked += 1
    assert checked >= 2  # the chain is really exercised


def test_deps_step_after_its_requirement_says_so(tmp_path):
    steps = score(tmp_path, DEPS, DEPS_NOTHING_DONE)["next_steps"]
    links = [step["link"] for step in steps]
    checked = 0
    for step_id, (_, requires) in DEPS_STEPS.items():
        if step_link(step_id) not in links or not requires:
            continue
        index = links.index(step_link(step_id))
        for required in requires:
            assert step_link(required) in links and links.index(step_link(required)) < index, links
        assert "which it requires" in steps[index]["why"], steps[index]
        checked += 1
    assert checked >= 1


def test_deps_met_requirement_is_not_waited_for(tmp_path):
    data = score(tmp_path, DEPS, {**DEPS_NOTHING_DONE, "tags-defined": "yes", "tags-enforced": "yes"})
    links = [step["link"] for step in data["next_steps"]]
    assert "practices/tagging.html" not in links and step_link("tag-everything") not in links
    allocation = next(step for step in data["next_steps"] if step["link"] == "practices/cost-allocation.html")
    assert "Resource tagging" not in allocation["why"]


def test_a_model_without_a_matrix_has_no_quadrant_anywhere_on_its_pages(tmp_path):
    """Built, no page (text, attributes or page data) says "quadrant": the model's text does not."""
    from generator.build.pipeline import build_playbook

    build_playbook(FIXTURES / "cmmi5", tmp_path / "site")
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 15
    assert [p.name for p in pages if "quadrant" in p.read_text(encoding="utf-8").lower()] == []
    assert not (tmp_path / "site" / "quadrants").exists()
