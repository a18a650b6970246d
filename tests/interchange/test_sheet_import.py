"""`playbook import sheet`: a model kept in a workbook or CSV files, read as text, checked at its cells."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from generator.model.loading import load_model
from tests.helpers.cli import clean_failure, run, score_json

SHEETS = {
    "model": [["Key", "Value"], ["name", "Tiny model"], ["version", "1.10"], ["scoring.stage_threshold", "50"]],
    "stages": [["ID", "Name", "Summary"], ["start", "Start", "Where all begin."], ["steady", "Steady", "Done often."]],
    "pillars": [["id", "name", "summary"], ["data", "Data", "Facts."], ["people", "People", "Who."]],
    "scales": [
        ["scale", "value", "label", "credit"],
        ["", "yes", "Yes", "1"],
        ["", "no", "No", "0"],
        ["", "n/a", "Not applicable", ""],
    ],
    "checklist": [
        ["text", "pillar", "stage", "weight", "difficulty"],
        ["We publish our numbers", "data", "start", "", "easy"],
        ["We check our numbers every month", "data", "steady", "2", "hard"],
        ["People know who decides", "people", "start", "", "easy"],
    ],
}

# The same model written by hand, as the import should make it.
BY_HAND = {
    "model.yaml": """\
id: tiny-model
name: Tiny model
version: "1.10"
summary: Tiny model
description: Tiny model
scoring:
  stage_threshold: 50
  answers:
    - {value: "yes", label: "Yes", credit: 1}
    - {value: "no", label: "No", credit: 0}
    - {value: n/a, label: Not applicable, credit: null}
""",
    "stages.yaml": """\
stages:
  - {id: start, name: Start, summary: Where all begin., description: Where all begin.}
  - {id: steady, name: Steady, summary: Done often., description: Done often.}
""",
    "pillars.yaml": """\
pillars:
  - {id: data, name: Data, summary: Facts., description: Facts.}
  - {id: people, name: People, summary: Who., description: Who.}
""",
    "practices.yaml": """\
practices:
  - {id: data, name: Data, summary: Facts., why: Facts., how: [Facts.], pillars: [data], stage: start}
  - {id: people, name: People, summary: Who., why: Who., how: [Who.], pillars: [people], stage: start}
""",
    "checklist.yaml": """\
items:
  - {id: we-publish-our-numbers, text: We publish our numbers, pillar: data, stage: start, practice: data}
  - {id: we-check-our-numbers-every-month, text: We check our numbers every month, pillar: data, stage: steady,
     weight: 2, practice: data}
  - {id: people-know-who-decides, text: People know who decides, pillar: people, stage: start, practice: people}
