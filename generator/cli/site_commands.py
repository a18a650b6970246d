"""Commands that make sites and files: `build`, `serve`, `pdf`, `init`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from ..build import batch, pipeline
from ..build.serve import serve as serve_site
from ..errors import display_path, format_problems, visible
from ..model.loading import load_model
from ..output import replace_files, scratch_folder
from ..pages.report import Publisher
from ..paths import MODELS, TEMPLATES
from ..project.scaffold import init_project
from ..project.settings import SETTINGS_FILE, Project
from .shared import (
    APPENDIX_OPTION,
    CONTENT_OPTION,
    TEMPLATES_OPTION,
    chosen_client_files,
    client_options,
    fail_if_any_failed,
    report_failures,
    shard_option,
    site_url_option,
)

PDF_NAMES = ("checklist.pdf", "report.pdf")  # what a client's build prints (pipeline._pdf_pages)


def project_publisher() -> Publisher | None:
    """The `publisher:` of the project the command runs in (None outside a project, or without one)."""
    project = click.get_current_context().find_root().obj
    return project.publisher if isinstance(project, Project) else None


@click.command()
@CONTENT_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Folder to build into (client sites go to OUT/<slug>/). A site is replaced whole, "
    "only once the new one is complete.",
)
@click.option(
    "--site-url",
    callback=lambda ctx, param, value: site_url_option(value),
    metavar="URL",
    help="Address where the site will be published (needed for instant page loads); client sites "
    "are published at URL<slug>/. Default: site_url in mkdocs.yml.",
)
@client_options("Build the playbook of this client profile (repeatable); sites go to OUT/<slug>/.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 256),
    default=os.cpu_count() or 1,
    show_default="all cores",
    help="Client sites to build at once.",
)
@click.option("--force", is_flag=True, help="Rebuild client sites even when nothing that goes into them changed.")
@click.option(
    "--shard",
    metavar="K/N",
    callback=lambda ctx, param, value: shard_option(value),
    help="Build only part K of N of the clients (by file name, balanced), for a CI matrix; the "
    "parts' outputs together are the full build.",
)
@click.option(
    "--pdf",
    "paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default=None,
    help="Also print the checklist (and a client's report) into each site as PDFs on this paper; "
    "the pages link to them. Needs Debian's Chromium.",
)
@APPENDIX_OPTION
@TEMPLATES_OPTION
@click.option(
    "--language",
    metavar="LANG",
    help="Build the generic site in one of the model's translations "
    "(i18n/LANG/); client sites follow each client's language.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=batch.CLIENT_TIME_LIMIT,
    show_default=True,
    metavar="SECONDS",
    help="Time one client site may take to build: a client over it fails with a message, and the others go on.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings as errors: a client with warnings (brand colours below WCAG AA contrast, a respondent "
    "named otherwise in the profile than in their answers file) is not built (exit 1).",
)
def build(
    content: Path,
    out: Path,
    site_url: str | None,
    client_files: tuple[Path, ...],
    all_clients: bool,
    clients_dir: Path,
    jobs: int,
    force: bool,
    shard: tuple[int, int] | None,
    paper: str | None,
    appendix: bool,
    template_dirs: tuple[Path, ...],
    language: str | None,
    time_limit: float,
    strict: bool,
) -> None:
    """Build the generic playbook site, or client playbooks with --client or --all."""
    paper = paper.lower() if paper else None
    if paper:
        from ..build.pdf import check_renderer

        check_renderer()
    templates = tuple(p.resolve() for p in template_dirs)
    if not client_files and not all_clients:
        if force or shard or appendix:
            raise click.UsageError("--force, --shard and --appendix apply to client builds (--client or --all)")
        model = pipeline.build_playbook(content, out, site_url, paper, templates, language)
        click.echo(f"Built '{model.info.name}' into {display_path(out)}/ (open {display_path(out / 'index.html')})")
        return
    if language:
        raise click.UsageError("--language applies to the generic site; client sites follow each client's language")
    files = chosen_client_files(client_files, all_clients, clients_dir)
    if shard:
        files = batch.shard(files, *shard)
    with click.progressbar(
        length=len(files),
        label="Building client sites",
        file=sys.stderr,
        item_show_func=lambda name: name,
        show_pos=True,
    ) as bar:

        def finished(outcome) -> None:
            bar.update(1, outcome.name)

        outcomes = batch.build_clients(
            content,
            files,
            out,
            jobs=jobs,
            force=force,
            paper=paper,
            templates=templates,
            site_url=site_url,
            appendix=appendix,
            publisher=project_publisher(),
            strict=strict,
            time_limit=time_limit,
            on_done=finished,
        )
    for outcome in outcomes:
        if outcome.warnings:
            click.echo(visible(format_problems(list(outcome.warnings))), err=True)
        for note in outcome.notes:
            click.echo(visible(f"{outcome.name}: {note}"))
    for warning in batch.not_assessed_warnings(outcomes):
        click.echo(visible(warning), err=True)
    report_failures(outcomes)
    click.echo(visible(batch.summary_table(outcomes, out)))
    fail_if_any_failed(outcomes)


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--model",
    "model_name",
    type=click.Choice(sorted(MODELS)),
    default="default",
    show_default=True,
    help="The model to start from: the bundled social-business model, or a small one.",
)
@click.option(
    "--force", is_flag=True, help="Also into a folder that is not empty: add the missing files, keep the others."
)
@click.option(
    "--shards",
    type=click.IntRange(2, 256),
    metavar="N",
    help="Write a publishing workflow that builds the client sites on N machines at once (a matrix of "
    "`build --all --shard K/N` jobs, merged into one Pages site by a last job). Default: one job builds all.",
)
def init(folder: Path, model_name: str, force: bool, shards: int | None) -> None:
    """Start a playbook project in FOLDER: its own model, clients, template overrides and settings."""
    result = init_project(folder, model_name, force=force, shards=shards)
    click.echo(
        f"Made a playbook project in {display_path(folder)}/ ({len(result.written)} files written"
        + (f", {len(result.kept)} existing files kept" if result.kept else "")
        + ")."
    )
    click.echo(f"Next: cd {display_path(folder)} && playbook build   (settings: {SETTINGS_FILE})")


@click.command("pdf")
@CONTENT_OPTION
@click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Print this already built generic site instead of building --content into a temporary folder.",
)
@client_options("Print this client's checklist and report (repeatable); PDFs go to OUT/<slug>/.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("pdf"),
    show_default=True,
    help="Folder for the PDFs, created if needed. PDFs of the same name are replaced (each only "
    "once complete); nothing else in the folder is touched.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size.",
)
@APPENDIX_OPTION
def pdf_command(
    content: Path,
    site_dir: Path | None,
    client_files: tuple[Path, ...],
    all_clients: bool,
    clients_dir: Path,
    out: Path,
    paper: str,
    appendix: bool,
) -> None:
    """Print the checklist (checklist.pdf) and a client's report (report.pdf) to PDF.

    Builds the sites into a temporary folder (or uses --site) and prints their printable pages
    with Debian's headless Chromium (apt-get install chromium) through the Playwright package.
    """
    from ..build.pdf import check_renderer, write_pdfs

    check_renderer()
    files = chosen_client_files(client_files, all_clients, clients_dir)
    if appendix and not files:
        raise click.UsageError("--appendix applies to client reports (--client or --all)")
    with scratch_folder() as work:
        if not files:
            if site_dir is None:
                site_dir = Path(work) / "site"
                pipeline.build_playbook(content, site_dir)
            for written in write_pdfs(site_dir, out, paper=paper.lower()):
                click.echo(f"Wrote {display_path(written)}")
            return
        # The builds print the PDFs (a private client's report encrypted); they are then copied out.
        outcomes = batch.build_clients(
            content,
            files,
            Path(work),
            jobs=os.cpu_count() or 1,
            force=True,
            paper=paper.lower(),
            appendix=appendix,
            publisher=project_publisher(),
        )
        report_failures(outcomes)
        for outcome in (o for o in outcomes if o.result != "failed"):
            site = Path(work) / outcome.folder
            pdfs = {  # by slug, never by a private client's hidden folder: the PDFs are not published
                out / outcome.slug / name: (site / name).read_bytes() for name in PDF_NAMES if (site / name).is_file()
            }
            try:
                replace_files(pdfs, 0o644)
            except OSError as error:
                raise click.ClickException(
                    f"cannot write into {display_path(out)}: {error.strerror or error}"
                ) from None
            for written in pdfs:
                click.echo(f"Wrote {display_path(written)}")
            for note in outcome.notes:
                click.echo(visible(f"{outcome.name}: {note}"))
    fail_if_any_failed(outcomes)


@click.command()
@CONTENT_OPTION
@TEMPLATES_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(content: Path, template_dirs: tuple[Path, ...], host: str, port: int) -> None:
    """Preview the playbook with live reload while you edit content or templates.

    Each build prints how long it took. When a change breaks the model or the build, the terminal
    and every page in the browser list the problems, each at its file:line:column, until a change
    fixes them; the build that brings the site back says that the errors are fixed.
    """
    load_model(content)  # fail fast, with the usual messages, before starting a server
    templates = tuple(p.resolve() for p in template_dirs)

    def render():
        return pipeline.render_site(load_model(content), templates=templates)

    with tempfile.TemporaryDirectory(prefix="playbook-serve-") as work:
        click.echo(f"Serving on http://{host}:{port}/ (Ctrl-C to stop)")
        serve_site(render, [content, *templates, TEMPLATES], Path(work), host, port)
