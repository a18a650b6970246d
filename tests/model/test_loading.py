"""Loading a model folder (generator/model/loading.py): every problem of a run collected, each
named once at its file, line and column with its fix, sorted; any shape of data gives problems,
never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.model import profile_schema, schema
from generator.model.loading import load_model, validate_document
from generator.yamlio import Document
from tests.helpers.cli import run
from tests.helpers.data import MINI
from tests.helpers.files import edit


def messages(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line or ": warning: " in line]


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


def break_three_ways(model: Path) -> None:
    """A misspelt key in one checklist item, an unknown pillar in another, an unknown stage in practices.yaml."""
    edit(model / "checklist.yaml", "stage: fluent, weight: 1,", "stage: fluent, wieght: 1,")
    edit(model / "checklist.yaml", "pillar: habits, stage: curious", "pillar: nope, stage: curious")
    edit(model / "practices.yaml", "    stage: fluent\n", "    stage: expert\n")


THREE_WAYS = [
    "model/checklist.yaml:3:116: error: items[1].wieght: unknown key 'wieght' (did you mean 'weight'?)",
    "model/checklist.yaml:4:84: error: items[2].pillar: unknown pillar 'nope': use one of habits, tooling",
    "model/practices.yaml:15:12: error: practices[1].stage: unknown stage 'expert': use one of curious, fluent",
]
NOT_CHECKED = (
    "model: note: references to and from what has errors (1 entry) were not checked: "
    "fix those errors, then validate again"
)


def test_load_model_reports_schema_and_reference_problems_of_every_file_at_once(mini_copy, monkeypatch):
    break_three_ways(mini_copy)
    monkeypatch.chdir(mini_copy.parent)
    with pytest.raises(ContentError) as raised:
        load_model(Path("model"))
    assert [str(p) for p in raised.value.problems] == [NOT_CHECKED, *THREE_WAYS]


def test_load_model_reports_no_unknown_reference_to_an_entry_that_failed_validation(mini_copy, monkeypatch):
    edit(mini_copy / "pillars.yaml", "    focus: [Regular reviews]", "    fokus: [Regular reviews]")  # pillar habits
    edit(
        mini_copy / "stages.yaml", "    signs: [Decisions cite evidence]", "    sings: [x]"
    )  # stage fluent, step keep-learning
    monkeypatch.chdir(mini_copy.parent)
    with pytest.raises(ContentError) as raised:
        load_model(Path("model"))
    assert [str(p) for p in raised.value.problems] == [
        NOT_CHECKED.replace("1 entry", "2 entries"),
        "model/pillars.yaml:11:5: error: pillars[1].fokus: unknown key 'fokus' (did you mean 'focus'?)",
        "model/stages.yaml:15:5: error: stages[1].sings: unknown key 'sings' (did you mean 'signs'?)",
    ]


def test_load_model_checks_the_other_files_when_a_whole_file_fails(mini_copy, monkeypatch):
    edit(mini_copy / "model.yaml", "\nsummary:", "\nsumary:")  # a required key: model.yaml fails as a whole
    edit(mini_copy / "pillars.yaml", "pillars:\n", "pillars: oops\nstray:\n")  # two keys fail
    edit(mini_copy / "practices.yaml", "    stage: fluent\n", "    stage: expert\n")
    monkeypatch.chdir(mini_copy.parent)
    with pytest.raises(ContentError) as raised:
        load_model(Path("model"))
    shown = [str(p) for p in raised.value.problems]
    assert shown[0] == NOT_CHECKED.replace("1 entry", "2 entries and 1 file")
    assert (
        "model/practices.yaml:15:12: error: practices[1].stage: unknown stage 'expert': use one of curious, fluent"
        in shown
    )
    assert not [line for line in shown if "unknown pillar" in line or "unknown scale" in line]


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_load_model_gives_problems_not_crashes_for_any_entry(data, tmp_path_factory):
    """One entry of any list replaced by an arbitrary structure: a ContentError, whatever the checks then meet."""
    folder = tmp_path_factory.mktemp("model")
    shutil.copytree(MINI, folder, dirs_exist_ok=True)
    name = data.draw(st.sampled_from(sorted(schema.CONTENT_FILES)))
    document = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    key = data.draw(st.sampled_from(sorted(document)))
    if isinstance(document[key], list) and document[key]:
        document[key][data.draw(st.integers(0, len(document[key]) - 1))] = data.draw(yaml_values)
    else:
        document[key] = data.draw(yaml_values)
    (folder / name).write_text(yaml.safe_dump(document), encoding="utf-8")
    try:
        load_model(folder)
    except ContentError as error:
        assert all(p.file for p in error.problems)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(data=yaml_values, file_schema=st.sampled_from(list(schema.CONTENT_FILES.values()) + [profile_schema.ClientFile]))
def test_arbitrary_structures_give_problems_not_crashes(data, file_schema):
    problems, value = validate_document(Document(Path("f.yaml"), data), file_schema)
    assert problems or value is not None
    for problem in problems:
        assert str(problem).startswith("f.yaml")
    if problems:
        with pytest.raises(ContentError):
            raise ContentError(problems)
