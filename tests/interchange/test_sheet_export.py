"""`playbook export sheet` and the template: a model out to the layout and back, scoring the same."""

from __future__ import annotations

import json
import random

import pytest
from openpyxl import load_workbook

from generator.interchange.sheet_layout import SHEETS
from generator.model.loading import load_model
from tests.helpers.cli import run, score_json
from tests.helpers.data import CONTENT, FIXTURES, MINI

MODELS = [CONTENT, MINI, *(FIXTURES / name for name in ("cmmi5", "samm", "deps", "long-labels"))]


def random_answers(model, seed: int) -> str:
    """An answers file with a random answer (or none) for each item, from the item's own scale."""
    pick = random.Random(seed)
    lines = ["answers:"]
    for item in model.items:
        value = pick.choice([*(option.value for option in model.scale_of(item)), None])
        if value is not None:
            lines.append(f"  {item.id}: {json.dumps(value)}")
    return "\n".join(lines) + "\n" if len(lines) > 1 else "answers: {}\n"


@pytest.mark.parametrize("model_folder", MODELS, ids=lambda path: path.name)
def test_export_then_import_scores_random_answers_identically(tmp_path, model_folder):
    workbook = tmp_path / "model.xlsx"
    assert run("export", "sheet", "--content", str(model_folder), "--out", str(workbook)).exit_code == 0
    result = run("import", "sheet", str(workbook), "--out", str(tmp_path / "back"))
    assert result.exit_code == 0, result.output
    model = load_model(model_folder)
    for seed in range(4):
        answers = tmp_path / f"answers-{seed}.yaml"
        answers.write_text(random_answers(model, seed))
        original = score_json(str(answers), "--content", str(model_folder))
        assert score_json(str(answers), "--content", str(tmp_path / "back")) == original


def test_export_sheet_writes_every_cell_as_text_and_names_what_it_leaves_out(tmp_path):
    result = run("export", "sheet", "--out", str(tmp_path / "model.xlsx"))
    assert result.exit_code == 0, result.output
    assert "2 version changes (for `playbook migrate`): the layout has no place for these" in result.stderr
    assert "the translations in i18n/: the layout has no place for these, left out" in result.stderr
    workbook = load_workbook(tmp_path / "model.xlsx")
    assert all(cell.data_type == "s" for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value)
    assert list(workbook["scales"].values)[1][:4] == (None, "yes", "Yes", "1")
    assert ("version", "1.2") in list(workbook["model"].values)


def test_export_sheet_gives_the_same_bytes_each_time(tmp_path):
    for name in ("a.xlsx", "b.xlsx"):
        assert run("export", "sheet", "--content", str(MINI), "--out", str(tmp_path / name)).exit_code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_import_sheet_template_is_the_layout_with_every_header_annotated(tmp_path):
    result = run("import", "sheet", "--template", str(tmp_path / "template.xlsx"))
    assert result.exit_code == 0, result.output
    workbook = load_workbook(tmp_path / "template.xlsx")
    assert workbook.sheetnames == ["read me", *(sheet.name for sheet in SHEETS)]
    for sheet in SHEETS:
        headers = next(workbook[sheet.name].iter_rows(max_row=1))
        assert [cell.value for cell in headers] == [column.header for column in sheet.columns]
        assert all(cell.comment and cell.comment.text for cell in headers)


def test_export_then_import_keeps_streams_aliases_filters_and_meta(tmp_path):
    """What scores leave alone comes back too: streams, aliases, filters, group descriptions, and
    meta (as text; a list one entry a line, so the page still filters by each entry)."""
    folders = {}
    for name in ("cmmi5", "samm"):
        workbook = tmp_path / f"{name}.xlsx"
        assert run("export", "sheet", "--content", str(FIXTURES / name), "--out", str(workbook)).exit_code == 0
        assert run("import", "sheet", str(workbook), "--out", str(tmp_path / name)).exit_code == 0
        folders[name] = (load_model(FIXTURES / name), load_model(tmp_path / name))

    def as_text(value):
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):  # one entry is one line: text again, which filters the same
            return [str(entry) for entry in value] if len(value) > 1 else str(value[0])
        return str(value)

    original, back = folders["cmmi5"]
    assert back.filters == original.filters == ["difficulty", "tags"]
    assert [i.aliases for i in back.items] == [i.aliases for i in original.items]
    assert [g.description for g in back.groups] == [g.description for g in original.groups]
    for kind in ("items", "pillars", "groups", "practices"):
        expected = [{key: as_text(value) for key, value in e.meta.items()} for e in getattr(original, kind)]
        assert [e.meta for e in getattr(back, kind)] == expected
    assert back.items[0].meta == {"difficulty": "1", "tags": ["planning", "documents"], "automated": "no"}
    original, back = folders["samm"]
    assert [[s.model_dump() for s in p.streams] for p in back.pillars] == [
        [s.model_dump() for s in p.streams] for p in original.pillars
    ]
    assert [i.stream for i in back.items] == [i.stream for i in original.items]
