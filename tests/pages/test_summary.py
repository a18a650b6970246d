"""The printed summary's lines (generator/pages/summary.py): strengths, gaps and next steps."""

from __future__ import annotations

from generator.assessment.answers import Assessment, Respondent, Response
from generator.assessment.evaluation import evaluate
from generator.assessment.next_steps import NextStep
from generator.model.loading import load_model
from generator.pages import summary
from generator.urls import site_urls
from tests.helpers.data import CONTENT

MODEL = load_model(CONTENT)
ITEMS = {item.id: item for item in MODEL.items}
STAGE = {stage.id: index for index, stage in enumerate(MODEL.stages)}


def _evaluation(answers: dict[str, str]):
    return evaluate(MODEL, Assessment(None, (Respondent("", None, {k: Response(v) for k, v in answers.items()}),)))


def _item(text: str):
    return next(item for item in MODEL.items if item.text == text)


def test_strengths_are_items_met_in_full_most_advanced_first_one_per_pillar():
    evaluation = _evaluation({item.id: "yes" for item in MODEL.items} | {MODEL.items[0].id: "partial"})
    lines = summary.strengths(MODEL, evaluation)
    items = [_item(line["text"]) for line in lines]
    assert [line["answer"] for line in lines] == ["Yes"] * 3
    assert {item.stage for item in items} == {MODEL.stages[-1].id}  # the most advanced stage only
    assert len({item.pillar for item in items}) == 3  # one per pillar while the pillars last


def test_gaps_are_answered_items_short_of_full_most_basic_first_never_unanswered_or_na():
    first = [item for item in MODEL.items if item.stage == MODEL.stages[0].id]
    answers = {item.id: "yes" for item in MODEL.items} | {first[0].id: "n/a", MODEL.items[-1].id: "partial"}
    answers = {k: v for k, v in answers.items() if k != first[1].id}  # left unanswered
    evaluation = _evaluation(answers)
    assert summary.gaps(MODEL, evaluation) == [{"text": MODEL.items[-1].text, "answer": "Partly"}]
    answers |= {item.id: "no" for item in first[2:]} | {item.id: "partial" for item in MODEL.items[-4:]}
    lines = summary.gaps(MODEL, _evaluation(answers))
    assert len(lines) == 3 and all(_item(line["text"]).stage == MODEL.stages[0].id for line in lines)
    assert [line["answer"] for line in lines] == ["No"] * 3


def test_lists_fill_up_from_one_pillar_when_the_others_have_nothing():
    pillar = MODEL.pillars[0].id
    answers = {item.id: ("yes" if item.pillar == pillar else "no") for item in MODEL.items}
    lines = summary.strengths(MODEL, _evaluation(answers))
    assert len(lines) == 3 and {_item(line["text"]).pillar for line in lines} == {pillar}
    assert len({_item(line["text"]).practice or _item(line["text"]).step for line in lines}) == 3


def test_step_names_use_the_practice_name_and_the_quadrants_first_sentence():
    urls = site_urls()
    practice, quadrant = MODEL.practices[0], MODEL.quadrants[0]
    steps = [
        NextStep(quadrant.recommendation, "", urls["quadrant"].format(id=quadrant.id)),
        NextStep(f"{practice.name}: {practice.summary}", "", urls["practice"].format(id=practice.id)),
        NextStep("Write it down. Then share it.", "", urls["stage"].format(id="x")),
        NextStep("A fourth.", "", ""),
    ]
    names = summary.step_names(MODEL, steps)
    assert names[1:] == [practice.name, "Write it down"]
    assert names[0] == quadrant.recommendation.split(". ")[0].rstrip(".") and len(names[0]) < len(
        quadrant.recommendation
    )
