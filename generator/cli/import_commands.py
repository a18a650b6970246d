"""Commands that bring a model in from another shape, or take it out: `import sheet`, `import samm`,
`import dsomm`, `export sheet`."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import display_path
from ..interchange.dsomm_import import import_dsomm
from ..interchange.model_writing import write_model
from ..interchange.samm_import import import_samm
from ..interchange.sheet_export import export_workbook, template_workbook
from ..interchange.sheet_import import import_tables
from ..model.loading import load_model
from ..output import replace_files
from .shared import CONTENT_OPTION


@click.group("import")
def import_group() -> None:
    """Make a model folder from another shape of model."""


@import_group.command("sheet")
@click.argument("source", metavar="FILE", required=False, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), help="The new model folder to write.")
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write an empty, annotated workbook in the layout to this .xlsx file instead.",
)
def import_sheet(source: Path | None, out: Path | None, template: Path | None) -> None:
    """Import a model kept in a spreadsheet: an .xlsx workbook, a folder of CSV files (one a sheet:
    model.csv, stages.csv, ...) or one CSV file of the checklist.

    Every cell is read as text. The model is written only when every row is right and it
    validates under --strict; else each problem is reported as FILE:sheet!row:column.
    """
    if template:
        _write_xlsx(template, template_workbook())
        click.echo(f"Wrote {display_path(template)}: fill in its sheets, then `playbook import sheet` it")
        return
    if source is None or out is None:
        raise click.UsageError("give FILE and --out DIR (or --template FILE.xlsx)")
    files, origins, warnings = import_tables(source)
    for warning in sorted(warnings):
        click.echo(str(warning), err=True)
    _write(files, origins, out)


@import_group.command("samm")
@click.argument("source", metavar="DIR", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--out", required=True, type=click.Path(path_type=Path, file_okay=False), help="The new model folder to write."
)
@click.option("--model-version", help="The SAMM release the files are from, e.g. 2.2 (default: the files' model code).")
def import_samm_command(source: Path, out: Path, model_version: str | None) -> None:
    """Import OWASP SAMM v2 from the `model/` folder of its published core data (business
    functions, security practices, streams, activities, questions, answer sets, maturity levels).

    Each question becomes an item of its practice's stream and level, scored on its answer set,
    so the maturity scores are SAMM's. SAMM's own question and activity ids are kept as aliases.
    """
    _write(*import_samm(source, model_version), out)


@import_group.command("dsomm")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--out", required=True, type=click.Path(path_type=Path, file_okay=False), help="The new model folder to write."
)
def import_dsomm_command(source: Path, out: Path) -> None:
    """Import the OWASP DevSecOps Maturity Model from its generated `model.yaml` (dimensions,
    sub-dimensions, activities).

    Each activity becomes an item (and a practice) of its sub-dimension and level, with its uuid as
    an alias and its difficulty, usefulness and tags as filters of the checklist.
    """
    _write(*import_dsomm(source), out)


def _write(files: dict[str, dict], origins: dict[tuple[str, str], str], out: Path) -> None:
    model = write_model(files, origins, out)
    click.echo(
        f"Wrote {display_path(out)}: {len(model.stages)} stages, {len(model.pillars)} pillars, "
        f"{len(model.practices)} practices, {len(model.items)} checklist items"
    )


@click.group("export")
def export_group() -> None:
    """Write a model in another shape."""


@export_group.command("sheet")
@CONTENT_OPTION
@click.option(
    "--out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="The .xlsx workbook to write."
)
def export_sheet(content: Path, out: Path) -> None:
    """Write the model as an .xlsx workbook in the layout that `playbook import sheet` reads, to
    edit in a spreadsheet and import again."""
    workbook, left_out = export_workbook(load_model(content))
    _write_xlsx(out, workbook)
    if (content / "i18n").is_dir():
        left_out.append("the translations in i18n/")
    for part in left_out:
        click.echo(f"{display_path(content)}: note: {part}: the layout has no place for these, left out", err=True)
    click.echo(f"Wrote {display_path(out)}")


def _write_xlsx(path: Path, data: bytes) -> None:
    if path.suffix.lower() != ".xlsx":
        raise click.UsageError(f"{display_path(path)}: name the workbook with .xlsx")
    try:
        replace_files({path: data}, 0o644)
    except OSError as error:
        raise click.ClickException(f"cannot write {display_path(path)}: {error.strerror or error}") from None
