"""The bundled model's matrix places organisations where Conversocial's Social Maturity Index does.

Each archetype is written from the source's own definitions (sources/000: Investment is resources
committed, Innovation is adoption), then scored with the real scorer."""

from __future__ import annotations

import pytest

from generator.assessment.scoring import score_answers
from generator.build.pipeline import render_site
from generator.model.loading import load_model
from generator.model.translation import load_translated
from tests.helpers.data import CONTENT, LANGUAGES

MODEL = load_model(CONTENT)

# Conversocial's checks for Investment: staff dedicated to social, time invested, executives
# briefed regularly on performance metrics; with our budget, lead and leaders who champion social.
CONVERSOCIAL_INVESTMENT = ["someone-responsible", "dedicated-team", "time-set-aside", "exec-briefed"]
INVESTMENT = [*CONVERSOCIAL_INVESTMENT, "social-budget", "social-lead", "leaders-champion"]

# Its checks for Innovation: early adoption of new social apps and networks, agents who resolve a
# query fully in the social channel; and Contenders "engage actively on a range of platforms".
CONVERSOCIAL_INNOVATION = ["try-new-networks", "early-adopter", "resolve-in-channel", "where-customers-are"]
INNOVATION = [*CONVERSOCIAL_INNOVATION, "answer-questions", "new-formats", "social-query-tool"]

# The little else any of them may have: basics that measure neither resources nor adoption.
BASICS = ["accounts-owned", "brand-voice", "posting-rules", "basic-goals", "watch-mentions", "basic-numbers"]


def scored(*yes: list[str]):
    """Yes on the given items, no on every other (every item answered)."""
    answers = {item.id: "no" for item in MODEL.items} | {i: "yes" for group in yes for i in group}
    return score_answers(MODEL, answers)


def test_the_archetypes_name_real_items_on_the_right_axis():
    items = {item.id: item for item in MODEL.items}
    assert all(items[i].axis == "investment" for i in INVESTMENT)
    assert all(items[i].axis == "innovation" for i in INNOVATION)
    assert all(items[i].axis is None for i in BASICS)


@pytest.mark.parametrize(
    "yes, quadrant",
    [
        ((INVESTMENT, BASICS), "conservative"),
        ((INNOVATION, BASICS), "contenders"),
        ((INVESTMENT, INNOVATION, BASICS), "socialfirst"),
        ((BASICS,), "observers"),
        ((CONVERSOCIAL_INVESTMENT,), "conservative"),  # the source's own checks alone decide the axis
        ((CONVERSOCIAL_INNOVATION,), "contenders"),
        ((CONVERSOCIAL_INVESTMENT, CONVERSOCIAL_INNOVATION), "socialfirst"),
    ],
    ids=["conservative", "contender", "socialfirst", "observer", "source-investment", "source-innovation", "both"],
)
def test_an_archetype_lands_in_the_quadrant_conversocial_gives_it(yes, quadrant):
    result = scored(*yes)
    assert result.quadrant == quadrant, result.axes


def test_everything_off_the_matrix_leaves_an_organisation_an_observer():
    """Policies, guides, metrics and content raise stages and pillars, never the quadrant."""
    off_matrix = [item.id for item in MODEL.items if item.axis is None]
    result = scored(off_matrix)
    assert result.quadrant == "observers" and result.axes == {"investment": 0, "innovation": 0}


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_each_axis_says_in_its_first_sentence_what_it_measures(language):
    """The quadrants page opens each axis with one sentence that starts with its name."""
    model = load_translated(MODEL, language) if language != "en" else MODEL
    for axis in model.axes:
        first = axis.measures.split(". ")[0] if language != "zh" else axis.measures.split("。")[0]
        assert first.startswith(axis.name), (language, axis.id, first)
        assert len(first) < 240, (language, axis.id)


def test_the_quadrants_page_lists_what_moves_each_axis_and_nothing_else():
    docs, _ = render_site(MODEL)
    page = docs["quadrants/index.md"]
    for item in MODEL.items:
        shown = f"<code>{item.id.replace('-', '&#45;')}</code>" in page
        assert shown == (item.axis is not None), item.id
