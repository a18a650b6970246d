"""Several respondents, one result (generator/assessment/merging.py): merged by the model's
rule, n/a left out, and the same scores as scoring the merged credits."""

from __future__ import annotations

import random
import re

import pytest

from generator.assessment.answers_file import combine_files
from generator.assessment.evaluation import evaluate
from generator.assessment.scoring import score_credits
from generator.model.loading import load_model
from tests.helpers.cli import score_json
from tests.helpers.data import MINI, ROOT
from tests.helpers.files import answers_file, edit


@pytest.mark.parametrize(
    "rule, tooling",
    [
        # metrics-published (weight 2): yes, yes, no -> credits 1, 1, 0; self-service (weight 1) unanswered.
        ("mean", round(2 * (2 / 3) / 3 * 100, 1)),
        ("min", 0.0),
        ("median", round(2 * 1 / 3 * 100, 1)),
    ],
)
def test_several_files_merge_by_the_models_rule(mini_copy, tmp_path, rule, tooling):
    edit(mini_copy / "model.yaml", "scoring:\n", f"scoring:\n  merge: {rule}\n")
    files = [
        answers_file(tmp_path / f"{name}.yaml", {"metrics-published": value, "review-held": review}, name=name)
        for name, value, review in (("Ada", "yes", "yes"), ("Ben", "yes", "partial"), ("Cy", "no", "n/a"))
    ]
    document = score_json(*map(str, files), "--content", str(mini_copy))
    assert document["pillars"]["tooling"] == tooling
    assert [r["name"] for r in document["respondents"]] == ["Ada", "Ben", "Cy"]
    assert document["disagreement"] == [
        {"item": "metrics-published", "spread": 1.0, "values": {"Ada": "yes", "Ben": "yes", "Cy": "no"}},
        {"item": "review-held", "spread": 0.5, "values": {"Ada": "yes", "Ben": "partial", "Cy": "n/a"}},
    ]


def test_an_item_all_call_not_applicable_is_left_out_and_one_nobody_answered_stays_open(tmp_path):
    model = load_model(MINI)
    files = [
        answers_file(tmp_path / f"{n}.yaml", {"metrics-published": "n/a", "review-held": "yes"}, name=n)
        for n in ("Ada", "Ben")
    ]
    evaluation = evaluate(model, combine_files(files, model))
    assert evaluation.credits == {"metrics-published": None, "review-held": 1.0}
    assert evaluation.result.answered == 2 and evaluation.result.pillars["tooling"] == 0.0


def test_merged_scores_equal_scoring_the_merged_credits_on_random_answers(tmp_path):
    model = load_model(ROOT / "content")
    rng = random.Random(11)
    files = []
    for name in ("Ada", "Ben", "Cy"):
        answers = {
            item.id: rng.choice([o.value for o in model.scale_of(item)]) for item in model.items if rng.random() < 0.8
        }
        files.append(answers_file(tmp_path / f"{name}.yaml", answers, name=name))
    document = score_json(*map(str, files))
    expected = {}
    for item in model.items:
        credits = []
        for path in files:
            value = re.search(rf"^  {item.id}: (\S+)$", path.read_text(), re.M)
            if value:
                credits.append(next(o.credit for o in model.scale_of(item) if o.value == value[1]))
        counted = [c for c in credits if c is not None]
        if credits:
            expected[item.id] = sum(counted) / len(counted) if counted else None
    assert {k: document[k] for k in ("stage", "pillars", "axes", "maturity")} == {
        k: v
        for k, v in score_credits(model, expected).as_json().items()
        if k in ("stage", "pillars", "axes", "maturity")
    }


@pytest.mark.parametrize("unanswered", ["skip", "zero"])
def test_merged_credits_count_a_blank_as_zero_only_when_the_model_says_so(mini_copy, tmp_path, unanswered):
    edit(mini_copy / "model.yaml", "scoring:\n", f"scoring:\n  unanswered: {unanswered}\n")
    model = load_model(mini_copy)
    answers = {  # Cy left metrics-published blank; nobody answered self-service
        "Ada": {"metrics-published": "yes", "review-held": "n/a"},
        "Ben": {"metrics-published": "partial", "review-held": "yes"},
        "Cy": {"review-held": "no"},
    }
    files = [answers_file(tmp_path / f"{name}.yaml", given, name=name) for name, given in answers.items()]
    evaluation = evaluate(model, combine_files(files, model))
    blank = [0.0] if unanswered == "zero" else []
    metrics = [1.0, 0.5, *blank]  # yes, partial and Cy's blank
    review = [1.0, 0.0]  # Ada's n/a stays out either way
    assert evaluation.credits == {
        "metrics-published": sum(metrics) / len(metrics),  # skip: 0.75, zero: 0.5
        "review-held": sum(review) / len(review),
    }
    assert evaluation.result.pillars["tooling"] == round(2 * sum(metrics) / len(metrics) / 3 * 100, 1)
