"""Write sheets of the layout as an Excel workbook: every cell text, each header annotated.

Used by the export (a model's rows) and the template (no rows, and a sheet that explains the
layout). The bytes are the same for the same rows: the workbook's dates are fixed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from ..clients.portfolio import append_row, workbook_bytes
from .sheet_layout import README_SHEET, SHEETS, Sheet

_FIXED_DATE = datetime.datetime(2000, 1, 1)


def layout_workbook(
    rows: dict[str, list[list[str]]], *, meta: dict[str, list[str]] | None = None, readme: Sequence[Sequence[str]] = ()
) -> bytes:
    """A workbook with every sheet of the layout, its header row annotated (the layout's columns,
    then the sheet's `meta` keys), then `rows[sheet]`; `readme` first as the sheet `read me`."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    if readme:
        notes = workbook.create_sheet(README_SHEET)
        for line in readme:
            _append(notes, list(line))
        notes.column_dimensions["A"].width = 24
        notes.column_dimensions["B"].width = 100
    for sheet in SHEETS:
        page = workbook.create_sheet(sheet.name)
        headers = [column.header for column in sheet.columns] + (meta or {}).get(sheet.name, [])
        _append(page, headers)
        for index, name in enumerate(headers, start=1):
            header = page.cell(row=1, column=index)
            header.font = Font(bold=True)
            header.comment = Comment(_note(sheet, index - 1), "playbook")
            longest = max([len(name), *(len(r[index - 1]) for r in rows.get(sheet.name, []))])
            dimension = page.column_dimensions[get_column_letter(index)]
            dimension.width = min(max(longest, 8) + 2, 60)
            dimension.number_format = "@"  # what an author types later stays text too (1.10, not 1.1)
        for row in rows.get(sheet.name, []):
            _append(page, row)
            for cell in page[page.max_row]:
                if isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        page.freeze_panes = "A2"
    return workbook_bytes(workbook, _FIXED_DATE)


def _note(sheet: Sheet, index: int) -> str:
    if index >= len(sheet.columns):
        return "A short fact (meta), shown on the entry's page. Every cell is read as text."
    column = sheet.columns[index]
    return f"{column.note}{' (required)' if column.required else ''}. Every cell is read as text."


def _append(page, row: list[str]) -> None:
    """Add a row of text (`portfolio.append_row`: a formula stays text), formatted as text, so that
    a number typed into it later stays text too."""
    append_row(page, row)
    for cell in page[page.max_row]:
        if isinstance(cell.value, str):
            cell.number_format = "@"