""",
}


def write_workbook(path, sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_import_sheet_scores_an_answers_file_as_the_model_written_by_hand(tmp_path):
    source = write_workbook(tmp_path / "model.xlsx", SHEETS)
    result = run("import", "sheet", str(source), "--out", str(tmp_path / "imported"))
    assert result.exit_code == 0, result.output
    assert "difficulty" not in result.stderr
    assert run("validate", "--strict", str(tmp_path / "imported")).exit_code == 0
    assert [item.meta for item in load_model(tmp_path / "imported").items] == [
        {"difficulty": "easy"},
        {"difficulty": "hard"},
        {"difficulty": "easy"},
    ]
    by_hand = tmp_path / "by-hand"
    by_hand.mkdir()
    for name, text in BY_HAND.items():
        (by_hand / name).write_text(text)
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  we-publish-our-numbers: yes\n  people-know-who-decides: n/a\n")
    imported = score_json(str(answers), "--content", str(tmp_path / "imported"))
    assert imported == score_json(str(answers), "--content", str(by_hand))
    assert imported["stage"] == "start"


@pytest.mark.slow
def test_a_model_kept_only_in_a_workbook_builds(tmp_path):
    source = write_workbook(tmp_path / "model.xlsx", SHEETS)
    assert run("import", "sheet", str(source), "--out", str(tmp_path / "model")).exit_code == 0
    result = run("build", "--content", str(tmp_path / "model"), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert "We check our numbers every month" in (tmp_path / "site" / "checklist.html").read_text()


def test_import_sheet_keeps_every_value_as_text(tmp_path):
    source = write_workbook(tmp_path / "model.xlsx", SHEETS)
    assert run("import", "sheet", str(source), "--out", str(tmp_path / "out")).exit_code == 0
    model_yaml = (tmp_path / "out" / "model.yaml").read_text()
    assert "version: '1.10'" in model_yaml
    assert "label: 'No'" in model_yaml


def test_import_sheet_reports_a_bad_row_at_its_cell_and_writes_nothing(tmp_path):
    sheets = {**SHEETS, "checklist": [*SHEETS["checklist"], ["We plan", "data", "stedy", "", ""]]}
    source = write_workbook(tmp_path / "model.xlsx", sheets)
    result = run("import", "sheet", str(source), "--out", str(tmp_path / "out"))
    assert clean_failure(result).splitlines()[-1] == (
        f"{source}:checklist!5:C: error: unknown stage 'stedy': use one of start, steady"
    )
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["model.xlsx"]


def test_import_sheet_reports_a_problem_of_the_whole_model_at_its_cell(tmp_path):
    sheets = {**SHEETS, "model": [*SHEETS["model"], ["scoring.stage_threshold2", "x"], ["language", "English"]]}
    result = run("import", "sheet", str(write_workbook(tmp_path / "m.xlsx", sheets)), "--out", str(tmp_path / "out"))
    assert f"{tmp_path / 'm.xlsx'}:model!6:B: error: " in clean_failure(result)
    assert not (tmp_path / "out").exists()


def test_import_sheet_refuses_a_fraction_stored_as_a_number_in_an_id_column(tmp_path):
    sheets = {**SHEETS, "checklist": [["id", *SHEETS["checklist"][0]], [1.5, *SHEETS["checklist"][1]]]}
    result = run("import", "sheet", str(write_workbook(tmp_path / "m.xlsx", sheets)), "--out", str(tmp_path / "out"))
    assert "m.xlsx:checklist!2:A: error: '1.5' was stored as a number: format the column as Text" in clean_failure(
        result
    )


def test_import_sheet_reads_a_folder_of_csv_files(tmp_path):
    folder = tmp_path / "sheets"
    folder.mkdir()
    for name, rows in SHEETS.items():
        (folder / f"{name}.csv").write_text("\n".join(",".join(row) for row in rows) + "\n")
    assert run("import", "sheet", str(folder), "--out", str(tmp_path / "from-csv")).exit_code == 0
    xlsx = write_workbook(tmp_path / "model.xlsx", SHEETS)
    assert run("import", "sheet", str(xlsx), "--out", str(tmp_path / "from-xlsx")).exit_code == 0
    for name in BY_HAND:
        assert (tmp_path / "from-csv" / name).read_text() == (tmp_path / "from-xlsx" / name).read_text()


def test_import_sheet_makes_a_model_of_one_checklist_csv(tmp_path):
    checklist = tmp_path / "readiness.csv"
    checklist.write_text(
        "Text;Pillar;Stage\nWe have a plan;Planning;Getting started\nWe follow the plan;Planning;Under way\n"
    )
    result = run("import", "sheet", str(checklist), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "no sheet 'model': named the model 'readiness', version 1" in result.stderr
    stages = (tmp_path / "out" / "stages.yaml").read_text()
    assert stages.index("id: getting-started") < stages.index("id: under-way")
    assert "id: we-have-a-plan" in (tmp_path / "out" / "checklist.yaml").read_text()


@pytest.mark.parametrize("text", ["No", "1.10", "2026-01-01", "yes"])
def test_import_sheet_keeps_a_csv_cell_that_yaml_would_misread(tmp_path, text):
    folder = tmp_path / "sheets"
    folder.mkdir()
    rows = {**SHEETS, "stages": [*SHEETS["stages"][:1], ["start", text, "x"], SHEETS["stages"][2]]}
    for name, table in rows.items():
        (folder / f"{name}.csv").write_text("\n".join(",".join(row) for row in table) + "\n")
    assert run("import", "sheet", str(folder), "--out", str(tmp_path / "out")).exit_code == 0
    assert load_model(tmp_path / "out").stages[0].name == text


def test_import_sheet_refuses_a_version_stored_as_a_number(tmp_path):
    sheets = {**SHEETS, "model": [["key", "value"], ["name", "Tiny model"], ["version", 1.1]]}
    result = run("import", "sheet", str(write_workbook(tmp_path / "m.xlsx", sheets)), "--out", str(tmp_path / "out"))
    assert "m.xlsx:model!3:B: error: the version was stored as a number: format the cell as Text" in clean_failure(
        result
    )


def test_import_sheet_makes_a_group_that_pillars_name(tmp_path):
    pillars = [[*SHEETS["pillars"][0], "group"], *([*row, "Core work"] for row in SHEETS["pillars"][1:])]
    source = write_workbook(tmp_path / "m.xlsx", {**SHEETS, "pillars": pillars})
    assert run("import", "sheet", str(source), "--out", str(tmp_path / "out")).exit_code == 0
    groups = load_model(tmp_path / "out").groups
    assert [(g.id, g.name, g.pillars) for g in groups] == [("core-work", "Core work", ["data", "people"])]


def test_import_sheet_needs_a_source_and_a_folder_or_a_template(tmp_path):
    assert clean_failure(run("import", "sheet", "--out", str(tmp_path / "out")), 2).endswith(
        "give FILE and --out DIR (or --template FILE.xlsx)\n"
    )


def test_import_sheet_makes_streams_from_the_checklist_names_and_keeps_aliases_and_filters(tmp_path):
    """Without a sheet streams, each pillar's stream names become its streams (a name two pillars
    share gets the pillar's id in front); aliases are kept as written; `filters` names a meta column."""
    checklist = [
        [*SHEETS["checklist"][0], "Stream", "Aliases"],
        [*SHEETS["checklist"][1], "Stream A", "D-A-1"],
        [*SHEETS["checklist"][2], "Stream B", "D-B-2, 7f3e"],
        [*SHEETS["checklist"][3], "Stream A", ""],
    ]
    model_sheet = [*SHEETS["model"], ["filters", "difficulty"]]
    source = write_workbook(tmp_path / "m.xlsx", {**SHEETS, "model": model_sheet, "checklist": checklist})
    result = run("import", "sheet", str(source), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert run("validate", "--strict", str(tmp_path / "out")).exit_code == 0
    model = load_model(tmp_path / "out")
    assert [[(s.id, s.name) for s in p.streams] for p in model.pillars] == [
        [("stream-a", "Stream A"), ("stream-b", "Stream B")],
        [("people-stream-a", "Stream A")],
    ]
    assert [(item.stream, item.aliases) for item in model.items] == [
        ("stream-a", ["D-A-1"]),
        ("stream-b", ["D-B-2", "7f3e"]),
        ("people-stream-a", []),
    ]
    assert model.filters == ["difficulty"]


def test_import_sheet_checks_a_stream_against_the_sheet_streams(tmp_path):
    streams = [["pillar", "id", "name"], ["data", "publishing", "Publishing"], ["people", "roles", "Roles"]]
    checklist = [[*SHEETS["checklist"][0], "stream"], *([*row, "roles"] for row in SHEETS["checklist"][1:])]
    source = write_workbook(tmp_path / "m.xlsx", {**SHEETS, "streams": streams, "checklist": checklist})
    result = run("import", "sheet", str(source), "--out", str(tmp_path / "out"))
    assert f"{source}:checklist!2:F: error: unknown stream 'roles': use one of publishing" in (clean_failure(result))


def test_import_sheet_needs_the_checklist(tmp_path):
    source = write_workbook(tmp_path / "m.xlsx", {k: v for k, v in SHEETS.items() if k != "checklist"})
    result = run("import", "sheet", str(source), "--out", str(tmp_path / "out"))
    assert f"{source}: error: no sheet 'checklist': add it, one checklist item a row" in clean_failure(result)
