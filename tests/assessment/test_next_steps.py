"""Recommended next steps (generator/assessment/next_steps.py): capped, unique, actions, each
with one plain sentence saying why and the numbers behind it apart, leading to the next stage,
and after what they require."""

from __future__ import annotations

import random
import re

import pytest

from generator.assessment.scoring import score_answers
from generator.model.loading import load_model
from tests.helpers.data import CONTENT
from tests.helpers.fixture_models import DEPS, read, score
from tests.helpers.htmlcheck import read_page

MODEL = load_model(CONTENT)

IDS = [item.id for item in MODEL.items]


def everything(value: str) -> dict[str, str]:
    return dict.fromkeys(IDS, value)


def test_next_steps_are_capped_unique_and_explained():
    result = score_answers(MODEL, everything("no"))
    assert len(result.next_steps) == MODEL.scoring.max_next_steps
    assert len({s.link for s in result.next_steps}) == len(result.next_steps)
    assert result.next_steps[0].link == "quadrants/observers.html"
    assert all(s.why and s.text for s in result.next_steps)


@pytest.mark.parametrize("value", ["no", "partial"])
def test_every_why_is_one_sentence_that_says_each_thing_once(value):
    for answers in (everything(value), {i: value if n % 3 else "yes" for n, i in enumerate(IDS)}):
        for step in score_answers(MODEL, answers).next_steps:
            for clause in (
                "Part of completing",
                "trengthens ",
                "your weakest pillar",
                "your weaker axis",
                "which it builds on",
                *(stage.name for stage in MODEL.stages),
            ):
                assert step.why.count(clause) <= 1, step.why
            assert ". " not in step.why and not step.why.endswith("."), step.why
            # Plain words: the counts, weights and scores are in the detail, not the reason.
            assert not re.search(r"\d", step.why), step.why
            assert re.search(r"\d", step.detail), step


def test_a_step_on_a_page_several_items_lead_to_merges_their_reasons():
    step = next(s for s in score_answers(MODEL, everything("no")).next_steps if " and " in s.why.split(",")[0])
    assert step.why.startswith("Part of completing ") and step.detail.count("open checks") == 1, step


def test_next_steps_are_actions():
    actions = {item.action for item in MODEL.items} | {st.text for s in MODEL.stages for st in s.steps}
    practices = {f"{p.name}: {p.summary}" for p in MODEL.practices}
    quadrants = {q.recommendation for q in MODEL.quadrants}
    for answers in (everything("no"), {i: "no" if n % 4 else "yes" for n, i in enumerate(IDS)}):
        for step in score_answers(MODEL, answers).next_steps:
            assert step.text in actions | practices | quadrants, step.text
    lone = next(item for item in MODEL.items if item.step)
    answers = {**everything("yes"), lone.id: "no"}
    shown = [s.text for s in score_answers(MODEL, answers).next_steps]
    practice = next(p for p in MODEL.practices if p.id == lone.practice) if lone.practice else None
    # its own action, or its practice's line when that practice is a next step too and stands for it
    assert lone.action in shown or (practice and f"{practice.name}: {practice.summary}" in shown), shown


def test_next_steps_lead_to_the_next_stage_and_link_to_real_pages(default_site):
    answers = {item.id: "yes" if item.stage == "emerging" else "no" for item in MODEL.items}
    result = score_answers(MODEL, answers)
    assert result.stage == "emerging"
    for step in result.next_steps:
        page, _, anchor = step.link.partition("#")
        assert not anchor or anchor in read_page(default_site / page).ids
    assert any("Part of completing Evolving" in s.why for s in result.next_steps)
    assert not any("Mastering" in s.why for s in result.next_steps)


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
        assert "which it builds on" in steps[index]["why"], steps[index]
        checked += 1
    assert checked >= 1


def test_deps_met_requirement_is_not_waited_for(tmp_path):
    data = score(tmp_path, DEPS, {**DEPS_NOTHING_DONE, "tags-defined": "yes", "tags-enforced": "yes"})
    links = [step["link"] for step in data["next_steps"]]
    assert "practices/tagging.html" not in links and step_link("tag-everything") not in links
    allocation = next(step for step in data["next_steps"] if step["link"] == "practices/cost-allocation.html")
    assert "Resource tagging" not in allocation["why"]


@pytest.mark.parametrize("seed", range(6))
def test_a_practice_takes_the_steps_of_its_own_items_instead_of_repeating_them(seed):
    """No next step is a stage step whose open items all belong to a practice that is a next step
    too: the practice's line stands for them (and counts their open checks)."""
    rng = random.Random(seed)
    answers = {item.id: rng.choice(["yes", "partial", "no"]) for item in MODEL.items}
    steps = score_answers(MODEL, answers).next_steps
    practices = {
        s.link.removeprefix("practices/").removesuffix(".html") for s in steps if s.link.startswith("practices/")
    }
    for step in steps:
        if "#step-" not in step.link:
            continue
        step_id = step.link.split("#step-")[1]
        open_items = [i for i in MODEL.items if i.step == step_id and answers[i.id] != "yes"]
        owners = {i.practice for i in open_items}
        assert not (len(owners) == 1 and owners <= practices), (step, owners)
