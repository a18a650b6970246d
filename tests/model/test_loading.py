"""Bad content: one clear message with file, line and fix, exit 1, and no site written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, edit, run


def messages(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line or ": warning: " in line]


def test_valid_model_passes(mini_copy):
    result = run("validate", str(mini_copy))
    assert result.exit_code == 0, result.stderr
    assert "valid (2 stages, 4 quadrants, 2 pillars, 2 practices, 4 checklist items)" in result.stdout


CASES = [
    pytest.param(
        "stages.yaml",
        "    summary: The team wants data but has little.\n",
        "    summary: [The team wants\n",
        "stages.yaml:5:16: error: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts on line 4): fix the syntax here",
        id="broken-yaml",
    ),
    pytest.param(
        "stages.yaml",
        "    summary: Data is part of every decision.\n",
        "",
        "stages.yaml:11:5: error: stages[1]: missing required key 'summary'",
        id="missing-field",
    ),
    pytest.param(
        "checklist.yaml",
        "stage: fluent, weight: 1,",
        "stage: fluent, wieght: 1,",
        "checklist.yaml:3:116: error: items[1].wieght: unknown key 'wieght' (did you mean 'weight'?)",
        id="unknown-key",
    ),
    pytest.param(
        "axes.yaml",
        "  - id: specialists\n",
        "  - id: starters\n",
        "axes.yaml:21:9: error: quadrants[1].id: duplicate quadrant id 'starters' (first on line 14): ids must be unique",
        id="duplicate-id",
    ),
    pytest.param(
        "practices.yaml",
        "    stage: fluent\n",
        "    stage: expert\n",
        "practices.yaml:15:12: error: practices[1].stage: unknown stage 'expert': use one of curious, fluent",
        id="unknown-stage",
    ),
    pytest.param(
        "checklist.yaml",
        "axis: depth, pillar: habits, stage: curious",
        "axis: width, pillar: habits, stage: curious",
        "checklist.yaml:4:69: error: items[2].axis: unknown axis 'width': use one of depth, reach",
        id="unknown-axis",
    ),
    pytest.param(
        "checklist.yaml",
        "pillar: tooling, stage: fluent",
        "pillar: tools, stage: fluent",
        "checklist.yaml:3:92: error: items[1].pillar: unknown pillar 'tools': use one of habits, tooling",
        id="unknown-pillar",
    ),
    pytest.param(
        "model.yaml",
        'version: "0.3"',
        "version: 0.30",
        "model.yaml:3:10: error: version: expected text, found a YAML number: put the text in quotes",
        id="number-for-text",
    ),
]


@pytest.mark.parametrize("file, old, new, expected", CASES)
def test_each_problem_gets_one_clear_message_and_exit_1(mini_copy, monkeypatch, file, old, new, expected):
    edit(mini_copy / file, old, new)
    monkeypatch.chdir(mini_copy.parent)  # messages name files relative to the working folder
    result = run("validate", "model")
    assert result.exit_code == 1
    assert messages(result) == [f"model/{expected}"]
    assert "Traceback" not in result.output


def test_bad_content_leaves_the_previous_site_untouched(mini_copy, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--content", str(mini_copy), "--out", str(out)).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(mini_copy / "checklist.yaml", "pillar: tooling", "pillar: tools")
    result = run("build", "--content", str(mini_copy), "--out", str(out))
    assert result.exit_code == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model", "site"]  # no staging left behind


def test_bad_content_writes_no_site_at_all(mini_copy, tmp_path):
    edit(mini_copy / "stages.yaml", "  - id: fluent", "  - id: curious")
    result = run("build", "--content", str(mini_copy), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert not (tmp_path / "site").exists()


def test_all_problems_across_files_are_reported_sorted(mini_copy):
    edit(mini_copy / "stages.yaml", "    signs: [Decisions cite evidence]\n", "    sings: [Decisions cite evidence]\n")
    edit(mini_copy / "axes.yaml", "    measures: How far", "    meaures: How far")
    result = run("validate", str(mini_copy))
    lines = messages(result)
    assert result.exit_code == 1
    assert len(lines) == 3  # each typo: the unknown key, and for `meaures` the required key it left missing
    assert lines == sorted(lines, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert "unknown key 'sings' (did you mean 'signs'?)" in result.stderr
    assert result.stderr.rstrip().endswith("Aborted with 3 errors.")


def test_missing_folder_and_missing_file(mini_copy, tmp_path):
    (mini_copy / "practices.yaml").unlink()
    result = run("validate", str(mini_copy))
    assert result.exit_code == 1
    assert "practices.yaml: error: missing: a model folder needs model.yaml" in result.stderr
    assert run("validate", str(tmp_path / "nowhere")).exit_code == 1


def test_stage_without_items_is_a_note_even_under_strict(mini_copy):
    """A stage with no items is reached by default (a starting point): worth a note, not a warning."""
    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 1,", "stage: curious, weight: 1,")
    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 3,", "stage: curious, weight: 3,")
    for args in ((), ("--strict",)):
        result = run("validate", *args, str(mini_copy))
        assert result.exit_code == 0, result.stderr
        assert "note: stages[1]: stage 'fluent' has no checklist items: it is reached by default" in result.stderr


FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def fixture_copy(tmp_path):
    """A writable copy of one of the format-2 fixture models."""

    def copy(name: str) -> Path:
        shutil.copytree(FIXTURES / name, tmp_path / name)
        return tmp_path / name

    return copy


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
            "pillars.yaml:57:35: error: groups[1].pillars[2]: unknown pillar 'nope'",
            id="group-unknown-pillar",
        ),
        pytest.param(
            "samm",
            "pillars.yaml",
            "    pillars: [incidents, hardening]",
            "    pillars: [incidents, threats, hardening]",
            "pillars.yaml:57:26: error: groups[1].pillars[1]: pillar 'threats' is already in group 'design'",
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


def test_a_markdown_link_refused_in_any_form_is_an_error_at_its_field(fixture_copy):
    folder = fixture_copy("cmmi5")
    edit(folder / "model.yaml", "description: |\n", "description: |\n  - [x]: javascript:alert(1)\n\n  [guide][x]\n\n")
    result = run("validate", str(folder))
    assert result.exit_code == 1
    assert (
        "model.yaml:10:14: error: description: link 'javascript:alert(1)' (text 'guide') is not allowed"
        in result.stderr
    )
