"""The portfolio (engagement, after scoring): every client's latest assessment side by side as CSV,
XLSX and an internal page (`benchmark` makes a client's anonymised benchmark from the same entries).

Numbers are those of `playbook score --json` (`Evaluation.as_json`), with the same rounding.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..assessment.evaluation import Evaluation, evaluate
from ..errors import BuildError, Problem, display_path
from ..model.loading import load_model
from ..model.model import Model
from ..model.model import names as model_names
from ..numbers import chart_position, number_text
from ..output import replace_files
from ..paths import TEMPLATES
from .profiles import Client, load_clients

FILES = {"html": "index.html", "csv": "portfolio.csv", "xlsx": "portfolio.xlsx"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula

Value = str | int | float


@dataclass(frozen=True)
class Entry:
    """A client with its latest assessment, evaluated, and that evaluation's `score --json` document."""

    client: Client
    evaluation: Evaluation
    document: dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column of the portfolio: its heading, what it means, and how to read it from an entry."""

    title: str
    meaning: str
    value: Callable[[Entry], Value]
    numeric: bool = False


@dataclass(frozen=True)
class NotAssessed:
    """A client with no assessment, or whose latest one is below the model's `min_answered`: no verdict yet."""

    name: str
    answered: int
    total: int


@dataclass(frozen=True)
class Portfolio:
    """The rows to write: one per assessed client, by name; and who has not been assessed yet."""

    model: Model
    columns: list[Column]
    entries: list[Entry]
    not_assessed: list[NotAssessed]

    @property
    def rows(self) -> list[list[Value]]:
        return [[column.value(entry) for column in self.columns] for entry in self.entries]


def parse_formats(value: str) -> tuple[str, ...]:
    """The formats of a comma-separated list (`html,csv`); ValueError names a wrong one."""
    formats = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",")))
    for name in formats:
        if name not in FILES:
            raise ValueError(f"'{name}' is not a portfolio format: give a comma-separated list of {', '.join(FILES)}")
    return formats


def build_portfolio(
    content: Path, files: list[Path], out: Path, formats: tuple[str, ...]
) -> tuple[Portfolio, dict[Path, list[Problem]]]:
    """Write the portfolio of the client profiles `files` into `out`: (the portfolio, {path: problems}
    of the profiles that failed to load). Nothing is written when no profile loads."""
    model = load_model(content)
    clients, failures = load_clients(files, model)
    portfolio = make_portfolio(model, clients)
    if clients:
        renderers = {"html": portfolio_html, "csv": portfolio_csv, "xlsx": portfolio_xlsx}
        write_files(out, {FILES[name]: renderers[name](portfolio) for name in formats})
    return portfolio, failures


def make_portfolio(model: Model, clients: list[Client]) -> Portfolio:
    """The portfolio of `clients` by name: latest assessments once ready (`min_answered`); the others wait."""
    ordered = sorted(clients, key=lambda c: (c.profile.name.casefold(), c.profile.name, c.slug))
    entries, waiting = [], []
    for client in ordered:
        evaluation = evaluate(model, client.assessments[-1], client.target) if client.assessments else None
        if evaluation and evaluation.result.ready:
            entries.append(Entry(client, evaluation, evaluation.as_json()))
        else:
            answered = evaluation.result.answered if evaluation else 0
            waiting.append(NotAssessed(client.profile.name, answered, len(model.items)))
    return Portfolio(model, portfolio_columns(model), entries, waiting)


def _read(group: str, key: str) -> Callable[[Entry], Value]:
    """A column reader: the value of `key` in the `group` of an entry's score document."""
    return lambda entry: entry.document[group][key]


def _count(group: str) -> Callable[[Entry], Value]:
    return lambda entry: len(entry.document[group])


def _level_name(names: dict[str, str], pillar: str) -> Callable[[Entry], Value]:
    """A column reader: the name of the stage a pillar has reached."""
    return lambda entry: names[entry.document["levels"][pillar]]


