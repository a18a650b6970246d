"""The bundled model (`content/`) and example clients (`clients/`): quadrant advice that moves
you on, steps that are evidenced, actions, translations, and what the example client sites show.

These tests are about the default model and its examples, not about the generator: they pin the
wiring the source review asked for (see the About page for what comes from where)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.assessment.migration import Migration
from generator.assessment.scoring import score_answers
from generator.build.pipeline import site_language
from generator.clients.profiles import load_client
from generator.model.loading import load_model
from generator.model.translation import load_translated
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, LANGUAGES, ROOT
from tests.helpers.htmlcheck import read_page

MODEL = load_model(CONTENT)

ITEMS = {item.id: item for item in MODEL.items}

AXES = [axis.id for axis in MODEL.axes]

STAGES = [stage.id for stage in MODEL.stages]

# The items a reader would act on after reading each quadrant's recommendation (axes.yaml), phrase
# by phrase. Every one must sit on an axis where the quadrant is low (for #SocialFirst, which is
# low on neither, on either axis), or following the advice could not move the organisation on.
RECOMMENDED = {
    "observers": [
        "where-customers-are",  # "talking with customers on every social network where they spend their time"
        "try-new-networks",  # "take on the role of an early adopter"
        "answer-questions",  # "start talking with customers"
        "social-query-tool",  # "a tool that handles the customer queries arriving on social"
        "care-involved",  # "a place for social in customer care from the first day"
    ],
    "conservative": [
        "support-social-training",  # "social skills for your customer support teams"
        "resolve-in-channel",  # "so that the people who solve problems can solve them on social"
        "shared-social-service",  # "give support a real share of the social channel alongside marketing"
        "private-messages",  # "take more complaints into private messages"
        # "a strategy that ties the social budget to business goals" is our own addition, and a
        # strategy measures neither resources nor adoption: business-goals counts towards no axis.
    ],
    "contenders": [
        "social-budget",  # "a proper budget"
        "dedicated-team",  # "staff whose job it is"
        "time-set-aside",  # "and protected time"
    ],
    "socialfirst": [
        "early-adopter",  # "taking up new products and channels before most others do"
        "integrations",  # "linking social to other departments through software integrations"
        "proactive-service",  # "service that reaches out to customers before they ask"
    ],
}


def weak_axes(quadrant) -> list[str]:
    low = [axis for axis in AXES if quadrant.position[axis] == "low"]
    return low or AXES


def typical_answers(quadrant) -> dict[str, str]:
    """Yes on the quadrant's high axes, no on its low ones and off the matrix; the recommended
    items are not done yet."""
    answers = {item.id: "yes" if quadrant.position.get(item.axis) == "high" else "no" for item in MODEL.items}
    return {**answers, **dict.fromkeys(RECOMMENDED[quadrant.id], "no")}


def test_every_quadrant_has_recommended_items():
    assert sorted(RECOMMENDED) == sorted(q.id for q in MODEL.quadrants)
    assert all(item_id in ITEMS for ids in RECOMMENDED.values() for item_id in ids)


@pytest.mark.parametrize("quadrant", MODEL.quadrants, ids=lambda q: q.id)
def test_recommended_items_are_scored_on_the_axis_the_quadrant_is_weak_on(quadrant):
    weak = weak_axes(quadrant)
    wrong = [(i, ITEMS[i].axis) for i in RECOMMENDED[quadrant.id] if ITEMS[i].axis not in weak]
    assert not wrong, f"{quadrant.id} is weak on {weak}, but its advice is scored on: {wrong}"


@pytest.mark.parametrize("quadrant", MODEL.quadrants, ids=lambda q: q.id)
def test_following_the_recommendation_moves_towards_socialfirst(quadrant):
    before_answers = typical_answers(quadrant)
    before = score_answers(MODEL, before_answers)
    assert before.quadrant == quadrant.id  # the starting point really is typical of the quadrant
    after = score_answers(MODEL, {**before_answers, **dict.fromkeys(RECOMMENDED[quadrant.id], "yes")})
    assert all(after.axes[a] >= before.axes[a] for a in AXES), (before.axes, after.axes)
    assert any(after.axes[a] > before.axes[a] for a in weak_axes(quadrant)), (before.axes, after.axes)
    assert any(after.axes[a] > before.axes[a] for a in AXES)


def test_the_conservative_quadrant_can_be_left_by_following_its_advice():
    """From Conservative answers with the innovation items half done, the advice reaches #SocialFirst."""
    conservative = next(q for q in MODEL.quadrants if q.id == "conservative")
    answers = typical_answers(conservative)
    innovation = [i.id for i in MODEL.items if i.axis == "innovation" and i.id not in RECOMMENDED["conservative"]]
    answers.update(dict.fromkeys(innovation, "partial"))
    assert score_answers(MODEL, answers).quadrant == "conservative"
    after = score_answers(MODEL, {**answers, **dict.fromkeys(RECOMMENDED["conservative"], "yes")})
    assert after.quadrant == "socialfirst", after.axes


def test_every_step_is_evidenced_by_an_item_at_the_right_stage():
    """A step listed under stage S is evidenced by items at the stage after S (the last stage's
    steps, how to stay there, by items at that stage itself); the items use the step's practices."""
    problems = []
    for index, stage in enumerate(MODEL.stages):
        expected = STAGES[min(index + 1, len(STAGES) - 1)]
        for step in stage.steps:
            evidence = [item for item in MODEL.items if item.step == step.id]
            if not evidence:
                problems.append(f"step {step.id} ({stage.id}) has no item")
            for item in evidence:
                if item.stage != expected:
                    problems.append(
                        f"{item.id} evidences {step.id} ({stage.id}) but counts towards {item.stage}, not {expected}"
                    )
                if item.practice not in step.practices:
                    problems.append(f"{item.id} uses practice {item.practice}, not one of {step.id}'s {step.practices}")
    assert not problems, "\n".join(problems)


