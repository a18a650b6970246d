"""Commands about the model itself: `validate`, `schema`, `i18n`, `checklist`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import ContentError, display_path
from ..model.loading import load_model
from ..model.profile_schema import ClientFile
from ..model.reference import format_reference
from ..model.schema import CONTENT_FILES
from ..model.translation import check_translations, languages, translate
from ..paths import DEFAULT_CONTENT
from .shared import CONTENT_OPTION


@click.command()
@click.argument("path", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CONTENT, required=False)
@click.option("--strict", is_flag=True, help="Treat warnings (such as a stage with no checklist items) as errors.")
def validate(path: Path, strict: bool) -> None:
    """Check the model in PATH (default: the bundled model) and its translations; report every problem."""
    model = load_model(path, strict=strict)
    translation_problems = check_translations(model)
    if any(p.severity == "error" for p in translation_problems):
        raise ContentError([*model.warnings, *translation_problems])
    for warning in sorted([*model.warnings, *translation_problems]):
        click.echo(str(warning), err=True)
    parts = [
        f"{len(model.stages)} stages",
        *([f"{len(model.quadrants)} quadrants"] if model.quadrants else []),
        f"{len(model.pillars)} pillars",
        f"{len(model.practices)} practices",
        f"{len(model.items)} checklist items",
    ]
    click.echo(f"{display_path(path)}: valid ({', '.join(parts)})")


@click.command("schema")
@click.argument(
    "file", required=False, type=click.Choice([*(name.removesuffix(".yaml") for name in CONTENT_FILES), "client"])
)
@click.option("--reference", is_flag=True, help="Print the format reference of every file (Markdown) instead.")
def schema_command(file: str | None, reference: bool) -> None:
    """Print the JSON Schema of a content file (or of a client profile), for editor autocompletion."""
    if reference:
        click.echo(format_reference(), nl=False)
        return
    if file is None:
        raise click.UsageError("name a file (model, axes, ..., client), or give --reference")
    file_schema = ClientFile if file == "client" else CONTENT_FILES[f"{file}.yaml"]
    click.echo(json.dumps(file_schema.model_json_schema(), indent=2, ensure_ascii=False))


@click.command("i18n")
@click.argument("action", type=click.Choice(["status"]))
@CONTENT_OPTION
def i18n_command(action: str, content: Path) -> None:
    """Show how much of the model each translation (i18n/<language>/) covers."""
    model = load_model(content)
    click.echo(f"{model.info.language}: the model's own language")
    for language in languages(model):
        _, problems, coverage = translate(model, language)
        done, total = sum(c.translated for c in coverage), sum(c.total for c in coverage)
        errors = sum(1 for p in problems if p.severity == "error")
        click.echo(
            f"{language}: {done} of {total} texts ({100 * done / total if total else 0:.0f}%)"
            + (f", {errors} problems (run playbook validate)" if errors else "")
        )
        for file in coverage:
            click.echo(f"  {file.file:<16} {file.translated:>5} of {file.total:<5}")


@click.command()
@CONTENT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def checklist(content: Path, as_json: bool) -> None:
    """List every checklist item (id, text, axis, pillar, stage, weight, answers)."""
    model = load_model(content)
    rows: list[dict[str, Any]] = [
        {
            "id": i.id,
            "text": i.text,
            "axis": i.axis,
            "pillar": i.pillar,
            "stage": i.stage,
            "weight": i.weight,
            "answers": [o.value for o in model.scale_of(i)],
        }
        for i in model.items
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        axis = f"{row['axis']:<11} " if model.axes else ""
        click.echo(
            f"{row['id']:<{width}}  {row['stage']:<10} {axis}{row['pillar']:<11} "
            f"{row['weight']:>4g}  {row['text']}  [{' | '.join(row['answers'])}]"
        )
