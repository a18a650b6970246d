"""Loading a model folder (generator/model/loading.py): every problem of a run collected, each
named once at its file, line and column with its fix, sorted; any shape of data gives problems,
never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.model import profile_schema, schema
from generator.model.loading import validate_document
from generator.yamlio import Document
from tests.helpers.cli import run
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