def portfolio_columns(model: Model) -> list[Column]:
    """The columns for `model`: quadrant and axes only with a matrix, groups only when it has them.
    After the client's own columns comes what the model leads with (`headline`): the overall
    stage, the overall maturity, or each pillar's level; the overall stage shows only for `stage`."""
    labels = model.labels
    names = model_names(model.stages, model.quadrants)
    headline = model.scoring.headline
    overall = Column(
        "Overall maturity", "Mean maturity of all pillars", lambda e: e.document["maturity_overall"], numeric=True
    )
    levels = [
        Column(
            f"{pillar.name} level",
            f"{labels.pillar.singular} {pillar.name}: the {labels.stage.singular.lower()} it reached",
            _level_name(names, pillar.id),
        )
        for pillar in model.pillars
    ]
    lead = {
        "stage": [
            Column(
                labels.stage.singular,
                f"The {labels.stage.singular.lower()} reached overall",
                lambda e: names.get(e.document["stage"], ""),
            )
        ],
        "score": [overall],
        "levels": levels,
    }[headline]
    columns = [
        Column("Client", "The client's name", lambda e: e.client.profile.name),
        Column("Slug", "The client's id (the folder of its site)", lambda e: e.client.slug),
        Column(
            "Assessed",
            "Date of the latest assessment (empty when it has none)",
            lambda e: e.evaluation.assessment.assessed.isoformat() if e.evaluation.assessment.assessed else "",
        ),
        Column("Respondents", "People whose answers the assessment merges", _count("respondents"), numeric=True),
        *lead,
    ]
    if model.quadrants:
        columns.append(
            Column(
                labels.quadrant.singular,
                f"The {labels.quadrant.singular.lower()} of the matrix",
                lambda e: names.get(e.document["quadrant"], ""),
            )
        )
    for axis in model.axes:
        scored = f"{labels.axis.singular} score, 0 to 100"
        columns.append(Column(f"{axis.name} score", scored, _read("axes", axis.id), numeric=True))
    for pillar, level in zip(model.pillars, levels, strict=True):
        what = f"{labels.pillar.singular} {pillar.name}"
        columns += [
            *([level] if headline != "levels" else []),
            Column(
                f"{pillar.name} score",
                f"{what}: score, 0 to 100",
                _read("pillars", pillar.id),
                numeric=True,
            ),
            Column(
                f"{pillar.name} maturity",
                f"{what}: maturity score, 0 to the number of stages with items",
                _read("maturity", pillar.id),
                numeric=True,
            ),
        ]
    for group in model.groups:
        columns.append(
            Column(
                f"{group.name} maturity",
                f"{labels.group.singular} {group.name}: mean maturity of its pillars",
                _read("groups", group.id),
                numeric=True,
            )
        )
    columns += [
        *([overall] if headline != "score" else []),
        Column("Answered", "Checklist items answered", lambda e: e.document["answered"], numeric=True),
        Column("Total", "Checklist items in the model", lambda e: e.document["total"], numeric=True),
        Column(
            "Progress to target (%)",
            "Share of what the target asks that is done (without a target: the next level of each pillar)",
            lambda e: e.document["to_target"]["overall"],
            numeric=True,
        ),
    ]
    return columns


def portfolio_csv(portfolio: Portfolio) -> bytes:
    """UTF-8 CSV: a header of column titles, then one row per client (numbers as `score --json` has
    them); text a spreadsheet would read as a formula starts with `'`, as the workbook keeps it text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(c.title for c in portfolio.columns)
    for row in portfolio.rows:
        writer.writerow(number_text(v) if isinstance(v, float) else _csv_text(v) for v in row)
    return buffer.getvalue().encode("utf-8")


def _csv_text(value: Value) -> Value:
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def portfolio_xlsx(portfolio: Portfolio) -> bytes:
    """An Excel workbook: the sheet "Portfolio" (frozen header, widths, autofilter) and the sheet "Model"."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    model = portfolio.model
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Portfolio"
    table: list[Sequence[Value]] = [[c.title for c in portfolio.columns], *portfolio.rows]
    for row in table:
        append_row(sheet, row)
    for index in range(1, len(portfolio.columns) + 1):
        width = max(len(str(row[index - 1])) for row in table)
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    about = workbook.create_sheet("Model")
    about_rows: list[list[Value]] = [
        ["Model", model.info.id],
        ["Name", model.info.name],
        ["Version", model.info.version],
        ["Note", "Internal: every client's results, private clients' included. Not for clients."],
        [],
        ["Column", "Meaning"],
    ]
    about_rows += [[c.title, c.meaning] for c in portfolio.columns]
    for row in about_rows:
        append_row(about, row)
    about.column_dimensions["A"].width = max(len(c.title) for c in portfolio.columns) + 2
    about.column_dimensions["B"].width = 80

    return workbook_bytes(workbook, _portfolio_date(portfolio))


