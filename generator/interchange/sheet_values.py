"""A cell's text as the value of its column's kind, or a problem at the cell that says the fix."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

from ..clients.profiles import slugify
from ..errors import Problem, one_of
from ..model.fields import ID_PATTERN
from .sheet_layout import ALIASES, DATE, ID, IDS, LINE, LINES, META_SHEETS, NUMBER, Column, Sheet
from .sheet_reading import Row, Table

_BLANK_LINE = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[a-z0-9]++")
_ALIAS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}")
_META_KEY = re.compile(r"[a-z][a-z0-9_-]{0,39}")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class Cells:
    """Reads rows column by column, collecting every problem (and warning) on the way."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, 0, 0, "", message))

    def warn(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, 0, 0, "", message, "warning"))

    def check_headers(self, table: Table, sheet: Sheet) -> bool:
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
            if header in known:
                continue
            if sheet.name not in META_SHEETS:
                self.warn(table.header_place(header), f"column '{header}' is not in the layout: left out")
            elif not meta_key(header):
                self.error(
                    table.header_place(header),
                    f"column '{header}' would be a meta key: start it with a letter, then letters, digits, - or _",
                )
                complete = False
        return complete

    def meta(self, row: Row, sheet: Sheet) -> dict[str, str | list[str]]:
        """The row's short facts: its cells in columns the layout does not name, by key; a cell
        of several lines is a list, one entry a line."""
        known = {c.header for c in sheet.columns}
        found = {
            meta_key(h): self.convert(row.text(h), LINES if "\n" in row.text(h) else LINE, row.where(h), h)
            for h in row.letters
            if h not in known and row.text(h)
        }
        return {key: text for key, text in found.items() if key}

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
        if kind == ALIASES:
            parts = [part.strip() for part in text.split(",") if part.strip()]
            for part in parts:
                if not _ALIAS.fullmatch(part):
                    self.error(place, f"{name} '{part}' is not an id: use letters, digits and . _ : / - only")
            return parts
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


def meta_key(header: str) -> str | None:
    """The meta key a column's header makes (spaces become hyphens), or None if it makes none."""
    key = "-".join(header.split())
    return key if _META_KEY.fullmatch(key) else None


def made_id(name: str) -> str:
    """An id for a thing named in a cell: the text itself when it is one, else made from it."""
    if ID_PATTERN.fullmatch(name) and len(name) <= 64:
        return name
    return slugify(name) or "x-" + hashlib.sha256(name.encode()).hexdigest()[:8]
