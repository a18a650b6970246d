"""Scoring rules: placement for typical answer sets, bounds, and monotonicity (hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.assessment.numbers import round1
from generator.assessment.scoring import score_answers
from generator.model.loading import load_model

from .conftest import CONTENT, MINI, edit
from .htmlcheck import read_page

MODEL = load_model(CONTENT)
IDS = [item.id for item in MODEL.items]
BY_AXIS = {axis.id: [i.id for i in MODEL.items if i.axis == axis.id] for axis in MODEL.axes}
HALF = math.ceil(MODEL.scoring.min_answered * len(IDS) / 100)  # answered items a result needs


def everything(value: str) -> dict[str, str]:
    return dict.fromkeys(IDS, value)


@pytest.mark.parametrize(
    "answers, stage, quadrant",
    [
        (everything("yes"), "mastering", "socialfirst"),
        (everything("no"), "emerging", "observers"),
        (
            {**dict.fromkeys(BY_AXIS["investment"], "yes"), **dict.fromkeys(BY_AXIS["innovation"], "no")},
            "emerging",
            "conservative",
        ),
        (
            {**dict.fromkeys(BY_AXIS["investment"], "no"), **dict.fromkeys(BY_AXIS["innovation"], "yes")},
            "emerging",
            "contenders",
        ),
        ({}, "emerging", "observers"),
    ],
    ids=["all-yes", "all-no", "investment-only", "innovation-only", "nothing-answered"],
)
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


def test_nothing_answered_gives_no_verdict_only_how_many_to_answer():
    document = score_answers(MODEL, {}).as_json()
    needed = math.ceil(MODEL.scoring.min_answered * len(IDS) / 100)
    assert (document["ready"], document["stage"], document["quadrant"]) == (False, None, None)
    assert (document["next_steps"], document["finish_first"], document["to_answer"]) == ([], [], needed)


@pytest.mark.parametrize("count, ready", [(HALF - 1, False), (HALF, True)])
def test_a_result_is_ready_from_min_answered(count, ready):
    document = score_answers(MODEL, dict.fromkeys(IDS[:count], "no")).as_json()
    assert document["ready"] is ready and (document["stage"] is not None) is ready
    assert bool(document["next_steps"]) is ready and document["to_answer"] == max(HALF - count, 0)


def test_min_answered_is_a_rule_of_the_model(mini_copy):
    edit(mini_copy / "model.yaml", "  max_next_steps: 5\n", "  max_next_steps: 5\n  min_answered: 100\n")
    model = load_model(mini_copy)
    answers = {item.id: "yes" for item in model.items[1:]}
    assert score_answers(model, answers).to_answer == 1
    assert score_answers(model, {**answers, model.items[0].id: "no"}).ready


def test_unanswered_items_are_listed_to_finish_first_and_are_no_next_steps():
    answered = IDS[:HALF]  # half unanswered: well over a fifth
    result = score_answers(MODEL, dict.fromkeys(answered, "no"))
    assert [u.id for u in result.finish_first] == IDS[HALF:][: MODEL.scoring.max_next_steps]
    assert all(u.link == f"checklist.html#pb-item-{u.id}" for u in result.finish_first)
    steps = {step.link for step in result.next_steps} - {"quadrants/observers.html"}
    assert steps <= pages_of(answered)  # every step closes a gap of an answered item
    assert steps != {step.link for step in score_answers(MODEL, everything("no")).next_steps}


def pages_of(item_ids) -> set[str]:
    """The pages next steps about these items link to: their step, practice and stage pages."""
    step_stage = {st.id: s.id for s in MODEL.stages for st in s.steps}
    items = [item for item in MODEL.items if item.id in item_ids]
    return (
        {f"stages/{step_stage[i.step]}.html#step-{i.step}" for i in items if i.step}
        | {f"practices/{i.practice}.html" for i in items if i.practice}
        | {f"stages/{i.stage}.html" for i in items}
    )


def test_no_finish_first_list_with_a_fifth_or_less_unanswered():
    fifth = len(IDS) * 20 // 100  # the most unanswered items that are not more than a fifth
    assert score_answers(MODEL, dict.fromkeys(IDS[fifth:], "no")).finish_first == []
    listed = score_answers(MODEL, dict.fromkeys(IDS[fifth + 1 :], "no")).finish_first
    assert [u.id for u in listed] == IDS[: fifth + 1][: MODEL.scoring.max_next_steps]


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
                "Counts towards",
                "ifts ",
                "your weakest pillar",
                "your weaker axis",
                "which it requires",
                *(f"{stage.name} (" for stage in MODEL.stages),
            ):
                assert step.why.count(clause) <= 1, step.why
            assert ". " not in step.why and not step.why.endswith("."), step.why


def test_a_step_on_a_page_several_items_lead_to_merges_their_reasons():
    step = next(s for s in score_answers(MODEL, everything("no")).next_steps if " and " in s.why.split(":")[0])
    assert step.why.startswith("Counts towards ") and step.why.count("open checks") == 1, step.why


def test_next_steps_are_actions():
    actions = {item.action for item in MODEL.items} | {st.text for s in MODEL.stages for st in s.steps}
    practices = {f"{p.name}: {p.summary}" for p in MODEL.practices}
    quadrants = {q.recommendation for q in MODEL.quadrants}
    for answers in (everything("no"), {i: "no" if n % 4 else "yes" for n, i in enumerate(IDS)}):
        for step in score_answers(MODEL, answers).next_steps:
            assert step.text in actions | practices | quadrants, step.text
    lone = next(item for item in MODEL.items if item.step)
    answers = {**everything("yes"), lone.id: "no"}
    assert lone.action in [s.text for s in score_answers(MODEL, answers).next_steps]


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
