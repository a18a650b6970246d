"""Scoring rules: placement for typical answer sets, bounds, and monotonicity (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.loading import load_model
from generator.scoring import round1, score_answers

from .conftest import CONTENT, MINI
from .htmlcheck import read_page

MODEL = load_model(CONTENT)
IDS = [item.id for item in MODEL.items]
BY_AXIS = {axis.id: [i.id for i in MODEL.items if i.axis == axis.id] for axis in MODEL.axes}


def everything(value: str) -> dict[str, str]:
    return dict.fromkeys(IDS, value)


@pytest.mark.parametrize("answers, stage, quadrant", [
    (everything("yes"), "mastering", "socialfirst"),
    (everything("no"), "emerging", "observers"),
    ({**dict.fromkeys(BY_AXIS["investment"], "yes"), **dict.fromkeys(BY_AXIS["innovation"], "no")}, "emerging", "conservative"),
    ({**dict.fromkeys(BY_AXIS["investment"], "no"), **dict.fromkeys(BY_AXIS["innovation"], "yes")}, "emerging", "contenders"),
    ({}, "emerging", "observers"),
], ids=["all-yes", "all-no", "investment-only", "innovation-only", "nothing-answered"])
def test_placement(answers, stage, quadrant):
    result = score_answers(MODEL, answers)
    assert (result.stage, result.quadrant) == (stage, quadrant)


def test_all_yes_scores_100_everywhere_and_leaves_only_the_recommendation():
    result = score_answers(MODEL, everything("yes"))
    assert set(result.axes.values()) == set(result.pillars.values()) == set(result.stages.values()) == {100.0}
    assert [s.link for s in result.next_steps] == ["quadrants/socialfirst.html"]
    assert (result.answered, result.total) == (len(IDS), len(IDS))


def test_every_stage_is_reachable():
    reached = set()
    for index in range(len(MODEL.stages)):
        lower = {s.id for s in MODEL.stages[: index + 1]}
        answers = {item.id: "yes" if item.stage in lower else "no" for item in MODEL.items}
        reached.add(score_answers(MODEL, answers).stage)
    assert reached == {stage.id for stage in MODEL.stages}


def test_a_stage_needs_every_lower_stage():
    answers = {item.id: "no" if item.stage == "emerging" else "yes" for item in MODEL.items}
    result = score_answers(MODEL, answers)
    assert result.stages["mastering"] == 100 and result.stage == "emerging"


def test_everything_na_but_one_item():
    answers = everything("n/a")
    answers[IDS[0]] = "yes"
    item = MODEL.items[0]
    result = score_answers(MODEL, answers)
    assert result.axes[item.axis] == 100 and result.pillars[item.pillar] == 100 and result.stages[item.stage] == 100
    other_axis = next(a.id for a in MODEL.axes if a.id != item.axis)
    assert result.axes[other_axis] == 0
    assert result.stage == "emerging"


def test_na_leaves_the_item_out_of_every_denominator():
    base = {item_id: "yes" for item_id in BY_AXIS["investment"][:3]}
    with_na = {**base, BY_AXIS["investment"][3]: "n/a"}
    with_no = {**base, BY_AXIS["investment"][3]: "no"}
    assert score_answers(MODEL, with_na).axes["investment"] > score_answers(MODEL, with_no).axes["investment"]
    assert score_answers(MODEL, with_na).axes["investment"] > score_answers(MODEL, base).axes["investment"]


def test_unanswered_items_are_reported_as_such():
    result = score_answers(MODEL, {})
    assert result.answered == 0
    assert any("not answered" in step.why for step in result.next_steps)
    assert all("not answered" not in step.why for step in score_answers(MODEL, everything("no")).next_steps)


def test_next_steps_are_capped_unique_and_explained():
    result = score_answers(MODEL, everything("no"))
    assert len(result.next_steps) == MODEL.scoring.max_next_steps
    assert len({s.link for s in result.next_steps}) == len(result.next_steps)
    assert result.next_steps[0].link == "quadrants/observers.html"
    assert all(s.why and s.text for s in result.next_steps)


def test_next_steps_lead_to_the_next_stage_and_link_to_real_pages(default_site):
    answers = {item.id: "yes" if item.stage == "emerging" else "no" for item in MODEL.items}
    result = score_answers(MODEL, answers)
    assert result.stage == "emerging"
    for step in result.next_steps:
        page, _, anchor = step.link.partition("#")
        assert not anchor or anchor in read_page(default_site / page).ids
    assert any("Counts towards Evolving" in s.why for s in result.next_steps)
    assert not any("Mastering" in s.why for s in result.next_steps)


def test_second_model_scores_with_its_own_rules():
    mini = load_model(MINI)
    result = score_answers(mini, {"metrics-published": "yes", "review-held": "yes"})
    assert (result.stage, result.quadrant) == ("curious", "broadcasters")
    assert result.axes == {"reach": 66.7, "depth": 25.0}
    assert len(result.next_steps) <= mini.scoring.max_next_steps


def test_round1_rounds_half_up():
    assert [round1(x) for x in (0.05, 0.15, 66.66666, 12.25)] == [0.1, 0.2, 66.7, 12.3]


answer_sets = st.dictionaries(st.sampled_from(IDS), st.sampled_from(["yes", "partial", "no", "n/a"]))


def flat(result) -> list[float]:
    return [*result.axes.values(), *result.pillars.values(), *result.stages.values()]


@settings(max_examples=150, deadline=None)
@given(answers=answer_sets, item=st.sampled_from(IDS))
def test_answering_one_more_item_yes_never_lowers_any_score(answers, item):
    before = score_answers(MODEL, answers)
    after = score_answers(MODEL, {**answers, item: "yes"})
    assert all(b <= a for b, a in zip(flat(before), flat(after), strict=True))
    stage_order = [s.id for s in MODEL.stages]
    assert stage_order.index(after.stage) >= stage_order.index(before.stage)


@settings(max_examples=100, deadline=None)
@given(answers=answer_sets)
def test_scores_stay_in_bounds_and_ignore_answer_order(answers):
    result = score_answers(MODEL, answers)
    assert all(0 <= value <= 100 for value in flat(result))
    reordered = score_answers(MODEL, dict(reversed(list(answers.items()))))
    assert reordered == result
