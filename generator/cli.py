"""The `playbook` command: parses options, calls one library function, reports the result."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from . import pipeline, site
from .errors import display_path
from .loading import load_model
from .paths import DEFAULT_CONTENT, TEMPLATES

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
def build(content: Path, out: Path) -> None:
    """Build the generic playbook site."""
    model = pipeline.build_playbook(content, out)
    click.echo(f"Built '{model.info.name}' into {display_path(out)}/ (open {display_path(out / 'index.html')})")


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
