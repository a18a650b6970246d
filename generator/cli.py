"""The `playbook` command: parses options, calls one library function, reports the result."""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import click

from . import pipeline, site
from .answers import load_answers
from .errors import display_path
from .loading import load_model
from .paths import DEFAULT_CONTENT, TEMPLATES
from .scoring import score_answers

CONTENT_OPTION = click.option(
    "--content", "content", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CONTENT,
    show_default="the bundled social-business model", help="Folder that holds the model's YAML files.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="maturity-playbook")
def main() -> None:
    """Build maturity playbook sites from a maturity model kept as YAML."""


@main.command()
@CONTENT_OPTION
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Folder to build into. It is replaced whole, only once the new site is complete.")
@click.option("--site-url", callback=lambda ctx, param, value: _check_site_url(value), metavar="URL",
              help="Address where the site will be published (needed for instant page loads); "
                   "default: site_url in mkdocs.yml.")
def build(content: Path, out: Path, site_url: str | None) -> None:
    """Build the generic playbook site."""
    model = pipeline.build_playbook(content, out, site_url)
    click.echo(f"Built '{model.info.name}' into {display_path(out)}/ (open {display_path(out / 'index.html')})")


def _check_site_url(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise click.BadParameter("give an http:// or https:// address, such as https://playbook.example.com/")
    return value if value is None or value.endswith("/") else value + "/"


@main.command()
@click.argument("path", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CONTENT, required=False)
@click.option("--strict", is_flag=True, help="Treat warnings (such as a stage with no checklist items) as errors.")
def validate(path: Path, strict: bool) -> None:
    """Check the model in PATH (default: the bundled model) and report every problem."""
    model = load_model(path, strict=strict)
    from .checks import check_model

    for warning in check_model(model):
        click.echo(str(warning), err=True)
    click.echo(f"{display_path(path)}: valid ({len(model.stages)} stages, {len(model.quadrants)} quadrants, "
               f"{len(model.pillars)} pillars, {len(model.practices)} practices, {len(model.items)} checklist items)")


@main.command()
@CONTENT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def checklist(content: Path, as_json: bool) -> None:
    """List every checklist item (id, text, axis, pillar, stage, weight)."""
    model = load_model(content)
    rows = [{"id": i.id, "text": i.text, "axis": i.axis, "pillar": i.pillar, "stage": i.stage, "weight": i.weight}
            for i in model.items]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        click.echo(f"{row['id']:<{width}}  {row['stage']:<10} {row['axis']:<11} {row['pillar']:<11} "
                   f"{row['weight']:>4g}  {row['text']}")


@main.command()
@click.argument("answers_file", metavar="ANSWERS.yaml", type=click.Path(path_type=Path, dir_okay=False))
@CONTENT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON: stage, quadrant, axes, pillars, stages, "
              "answered, total and next_steps.")
def score(answers_file: Path, content: Path, as_json: bool) -> None:
    """Score an answers file: stage, quadrant, scores and recommended next steps."""
    model = load_model(content)
    result = score_answers(model, load_answers(answers_file, model).answers)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    names = {e.id: e.name for e in [*model.stages, *model.quadrants, *model.axes, *model.pillars]}
    click.echo(f"Stage:    {names[result.stage]}")
    click.echo(f"Quadrant: {names[result.quadrant]}")
    click.echo(f"Answered: {result.answered} of {result.total}")
    for title, scores in (("Axes", result.axes), ("Pillars", result.pillars), ("Stage completion", result.stages)):
        click.echo(f"\n{title}:")
        for key, value in scores.items():
            click.echo(f"  {names[key]:<28} {value:5.1f}  {'#' * round(value / 5)}")
    click.echo("\nRecommended next steps:")
    for number, step in enumerate(result.next_steps, 1):
        click.echo(f"  {number}. {step.text}\n     Why: {step.why}\n     See: {step.link}")


@main.command()
@CONTENT_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(content: Path, host: str, port: int) -> None:
    """Preview the playbook with live reload while you edit content or templates."""
    load_model(content)  # fail fast, with the usual messages, before starting a server

    def render():
        return pipeline.render_site(load_model(content))

    with tempfile.TemporaryDirectory(prefix="playbook-serve-") as work:
        click.echo(f"Serving on http://{host}:{port}/ (Ctrl-C to stop)")
        site.serve(render, [content, TEMPLATES], Path(work), host, port)


def run() -> None:
    """Entry point: content and build errors exit 1, usage errors 2, Ctrl-C 130."""
    try:
        code = main(standalone_mode=False)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