def test_a_practice_is_placed_at_the_stage_of_its_first_items():
    for practice in MODEL.practices:
        stages = [STAGES.index(item.stage) for item in MODEL.items if item.practice == practice.id]
        assert stages, practice.id
        assert practice.stage == STAGES[min(stages)], (practice.id, practice.stage)


def test_every_item_has_an_action_that_reads_as_an_instruction():
    missing = [item.id for item in MODEL.items if not item.action]
    assert not missing
    for item in MODEL.items:
        first = item.action.split()[0]
        assert first[0].isupper() and first.lower() not in {"we", "our", "the", "a", "an"}, (item.id, item.action)
        assert item.action.endswith("."), item.id
        assert item.action != item.text, item.id


def test_the_observers_gap_is_checked_at_the_first_stage():
    """Conversocial's Observers have no software for social queries: an emerging item asks about it."""
    tool = ITEMS["social-query-tool"]
    assert (tool.stage, tool.axis) == (STAGES[0], "innovation")


def test_every_source_is_credited_and_the_about_page_says_what_is_ours():
    assert len(MODEL.info.sources) == 5
    assert all(source.title and source.author for source in MODEL.info.sources)
    assert MODEL.info.about and "What is ours" in MODEL.info.about


def test_default_model_has_the_shape_the_sources_give():
    assert [s.id for s in MODEL.stages] == ["emerging", "evolving", "mastering"]
    assert {q.id for q in MODEL.quadrants} == {"observers", "conservative", "contenders", "socialfirst"}
    assert [a.id for a in MODEL.axes] == ["investment", "innovation"]
    assert [p.id for p in MODEL.pillars] == ["people", "governance", "technology"]
    assert len(MODEL.practices) == 14
    assert any(c.id == "horseshoe-gap" for p in MODEL.pillars for c in p.challenges)


def test_the_default_model_is_complete_in_both_languages():
    status = run("i18n", "status", "--content", str(CONTENT)).stdout
    for language in LANGUAGES:
        assert re.search(rf"^{language}: (\d+) of \1 texts \(100%\)$", status, re.MULTILINE), status


def test_the_bundled_model_leads_from_1_0_and_the_example_client_is_carried_over():
    model = load_model(CONTENT)
    assert [(c.previous, c.version) for c in model.info.changes] == [("1.0", "1.1"), ("1.1", model.info.version)]
    client = load_client(ROOT / "clients" / "lumen-health.yaml", model)
    assert client.assessments[0].migrations == (Migration("1.0", model.info.version, (), ()),)


EXAMPLES = ROOT / "clients"


def test_examples_land_in_three_different_quadrants(client_sites):
    out, _ = client_sites
    quadrants = set()
    for path in EXAMPLES.glob("*.yaml"):
        client = load_client(path, MODEL)
        result = score_answers(MODEL, client.assessments[-1].answers)
        quadrants.add(result.quadrant)
        page = out / client.slug / "report.html"
        if client.profile.private:  # locked: the result is not on the page in clear
            assert "data-pb-locked" in page.read_text(encoding="utf-8")
            continue
        shown = load_translated(MODEL, site_language(MODEL, client))  # Fjord's report is in Norwegian
        report = " ".join(read_page(page).text)
        assert next(q.name for q in shown.quadrants if q.id == result.quadrant) in report
        assert next(s.name for s in shown.stages if s.id == result.stage) in report
    assert len(quadrants) == 3


@pytest.fixture
def examples(example_sites) -> Path:
    return example_sites[0]


def test_fjord_shows_three_respondents_who_disagree_with_their_notes(examples):
    report = (examples / "fjord-energi" / "report.html").read_text(encoding="utf-8")
    for name in ("Ingrid Solberg", "Lars Haugen", "Kari Nilsen"):
        assert name in report
    # Lars's note on care-involved (no, yes, no: the widest spread) shows beside the others' answers
    # where they disagree most (the appendix, only when asked, holds answers without notes).
    assert report.count("Kundeservice svarer på meldinger fra Facebook hver dag, men uten felles rutine.") == 1


def test_fjords_cover_and_summary_are_confidential_in_norwegian(examples):
    report = html.unescape((examples / "fjord-energi" / "report.html").read_text(encoding="utf-8"))
    assert report.count("Konfidensielt: utarbeidet for Fjord Energi AS") == 2  # the cover and the summary
    assert "Confidential" not in report and "Prepared by" not in report  # no publisher outside a project


def test_fjord_has_a_roadmap_to_its_target_with_live_links(examples):
    page = (examples / "fjord-energi" / "roadmap.html").read_text(encoding="utf-8")
    assert "Phase 1" in page or "Fase 1" in page
    for target in re.findall(r'href="([^"#:]+\.html)(?:#[^"]*)?"', page):
        assert (examples / "fjord-energi" / target).resolve().is_file(), target


def test_a_private_clients_roadmap_is_locked(examples):
    page = (examples / "northwind-retail").glob("**/roadmap.html")
    text = next(page).read_text(encoding="utf-8")
    assert "data-pb-locked=" in text and "Phase 1" not in text
