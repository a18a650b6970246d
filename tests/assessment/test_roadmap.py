"""The roadmap (generator/assessment/roadmap.py): never a step before what it requires, and
every open item the target asks for on it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.assessment.answers import Assessment, Respondent
from generator.assessment.evaluation import evaluate
from generator.assessment.roadmap import roadmap
from generator.model.loading import load_model
from tests.helpers.data import ROOT

DEPS = ROOT / "tests" / "fixtures" / "deps"

deps_model = load_model(DEPS)

answer_sets = st.fixed_dictionaries(
    {}, optional={item.id: st.sampled_from([o.value for o in deps_model.scale_of(item)]) for item in deps_model.items}
)


@settings(max_examples=60, deadline=None)
@given(answer_sets, st.sampled_from([None, "reactive", "tracked", "optimised"]))
def test_the_roadmap_never_puts_a_step_before_what_it_requires(answers, stage):
    from generator.assessment.targets import Target

    assessment = Assessment(None, (Respondent("", None, {k: _response(v) for k, v in answers.items()}),))
    evaluation = evaluate(deps_model, assessment, Target(stage=stage) if stage else None)
    phases = roadmap(deps_model, evaluation)
    position = {step.item: (number, index) for number, steps in enumerate(phases) for index, step in enumerate(steps)}
    items = {item.id: item for item in deps_model.items}
    requires = {p.id: p.requires for p in deps_model.practices}
    step_requires = {st.id: st.requires for s in deps_model.stages for st in s.steps}
    for item_id, place in position.items():
        item = items[item_id]
        needed = [
            o
            for o in deps_model.items
            if o.id in position
            and (o.practice in requires.get(item.practice, []) or o.step in step_requires.get(item.step, []))
        ]
        for other in needed:
            assert position[other.id] < place, (other.id, item_id, phases)
    for item_id, aimed in evaluation.aimed.items():  # every open item the target asks for is on it
        credit = evaluation.credits.get(item_id, 0.0)
        assert (item_id in position) == (credit is not None and (credit or 0.0) < aimed)


def _response(value):
    from generator.assessment.answers import Response

    return Response(value)
