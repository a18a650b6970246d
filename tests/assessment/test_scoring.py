"""Scoring (generator/assessment/scoring.py): placement for typical answer sets, bounds and
monotonicity (hypothesis), what is left to answer first, and the scores of differently shaped
models (`cmmi5`: staged levels without a matrix; `samm`: streams, means and graded scales)."""

from __future__ import annotations

import math
import random
import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.assessment.scoring import score_answers
from generator.model.loading import load_model
from generator.numbers import round3
from tests.helpers.data import CONTENT, MINI
from tests.helpers.files import edit
from tests.helpers.fixture_models import CMMI5, SAMM, read, score

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
    item = next(i for i in MODEL.items if i.axis)  # the first item that counts towards an axis
    answers = everything("n/a")
    answers[item.id] = "yes"
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


def test_second_model_scores_with_its_own_rules():
    mini = load_model(MINI)
    result = score_answers(mini, {"metrics-published": "yes", "review-held": "yes"})
    assert (result.stage, result.quadrant) == ("curious", "broadcasters")
    assert result.axes == {"reach": 66.7, "depth": 25.0}
    assert len(result.next_steps) <= mini.scoring.max_next_steps


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


def test_completion_is_the_share_of_credit_earned_per_pillar_and_stage():
    model = load_model(MINI)
    answers = {"metrics-published": "yes", "review-held": "n/a", "decisions-logged": "partial"}
    # tooling: metrics-published (curious, weight 2) yes, self-service (fluent) unanswered: 0 of 1;
    # habits: review-held (curious) n/a leaves nothing possible; decisions-logged (fluent) partial.
    assert score_answers(model, answers).completion == {
        "tooling": {"curious": 1.0, "fluent": 0.0},
        "habits": {"curious": None, "fluent": 0.5},
    }
    samm = load_model(SAMM)
    completion = score_answers(samm, {}).as_json()["completion"]
    assert list(completion) == [p.id for p in samm.pillars]
    for pillar in samm.pillars:  # a stage where the pillar has no items has no cell
        staged = [s.id for s in samm.stages if any(i.pillar == pillar.id and i.stage == s.id for i in samm.items)]
        assert completion[pillar.id] == dict.fromkeys(staged, 0.0)
    assert "level-0" not in completion[samm.pillars[0].id]


def samm_stream_expected(answers: dict[str, str]) -> dict[str, dict]:
    """Each stream by hand: its pillar, score 0-100 over its three questions, level (the highest
    level reached with every level below it: one question each, reached at half credit) and
    maturity (the sum of its level credits)."""
    expected = {}
    for pillar, by_stream in samm_streams().items():
        for letter, levels in by_stream.items():
            credits = [SAMM_SCALES[levels[n]["scale"]][answers[levels[n]["id"]]] for n in (1, 2, 3)]
            reached = 0
            while reached < 3 and credits[reached] >= Fraction(1, 2):
                reached += 1
            expected[f"{pillar}-{letter}"] = {
                "pillar": pillar,
                "score": round(float(sum(credits, Fraction(0)) * 100 / 3), 1),
                "level": f"level-{reached}",
                "maturity": round3(float(sum(credits, Fraction(0)))),
            }
    return expected


@pytest.mark.parametrize("answers", samm_answer_sets()[:6], ids=["top", "bottom", "seed0", "seed1", "seed2", "seed3"])
def test_samm_score_per_stream_follows_the_pillar_rules_over_its_items(tmp_path, answers):
    data = score(tmp_path, SAMM, answers)
    assert data["streams"] == samm_stream_expected(answers)
    assert list(data["streams"]) == [f"{p}-{s}" for p in SAMM_PILLARS for s in "ab"]  # model order


def test_samm_practice_is_the_mean_of_its_streams(tmp_path):
    data = score(tmp_path, SAMM, samm_answer_sets()[4])
    for pillar in SAMM_PILLARS:
        both = [data["streams"][f"{pillar}-{s}"]["maturity"] for s in "ab"]
        assert data["maturity"][pillar] == pytest.approx(sum(both) / 2, abs=0.001)


def test_a_stream_without_items_is_left_out_of_scores_and_pages(fixture_copy, tmp_path):
    """An empty stream would reach every level by default: it has no score and no heading."""
    from generator.build.pipeline import render_site

    folder = fixture_copy("samm")
    edit(
        folder / "pillars.yaml",
        "      - id: requirements-b\n",
        "      - {id: unused, name: Unused}\n      - id: requirements-b\n",
    )
    data = score(tmp_path, folder, {"threats-a1": "1"})
    assert "unused" not in data["streams"] and "requirements-b" in data["streams"]
    docs, _ = render_site(load_model(folder))
    assert not [path for path, text in docs.items() if isinstance(text, str) and ">Unused<" in text]
    assert "### Unused" not in docs["pillars/requirements.md"]
