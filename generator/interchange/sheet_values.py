"""A cell's text as the value of its column's kind, or a problem at the cell that says the fix."""

from __future__ import annotations

import datetime
import re
from typing import Any

from ..errors import Problem, one_of
from ..model.fields import ID_PATTERN
from .sheet_layout import DATE, ID, IDS, LINE, LINES, NUMBER, Column, Sheet
from .sheet_reading import Row, Table

_BLANK_LINE = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[a-z0-9]++")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class Cells:
    """Reads rows column by column, collecting every problem (and warning) on the way."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, 0, 0, "", message))

    def warn(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, 0, 0, "", message, "warning"))

    def check_headers(self, table: Table, sheet: Sheet, left_out: set[tuple[str, str]]) -> bool:
        """Report missing required columns (False if any) and columns the import leaves out."""
        complete = True
        for column in sheet.columns:
            if column.required and column.header not in table.headers:
                self.error(
                    f"{table.file}:{table.name}!{table.header_number}",
                    f"no column '{column.header}': add it ({column.note})",
                )
                complete = False
        known = [c.header for c in sheet.columns]
        for header in table.headers:
            if (sheet.name, header) in left_out and any(row.text(header) for row in table.rows):
                self.warn(
                    table.header_place(header), f"column '{header}' is left out: the format has no such field yet"
                )
            elif header not in known:
                self.warn(
                    table.header_place(header),
                    f"column '{header}' is not in the layout and the format has no 'meta' yet: left out",
                )
        return complete

    def value(self, row: Row, column: Column, label: str = "") -> Any:
        """The value of `column` in `row` (None, or [] for a list, when the cell is empty)."""
        header = column.header
        text, place = row.text(header), row.where(header)
        name = label or header
        if not text:
            if column.required:
                self.error(place, f"{name} is empty: fill it in")
            return [] if column.kind in (IDS, LINES) else None
        cell = row.cells[header]
        if column.kind in (ID, IDS) and cell.inexact:
            self.error(place, f"'{text}' was stored as a number: format the column as Text and type it again")
            return None
        return self.convert(text, column.kind, place, name)

    def convert(self, text: str, kind: str, place: str, name: str) -> Any:
        if kind == ID:
            return text if self.check_id(text, place, name) else None
        if kind == IDS:
            parts = [part.strip() for part in text.split(",") if part.strip()]
            return [part for part in parts if self.check_id(part, place, name)]
        if kind == LINE and "\n" in text:
            self.error(place, f"{name} must be one line: remove the line breaks")
            return None
        if kind == LINES:
            parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
            return [part.strip() for part in parts if part.strip()]
        if kind == NUMBER:
            if not _DECIMAL.fullmatch(text):
                hint = f": write {text.replace(',', '.')}" if _DECIMAL.fullmatch(text.replace(",", ".")) else ""
                self.error(place, f"{name} '{text}' is not a number with a decimal point{hint}")
                return None
            number = float(text)
            return int(number) if number.is_integer() else number
        if kind == DATE:
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                self.error(place, f"{name} '{text}' is not a date: write it as YYYY-MM-DD")
                return None
        return text

    def check_id(self, text: str, place: str, name: str) -> bool:
        if ID_PATTERN.fullmatch(text) and len(text) <= 64:
            return True
        lower = "-".join(_WORD.findall(text.lower()))[:64]
        hint = f" (try '{lower}')" if lower else ""
        self.error(place, f"{name} '{text}' is not an id: use lowercase letters, digits and single hyphens{hint}")
        return False

    def refer(self, row: Row, header: str, value: str | None, known: list[str], kind: str) -> str | None:
        """`value` if it names one of `known`, else a problem at the cell naming the choices."""
        if value is None or value in known:
            return value
        self.error(row.where(header), f"unknown {kind} '{value}': use one of {one_of(known, value)}")
        return None
