"""Read a workbook (.xlsx), one CSV file or a folder of CSV files into tables of text.

Every cell becomes the text it shows: a CSV cell as it is written, an Excel cell as Excel displays
it (a number in its number format, a date as YYYY-MM-DD). Nothing is guessed from the text, so
`No` stays `No` and `1.10` stays `1.10`.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, Problem, display_path
from ..yamlio import UnreadableFile, read_regular_file

MAX_BYTES = 20_000_000
MAX_ROWS = 100_000
_DECIMALS = re.compile(r"\.(0++)")  # the decimals of a number format (`0.00`)


@dataclass(frozen=True)
class Cell:
    """One cell's text; `inexact` for a fraction Excel stored as a number (its digits as shown,
    which may not be the digits typed)."""

    text: str
    inexact: bool = False


@dataclass
class Row:
    number: int
    place: str  # FILE:sheet!row
    letters: dict[str, str]  # the table's column letters by lowercase header
    cells: dict[str, Cell] = field(default_factory=dict)  # by lowercase header

    def text(self, header: str) -> str:
        cell = self.cells.get(header)
        return cell.text if cell else ""

    def where(self, header: str) -> str:
        """FILE:sheet!row:column of the cell (FILE:sheet!row when the sheet has no such column)."""
        letter = self.letters.get(header)
        return f"{self.place}:{letter}" if letter else self.place


@dataclass
class Table:
    """One sheet: its headers (lowercase, with their column letters) and its non-empty rows."""

    name: str
    file: str
    headers: dict[str, str]
    rows: list[Row]
    header_number: int = 1  # the row of the headers: the first that holds anything

    def header_place(self, header: str) -> str:
        return f"{self.file}:{self.name}!{self.header_number}:{self.headers[header]}"


def read_tables(source: Path) -> dict[str, Table]:
    """{lowercase sheet name: table} of a .xlsx file, a .csv file (the sheet `checklist`) or a
    folder of `<sheet>.csv` files; raises `ContentError` when the source cannot be read."""
    if source.is_dir():
        paths = sorted(p for p in source.iterdir() if p.suffix.lower() == ".csv")
        if not paths:
            raise _refuse(source, "no .csv files in this folder: give one file a sheet, such as checklist.csv")
        return {p.stem.lower(): _csv_table(p, p.stem.lower()) for p in paths}
    suffix = source.suffix.lower()
    if suffix == ".csv":
        return {"checklist": _csv_table(source, "checklist")}
    if suffix == ".xlsx":
        return _xlsx_tables(source)
    raise _refuse(source, "not a spreadsheet: give an .xlsx workbook, a .csv file or a folder of .csv files")


def _refuse(path: Path, message: str) -> ContentError:
    return ContentError([Problem(display_path(path), 0, 0, "", message)])


def _read(path: Path) -> bytes:
    try:
        return read_regular_file(path, MAX_BYTES)
    except UnreadableFile as error:
        raise _refuse(path, str(error)) from None


def _csv_table(path: Path, name: str) -> Table:
    try:
        text = _read(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(path, "this file is not UTF-8: save it as 'CSV UTF-8'") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # Excel writes ';' where the decimal mark is a comma
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _refuse(path, f"cannot read it as CSV ({error}): save it again as CSV") from None
    return _table(name, display_path(path), _filled_rows([(value, False) for value in row] for row in rows))


def _xlsx_tables(path: Path) -> dict[str, Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(_read(path)), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise _refuse(path, f"cannot read it as an Excel workbook ({error}): save it as .xlsx") from None
    tables = {}
    for sheet in workbook.worksheets:
        rows = _filled_rows([_shown(cell) for cell in row] for row in sheet.iter_rows())
        name = sheet.title.strip().lower()
        tables[name] = _table(name, display_path(path), rows)
    workbook.close()
    return tables


def _filled_rows(rows: Iterable[list[tuple[str, bool]]]) -> list[tuple[int, list[tuple[str, bool]]]]:
    """The rows that hold something, with their row numbers; at most `MAX_ROWS` + 1 of them (a
    sheet formatted down to its last row holds a million empty ones)."""
    found = []
    for number, row in enumerate(rows, start=1):
        if any(text.strip() for text, _ in row):
            found.append((number, row))
            if len(found) > MAX_ROWS:
                break
    return found


def _table(name: str, file: str, rows: list[tuple[int, list[tuple[str, bool]]]]) -> Table:
    """A table of `rows`: the first is the header row, each later one an entry."""
    from openpyxl.utils import get_column_letter

    if len(rows) > MAX_ROWS:
        raise ContentError([Problem(f"{file}:{name}", 0, 0, "", f"over {MAX_ROWS:,} rows: split the model up")])
    header_number, header_row = rows[0] if rows else (1, [])
    titles = [" ".join(title.split()).lower() for title, _ in header_row]
    table = Table(name, file, {}, [], header_number)
    problems = []
    for index, header in enumerate(titles, start=1):
        if header in table.headers:
            problems.append(
                Problem(
                    f"{file}:{name}!{header_number}:{get_column_letter(index)}",
                    0,
                    0,
                    "",
                    f"a second column '{header}': keep one, or rename it",
                )
            )
        elif header:
            table.headers[header] = get_column_letter(index)
    if problems:
        raise ContentError(problems)
    for number, values in rows[1:]:
        row = Row(number, f"{file}:{name}!{number}", table.headers)
        for header, (text, inexact) in zip(titles, values, strict=False):
            if header and text.strip():
                row.cells[header] = Cell(_clean(text), inexact)
        if row.cells:
            table.rows.append(row)
    return table


def _clean(text: str) -> str:
    """A cell's text with Windows line ends made plain and surrounding blanks dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _shown(cell) -> tuple[str, bool]:
    """(the text Excel shows for `cell`, whether it is a fraction held as a number)."""
    value = cell.value
    if value is None:
        return "", False
    if isinstance(value, str):
        return value, False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, datetime.datetime):
        return (value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")), False
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat(), False
    number = float(value)
    return _number_text(number, cell.number_format or "General"), not number.is_integer()


def _number_text(value: float, number_format: str) -> str:
    """A fraction as its number format shows it: `0.00` two decimals, `0%` a percentage; else in
    its shortest exact form."""
    shown = number_format.split(";")[0]
    decimals = _DECIMALS.search(shown)
    if "%" in shown:
        return f"{value * 100:.{len(decimals.group(1)) if decimals else 0}f}%"
    if decimals:
        return f"{value:.{len(decimals.group(1))}f}"
    return str(int(value)) if value.is_integer() else repr(value)
