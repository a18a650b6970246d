"""Whole-model checks (generator/model/checks.py): references, ids, requirement circles, scales
and groups, reported at their place and briefly, however big the model."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.assessment.scoring import score_answers
from generator.model.loading import load_model
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import MINI
from tests.helpers.files import edit
from tests.helpers.fixture_models import CMMI5, DEPS, SAMM


@pytest.mark.parametrize("model", [CMMI5, SAMM, DEPS], ids=lambda p: p.name)
def test_fixture_validates_strictly(model):
    result = run("validate", "--strict", str(model))
    assert result.exit_code == 0, result.output
    assert "valid (" in result.stdout
    assert ": error: " not in result.output and ": warning: " not in result.output


def test_stage_without_items_is_a_note_even_under_strict(mini_copy):
    """A stage with no items is reached by default (a starting point): worth a note, not a warning."""
    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 1,", "stage: curious, weight: 1,")
    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 3,", "stage: curious, weight: 3,")
    for args in ((), ("--strict",)):
        result = run("validate", *args, str(mini_copy))
        assert result.exit_code == 0, result.stderr
        assert "note: stages[1]: stage 'fluent' has no checklist items: it is reached by default" in result.stderr


@pytest.mark.parametrize(
    "name, file, old, new, expected",
    [
        pytest.param(
            "deps",
            "practices.yaml",
            "    requires: [tagging]\n",
            "    requires: [rightsizing]\n",
            "practices.yaml:21:5: error: practices[1].requires: practices require each other in a circle: "
            "cost-allocation -> rightsizing -> team-budgets -> cost-allocation",
            id="cycle",
        ),
        pytest.param(
            "deps",
            "practices.yaml",
            "    requires: [tagging]\n",
            "    requires: [taging]\n",
            "practices.yaml:21:16: error: practices[1].requires[0]: unknown practice 'taging'",
            id="unknown-requires",
        ),
        pytest.param(
            "samm",
            "checklist.yaml",
            "scale: coverage",
            "scale: coverge",
            "error: items[0].scale: unknown scale 'coverge': use one of coverage, frequency",
            id="unknown-scale",
        ),
        pytest.param(
            "samm",
            "model.yaml",
            '      - {value: "0", label: "None of it", credit: 0}',
            '      - {value: "0", label: "None of it", credit: null}',
            "model.yaml:46:5: error: scoring.scales.coverage: the answers need one with credit 1",
            id="scale-credits",
        ),
        pytest.param(
            "samm",
            "pillars.yaml",
            "    pillars: [incidents, hardening]",
            "    pillars: [incidents, threats, nope]",
            "pillars.yaml:73:35: error: groups[1].pillars[2]: unknown pillar 'nope'",
            id="group-unknown-pillar",
        ),
        pytest.param(
            "samm",
            "pillars.yaml",
            "    pillars: [incidents, hardening]",
            "    pillars: [incidents, threats, hardening]",
            "pillars.yaml:73:26: error: groups[1].pillars[1]: pillar 'threats' is already in group 'design'",
            id="group-twice",
        ),
        pytest.param(
            "cmmi5",
            "model.yaml",
            "description: |\n",
            "description: |\n  See [x](vbscript:msgbox(1)).\n",
            "model.yaml:10:14: error: description: link 'vbscript:msgbox(1)' (text 'x') is not allowed",
            id="markdown-link-scheme",
        ),
    ],
)
def test_format_2_problems_name_the_place(fixture_copy, name, file, old, new, expected):
    folder = fixture_copy(name)
    edit(folder / file, old, new)
    result = run("validate", str(folder))
    assert result.exit_code == 1 and expected in result.stderr, result.stderr


def test_index_is_not_an_id_for_a_page(mini_copy):
    edit(mini_copy / "practices.yaml", "  - id: decision-log", "  - id: index")
    edit(mini_copy / "checklist.yaml", "practice: decision-log, step: keep", "practice: index, step: keep")
    edit(mini_copy / "checklist.yaml", "practice: decision-log}", "practice: index}")
    edit(mini_copy / "stages.yaml", "practices: [decision-log]", "practices: [index]")
    result = run("validate", str(mini_copy))
    assert result.exit_code == 1
    assert (
        "practices.yaml:9:9: error: practices[1].id: 'index' is the name of the practice overview page" in result.stderr
    )


def big_model(folder: Path, practices: int, items: int, typo: str = "practice-1x") -> Path:
    """The mini model with many practices and items; every item names the practice `typo`."""
    shutil.copytree(MINI, folder)
    lines = ["practices:"]
    for n in range(practices):
        lines += [
            f"  - {{id: practice-{n}, name: Practice {n}, summary: S., why: W., how: [H], pillars: [habits], "
            "stage: curious}"
        ]
    (folder / "practices.yaml").write_text("\n".join(lines) + "\n")
    lines = ["items:"]
    for n in range(items):
        axis, pillar, stage = [("reach", "tooling", "curious"), ("depth", "habits", "fluent")][n % 2]
        lines += [f"  - {{id: item-{n}, text: T., axis: {axis}, pillar: {pillar}, stage: {stage}, practice: {typo}}}"]
    (folder / "checklist.yaml").write_text("\n".join(lines) + "\n")
    edit(folder / "stages.yaml", "practices: [decision-log]", "practices: []")
    edit(folder / "stages.yaml", "practices: [weekly-review]", "practices: []")
    return folder


@pytest.mark.slow
def test_one_wrong_reference_in_a_big_model_gives_a_short_report(tmp_path):
    model = big_model(tmp_path / "big", practices=800, items=3000)
    stderr = clean_failure(run("validate", str(model)))
    assert len(stderr) < 40_000, len(stderr)  # it printed every practice id for every item
    first = stderr.splitlines()[0]
    assert re.fullmatch(
        r".*checklist\.yaml:2:\d+: error: items\[0\]\.practice: unknown practice 'practice-1x': use one of "
        r"practice-1, practice-\d+, practice-\d+ and 797 more",
        first,
    ), first
    assert re.search(r"\n\.\.\. and [0-9,]+ more problems \(fix these first\)\n", stderr)
    assert stderr.rstrip().endswith("Aborted with 3,000 errors.")


@pytest.mark.slow
def test_a_long_requirement_circle_is_named_briefly_and_without_recursion(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    count = 3000  # deeper than Python's recursion limit
    lines = ["practices:"]
    for n in range(count):
        lines.append(
            f"  - {{id: p-{n}, name: P{n}, summary: S., why: W., how: [H], pillars: [habits], stage: curious, "
            f"requires: [p-{(n + 1) % count}]}}"
        )
    (model / "practices.yaml").write_text("\n".join(lines) + "\n")
    text = (model / "checklist.yaml").read_text()
    (model / "checklist.yaml").write_text(re.sub(r"practice: [a-z-]+", "practice: p-0", text))
    edit(model / "stages.yaml", "practices: [decision-log]", "practices: []")
    edit(model / "stages.yaml", "practices: [weekly-review]", "practices: []")
    stderr = clean_failure(run("validate", str(model)))
    assert (
        "practices require each other in a circle: p-0 -> p-1 -> p-2 -> p-3 -> p-4 -> ... (2,993 more) ... -> "
        "p-2998 -> p-2999 -> p-0: remove one" in stderr
    )
    assert max(len(line) for line in stderr.splitlines()) < 400


def test_an_item_without_an_axis_is_valid_and_counts_towards_no_axis(mini_copy):
    """In a model with a matrix an item may measure neither axis: it still feeds its pillar and stage."""
    edit(
        mini_copy / "checklist.yaml",
        "axis: reach, pillar: tooling, stage: fluent, ",
        "pillar: tooling, stage: fluent, ",
    )
    result = run("validate", "--strict", str(mini_copy))
    assert result.exit_code == 0, result.output
    assert ": error: " not in result.output and ": warning: " not in result.output
    model = load_model(mini_copy)
    answers = {item.id: "no" for item in model.items} | {"self-service": "yes"}
    scored = score_answers(model, answers)
    assert scored.axes["reach"] == 0 and scored.pillars["tooling"] > 0


def test_streams_aliases_and_filters_are_checked_at_their_lines(fixture_copy):
    """Stream ids are unique and belong to the item's pillar; an alias names one item; a filter
    is a meta key some item has. Each problem is reported at its line, all in one run."""
    folder = fixture_copy("samm")
    pillars, checklist = folder / "pillars.yaml", folder / "checklist.yaml"
    edit(
        pillars,
        "      - id: requirements-b\n",
        "      - {id: threats-a, name: Again}\n      - {id: unused, name: Unused}\n      - id: requirements-b\n",
    )
    edit(checklist, "group_by: pillar\n", "group_by: pillar\nfilters: [difficulty]\n")
    edit(checklist, "  - id: threats-a1\n", "  - id: threats-a1\n    aliases: [SM-A-1, SM-A-1b, SM-A-1b, threats-a1]\n")
    edit(checklist, "  - id: threats-a2\n", "  - id: threats-a2\n    aliases: [SM-A-1]\n")
    edit(checklist, "  - id: threats-b1\n", "  - id: threats-b1\n    aliases: [threats-a1]\n")
    edit(checklist, "    stream: threats-a\n  - id: threats-a3\n", "    stream: incidents-a\n  - id: threats-a3\n")
    edit(checklist, "    stream: threats-a\n  - id: threats-b1\n", "  - id: threats-b1\n")
    edit(checklist, "    stream: threats-b\n    guidance: |\n", "    guidance: |\n")  # threats-b2
    edit(checklist, "    stream: threats-b\n\n", "\n")
    result = run("validate", str(folder))
    assert result.exit_code == 1
    for expected in (
        "pillars.yaml:26:14: error: pillars[1].streams[1].id: duplicate stream id 'threats-a' (first on line 9)",
        "checklist.yaml:4:11: error: filters[0]: no item has the meta key 'difficulty': give items a 'meta' map",
        "error: items[1].stream: unknown stream 'incidents-a' of pillar 'threats': use one of threats-a, threats-b",
        "error: items[1].aliases[0]: alias 'SM-A-1' already names item 'threats-a1': an alias must name one item",
        "error: items[3].aliases[0]: alias 'threats-a1' already names item 'threats-a1'",
        "error: items[0].aliases[2]: alias 'SM-A-1b' is listed twice: remove one",
        "error: items[0].aliases[3]: alias 'threats-a1' is the item's own id: remove it",
        "warning: pillars[1].streams[2]: stream 'unused' has no checklist items: it is left out of scores and pages",
        "warning: pillars[0].streams: pillar 'threats' has streams but its items threats-a3, threats-b2, threats-b3 "
        "name none: give each a 'stream'",
    ):
        assert expected in result.stderr, result.stderr