def workbook_bytes(workbook, moment: datetime.datetime) -> bytes:
    """An openpyxl workbook saved with `moment` as every date it carries: openpyxl stamps the
    workbook and each zip entry with the time now, and fixed dates give fixed bytes."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = workbook.properties.modified = moment
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(
                zipfile.ZipInfo(info.filename, moment.timetuple()[:6]), source.read(info), zipfile.ZIP_DEFLATED
            )
    return fixed.getvalue()


def append_row(sheet, row: Sequence[Value]) -> None:
    """Add a row; text always stays text (`=1+1` in a name never becomes a formula)."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(_FORMULA_STARTS):
                cell.quotePrefix = True  # and it stays text when the cell is edited in Excel


def _portfolio_date(portfolio: Portfolio) -> datetime.datetime:
    """The date the files carry: SOURCE_DATE_EPOCH, else the latest assessment, else the model's date."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return datetime.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), datetime.UTC).replace(tzinfo=None)
    dates = [e.evaluation.assessment.assessed for e in portfolio.entries if e.evaluation.assessment.assessed]
    day = max(dates, default=portfolio.model.info.updated or datetime.date(1980, 1, 1))
    return datetime.datetime.combine(day, datetime.time())


def portfolio_html(portfolio: Portfolio) -> bytes:
    """The internal page: a sortable table of every client and, with a matrix, each client's dot on it."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    model = portfolio.model
    context = {
        "title": f"Portfolio: {model.info.name}",
        "model": {"name": model.info.name, "version": model.info.version},
        "columns": [{"title": c.title, "meaning": c.meaning, "numeric": c.numeric} for c in portfolio.columns],
        "rows": [
            [{"text": number_text(v) if isinstance(v, float) else str(v), "value": v} for v in row]
            for row in portfolio.rows
        ],
        "not_assessed": [asdict(waiting) for waiting in portfolio.not_assessed],
        "matrix": _matrix(portfolio),
    }
    return environment.get_template("portfolio.html.j2").render(context).encode("utf-8")


def _matrix(portfolio: Portfolio) -> dict[str, Any] | None:
    """The 2x2 matrix (first axis across, second upwards) with a dot per client, 0-100 on each axis."""
    model = portfolio.model
    if not model.axes:
        return None
    across, upwards = model.axes
    threshold = model.scoring.axis_threshold
    axis = lambda a: {"name": a.name, "low": a.low, "high": a.high}  # noqa: E731
    return {
        "across": axis(across),
        "upwards": axis(upwards),
        "cells": [
            {
                "name": q.name,
                "column": 0 if q.position[across.id] == "low" else 1,
                "row": 0 if q.position[upwards.id] == "high" else 1,
            }
            for q in model.quadrants
        ],
        "dots": [
            {
                "name": e.client.profile.name,
                "x": round(chart_position(e.document["axes"][across.id], threshold), 2),
                "y": round(chart_position(e.document["axes"][upwards.id], threshold), 2),
            }
            for e in portfolio.entries
        ],
    }


def write_files(out: Path, files: dict[str, bytes]) -> None:
    """Write `files` ({name: bytes}) into the folder `out`, all or none (`output.replace_files`),
    private to their owner: the portfolio holds private clients' results in clear."""
    try:
        replace_files({out / name: content for name, content in files.items()}, 0o600)
    except OSError as error:
        raise BuildError(f"cannot write the portfolio into {display_path(out)}: {error.strerror or error}") from None
