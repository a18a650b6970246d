"""The `playbook` command: parses options, calls one library function, reports the result."""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
from pathlib import Path

import click

from . import batch, pipeline, site
from .answers import combine_files
from .clients import scaffold_client, slugify
from .errors import ContentError, Terminated, display_path, format_problems, visible
from .evaluation import evaluate
from .loading import load_model
from .output import replace_files
from .passphrases import new_folder, new_passphrase, store_secret
from .paths import DEFAULT_CONTENT, MODELS, TEMPLATES
from .reference import format_reference
from .scaffold import init_project
from .schema import CONTENT_FILES, ID_PATTERN, RESERVED_SLUGS, ClientFile, check_site_url
from .settings import SETTINGS_FILE, Project, find_settings, load_project
from .translation import check_translations, languages, translate

CONTENT_OPTION = click.option(
    "--content", "content", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CONTENT,
    show_default="the bundled social-business model", help="Folder that holds the model's YAML files.")


def client_options(client_help: str):
    """The options that choose client profiles: --client FILE (repeatable), --all and --clients DIR."""
    def decorate(command):
        for option in reversed([
            click.option("--client", "client_files", multiple=True, metavar="FILE", help=client_help,
                         type=click.Path(path_type=Path, dir_okay=False, exists=True)),
            click.option("--all", "all_clients", is_flag=True, help="Every client profile in --clients."),
            click.option("--clients", "clients_dir", type=click.Path(path_type=Path, file_okay=False),
                         default=Path("clients"), show_default=True, help="Folder of client profiles for --all."),
        ]):
            command = option(command)
        return command
    return decorate


TEMPLATES_OPTION = click.option(
    "--templates", "template_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of template overrides, searched before the defaults (repeatable; runs sandboxed).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="maturity-playbook")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build maturity playbook sites from a maturity model kept as YAML.

    Inside a playbook project (a folder with playbook.yaml, made by `playbook init`), every
    command takes its paths from the project's settings; flags still win.
    """
    settings = find_settings(Path.cwd())
    if settings and ctx.invoked_subcommand != "init":
        ctx.default_map = _project_defaults(load_project(settings))


def _project_defaults(project: Project) -> dict[str, dict]:
    """A project's settings as the defaults of each command's options."""
    content = {"content": project.content}
    clients = {**content, "clients_dir": project.clients}
    return {
        "build": {**clients, "out": project.output, "site_url": project.site_url, "template_dirs": project.templates},
        "serve": {**content, "template_dirs": project.templates},
        "validate": {"path": project.content},
        "new-client": clients,
        "checklist": content,
        "score": content,
        "pdf": {**clients, "out": project.pdf_output, "paper": project.paper},
        "portfolio": clients,
        "migrate": content,
    }


@main.command()
@CONTENT_OPTION
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Folder to build into (client sites go to OUT/<slug>/). A site is replaced whole, "
                   "only once the new one is complete.")
@click.option("--site-url", callback=lambda ctx, param, value: _check_site_url(value), metavar="URL",
              help="Address where the site will be published (needed for instant page loads); client sites "
                   "are published at URL<slug>/. Default: site_url in mkdocs.yml.")
@client_options("Build the playbook of this client profile (repeatable); sites go to OUT/<slug>/.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=os.cpu_count() or 1,
              show_default="all cores", help="Client sites to build at once.")
@click.option("--force", is_flag=True, help="Rebuild client sites even when nothing that goes into them changed.")
@click.option("--shard", metavar="K/N", callback=lambda ctx, param, value: _check_shard(value),
              help="Build only part K of N of the clients (by file name, balanced), for a CI matrix; the "
                   "parts' outputs together are the full build.")
@click.option("--pdf", "paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default=None,
              help="Also print the checklist (and a client's report) into each site as PDFs on this paper; "
                   "the pages link to them. Needs Debian's Chromium.")
@TEMPLATES_OPTION
@click.option("--language", metavar="LANG", help="Build the generic site in one of the model's translations "
              "(i18n/LANG/); client sites follow each client's language.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors: a client whose brand colours fall below "
              "WCAG AA contrast is not built (exit 1).")
def build(content: Path, out: Path, site_url: str | None, client_files: tuple[Path, ...], all_clients: bool,
          clients_dir: Path, jobs: int, force: bool, shard: tuple[int, int] | None, paper: str | None,
          template_dirs: tuple[Path, ...], language: str | None, strict: bool) -> None:
    """Build the generic playbook site, or client playbooks with --client or --all."""
    paper = paper.lower() if paper else None
    if paper:
        from .pdf import check_renderer

        check_renderer()
    templates = tuple(p.resolve() for p in template_dirs)
    if not client_files and not all_clients:
        if force or shard:
            raise click.UsageError("--force and --shard apply to client builds (--client or --all)")
        model = pipeline.build_playbook(content, out, site_url, paper, templates, language)
        click.echo(f"Built '{model.info.name}' into {display_path(out)}/ (open {display_path(out / 'index.html')})")
        return
    if language:
        raise click.UsageError("--language applies to the generic site; client sites follow each client's language")
    files = _client_files(client_files, all_clients, clients_dir)
    if shard:
        files = batch.shard(files, *shard)
    with click.progressbar(length=len(files), label="Building client sites", file=sys.stderr,
                           item_show_func=lambda name: name, show_pos=True) as bar:
        def finished(outcome) -> None:
            bar.update(1, outcome.name)

        outcomes = batch.build_clients(content, files, out, jobs=jobs, force=force, paper=paper, templates=templates,
                                       site_url=site_url, strict=strict, on_done=finished)
    for outcome in outcomes:
        if outcome.warnings:
            click.echo(visible(format_problems(list(outcome.warnings))), err=True)
    _report_failures(outcomes)
    click.echo(visible(batch.summary_table(outcomes, out)))
    _fail_if_any_failed(outcomes)


def _report_failures(outcomes: list[batch.ClientOutcome]) -> None:
    for outcome in outcomes:
        if outcome.result == "failed":
            click.echo(visible(f"{display_path(outcome.file)}: {outcome.name} failed:\n{outcome.message}"), err=True)


def _fail_if_any_failed(outcomes: list[batch.ClientOutcome]) -> None:
    failed = [o.name for o in outcomes if o.result == "failed"]
    if failed:
        raise BatchFailed(visible(f"{len(failed)} of {len(outcomes)} clients failed: {', '.join(failed)}"))


class BatchFailed(click.ClickException):
    """Some clients of a batch failed (each was reported above); exit 1."""

    exit_code = 1


@main.command("new-client")
@click.argument("name")
@click.option("--slug", help="Folder name of the client's site (default: made from NAME).")
@CONTENT_OPTION
@click.option("--clients", "clients_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("clients"),
              show_default=True, help="Folder to write the profile into.")
@click.option("--private", is_flag=True, help="Encrypt the client's assessment pages: makes a passphrase and a hidden "
              "folder, kept in .secrets.yaml beside the profiles (never commit it).")
def new_client(name: str, slug: str | None, content: Path, clients_dir: Path, private: bool) -> None:
    """Write a new client profile with every checklist item listed, unanswered."""
    model = load_model(content)
    slug = slug or slugify(name)
    if not ID_PATTERN.fullmatch(slug or "") or len(slug) > 64:
        raise click.UsageError(f"cannot make a slug from {name!r}: give one with --slug (lowercase letters, digits, hyphens)")
    if slug in RESERVED_SLUGS:
        raise click.UsageError(f"'{slug}' is the name of a part of the generic site: give another with --slug")
    path = clients_dir / f"{slug}.yaml"
    if os.path.lexists(path):  # a dangling symlink too: it would lead the write out of the folder
        raise click.UsageError(f"{display_path(path)} already exists: choose another --slug")
    clients_dir.mkdir(parents=True, exist_ok=True)
    if private:
        secrets_file = store_secret(clients_dir, slug, passphrase=new_passphrase(), folder=new_folder())
    _write_new_file(path, scaffold_client(name, slug, model, private=private))
    click.echo(f"Wrote {display_path(path)} ({len(model.items)} checklist items to answer)")
    if private:
        click.echo(f"The passphrase and hidden folder are in {display_path(secrets_file)}: give the passphrase to the "
                   "client by another channel, and never commit that file.")


@main.command("schema")
@click.argument("file", required=False,
                type=click.Choice([*(name.removesuffix(".yaml") for name in CONTENT_FILES), "client"]))
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


def _check_site_url(value: str | None) -> str | None:
    try:
        return None if value is None else check_site_url(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--model", "model_name", type=click.Choice(sorted(MODELS)), default="default", show_default=True,
              help="The model to start from: the bundled social-business model, or a small one.")
@click.option("--force", is_flag=True, help="Also into a folder that is not empty: add the missing files, keep the others.")
def init(folder: Path, model_name: str, force: bool) -> None:
    """Start a playbook project in FOLDER: its own model, clients, template overrides and settings."""
    result = init_project(folder, model_name, force=force)
    click.echo(f"Made a playbook project in {display_path(folder)}/ ({len(result.written)} files written"
               + (f", {len(result.kept)} existing files kept" if result.kept else "") + ").")
    click.echo(f"Next: cd {display_path(folder)} && playbook build   (settings: {SETTINGS_FILE})")


@main.command()
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
    parts = [f"{len(model.stages)} stages", *([f"{len(model.quadrants)} quadrants"] if model.quadrants else []),
             f"{len(model.pillars)} pillars", f"{len(model.practices)} practices", f"{len(model.items)} checklist items"]
    click.echo(f"{display_path(path)}: valid ({', '.join(parts)})")


@main.command("i18n")
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
        click.echo(f"{language}: {done} of {total} texts ({100 * done / total if total else 0:.0f}%)"
                   + (f", {errors} problems (run playbook validate)" if errors else ""))
        for file in coverage:
            click.echo(f"  {file.file:<16} {file.translated:>5} of {file.total:<5}")


@main.command()
@CONTENT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def checklist(content: Path, as_json: bool) -> None:
    """List every checklist item (id, text, axis, pillar, stage, weight, answers)."""
    model = load_model(content)
    rows = [{"id": i.id, "text": i.text, "axis": i.axis, "pillar": i.pillar, "stage": i.stage, "weight": i.weight,
             "answers": [o.value for o in model.scale_of(i)]} for i in model.items]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        axis = f"{row['axis']:<11} " if model.axes else ""
        click.echo(f"{row['id']:<{width}}  {row['stage']:<10} {axis}{row['pillar']:<11} "
                   f"{row['weight']:>4g}  {row['text']}  [{' | '.join(row['answers'])}]")


@main.command()
@click.argument("answers_files", metavar="ANSWERS.yaml...", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@CONTENT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON: stage, quadrant, axes, pillars, stages, "
              "levels, maturity, maturity_overall, groups, answered, total, next_steps, respondents, "
              "disagreement, target and to_target.")
def score(answers_files: tuple[Path, ...], content: Path, as_json: bool) -> None:
    """Score answers files: stage, quadrant, scores, next steps and progress to target.

    Several files are several respondents, merged by the model's `scoring.merge` rule.
    """
    model = load_model(content)
    evaluation = evaluate(model, combine_files(list(answers_files), model))
    result = evaluation.result
    if as_json:
        click.echo(json.dumps(evaluation.as_json(), indent=2, ensure_ascii=False))
        return
    names = {e.id: e.name for e in [*model.stages, *model.quadrants, *model.axes, *model.pillars, *model.groups]}
    if result.ready:
        click.echo(f"Stage:    {names[result.stage]}")
        if result.quadrant:
            click.echo(f"Quadrant: {names[result.quadrant]}")
    else:
        click.echo(f"Stage:    not yet: answer {result.to_answer} more to see the stage, position and next steps")
    click.echo(f"Maturity: {result.maturity_overall:g}")
    click.echo(f"Answered: {result.answered} of {result.total}")
    for title, scores in (("Axes", result.axes), ("Pillars", result.pillars), ("Stage completion", result.stages)):
        if scores:
            click.echo(f"\n{title}:")
            for key, value in scores.items():
                click.echo(f"  {names[key]:<28} {value:5.1f}  {'#' * round(value / 5)}")
    click.echo("\nLevel and maturity score per pillar:")
    for key, value in result.maturity.items():
        click.echo(f"  {names[key]:<28} {names[result.levels[key]]:<14} {value:g}")
    for key, value in result.groups.items():
        click.echo(f"  {names[key]:<28} {'(group)':<14} {value:g}")
    if result.finish_first:
        click.echo("\nFinish these first (not answered yet):")
        for item in result.finish_first:
            click.echo(f"  - {item.id}: {item.text}")
    if result.ready:
        click.echo("\nRecommended next steps:")
        for number, step in enumerate(result.next_steps, 1):
            click.echo(f"  {number}. {step.text}\n     Why: {step.why}\n     See: {step.link}")
    aim = "the target" if evaluation.target else "the next level of each pillar"
    click.echo(f"\nProgress to {aim}: {evaluation.to_target['overall']:g}%")
    if len(evaluation.assessment.respondents) > 1:
        click.echo(f"\n{len(evaluation.assessment.respondents)} respondents; they disagree most on:")
        for row in evaluation.disagreement[:5]:
            click.echo(f"  {row['item']:<28} " + ", ".join(f"{name}: {value}" for name, value in row["values"].items()))


@main.command("pdf")
@CONTENT_OPTION
@click.option("--site", "site_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Print this already built generic site instead of building --content into a temporary folder.")
@client_options("Print this client's checklist and report (repeatable); PDFs go to OUT/<slug>/.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("pdf"), show_default=True,
              help="Folder for the PDFs, created if needed. PDFs of the same name are replaced (each only "
                   "once complete); nothing else in the folder is touched.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True,
              help="Paper size.")
def pdf_command(content: Path, site_dir: Path | None, client_files: tuple[Path, ...], all_clients: bool,
                clients_dir: Path, out: Path, paper: str) -> None:
    """Print the checklist (checklist.pdf) and a client's report (report.pdf) to PDF.

    Builds the sites into a temporary folder (or uses --site) and prints their printable pages
    with Debian's headless Chromium (apt-get install chromium) through the Playwright package.
    """
    from .pdf import check_renderer, write_pdfs
    from .printing import PRINT_CHECKLIST_HTML

    check_renderer()
    files = _client_files(client_files, all_clients, clients_dir)
    with tempfile.TemporaryDirectory(prefix="playbook-pdf-") as work:
        if not files:
            if site_dir is None:
                site_dir = Path(work) / "site"
                pipeline.build_playbook(content, site_dir)
            for written in write_pdfs(site_dir, out, paper=paper.lower()):
                click.echo(f"Wrote {display_path(written)}")
            return
        outcomes = batch.build_clients(content, files, Path(work), jobs=os.cpu_count() or 1, force=True)
        _report_failures(outcomes)
        for outcome in (o for o in outcomes if o.result != "failed"):
            pages = {"checklist.pdf": PRINT_CHECKLIST_HTML}
            if (Path(work) / outcome.folder / "report.html").is_file() and not outcome.private:
                pages["report.pdf"] = "report.html"  # a private client's report is never printed in clear
            for written in write_pdfs(Path(work) / outcome.folder, out / outcome.folder, pages, paper=paper.lower()):
                click.echo(f"Wrote {display_path(written)}")
    _fail_if_any_failed(outcomes)


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@CONTENT_OPTION
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write the migrated file here.")
@click.option("--in-place", is_flag=True, help="Replace FILE itself.")
@click.option("--force", is_flag=True, help="Replace --out when it already exists.")
def migrate(file: Path, content: Path, out: Path | None, in_place: bool, force: bool) -> None:
    """Carry the answers in FILE (an answers file or a client profile) over to the model's current version.

    Follows the model's `changes:` log: renamed, split, merged, retired and rescaled items. Notes
    and evidence are kept; respondents' answers files are migrated each on its own. The file is
    written anew as plain YAML, so its comments and quoting are not kept.
    """
    from .migration import migrate_file

    if (out is None) == (not in_place):
        raise click.UsageError("say where to write: --out FILE for a new file, or --in-place to replace FILE")
    model = load_model(content)
    text, migrations = migrate_file(file, model)
    if not migrations:
        click.echo(visible(f"{display_path(file)}: already at version {model.info.version}"))
        return
    target = file if in_place else out
    if not in_place and os.path.lexists(target) and not force:
        raise click.ClickException(f"{display_path(target)} already exists: give --force to replace it, or another --out")
    for where, migration in migrations:
        click.echo(visible(f"{where}: version {migration.previous} -> {migration.version}"))
        for sentence in migration.changed or ("no answer needed a change",):
            click.echo(visible(f"  {sentence}"))
        if migration.answer_again:
            click.echo(visible(f"  answer again: {', '.join(migration.answer_again)}"))
    _replace_file(target, text)
    click.echo(visible(f"Wrote {display_path(target)} (model version {model.info.version})"))


def _replace_file(path: Path, text: str) -> None:
    """Write `text` into `path` at once (`output.replace_files`), keeping the file's mode."""
    try:
        replace_files({path: text.encode("utf-8")}, path.stat().st_mode & 0o777 if path.is_file() else 0o644)
    except OSError as error:
        raise click.ClickException(f"cannot write {display_path(path)}: {error.strerror or error}") from None


def _check_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    part, _, parts = value.partition("/")
    if not (part.isdigit() and parts.isdigit() and 1 <= int(part) <= int(parts)):
        raise click.BadParameter(f"'{value}' is not a part: give K/N with 1 <= K <= N, such as 1/4")
    return int(part), int(parts)


@main.command()
@CONTENT_OPTION
@click.option("--clients", "clients_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("clients"),
              show_default=True, help="Folder of client profiles.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("portfolio"), show_default=True,
              help="Folder for the files, created if needed. Each file is replaced only once all are written.")
@click.option("--format", "formats", default="html,csv,xlsx", show_default=True, metavar="LIST",
              callback=lambda ctx, param, value: _check_formats(value),
              help="Comma-separated formats to write: html (index.html), csv (portfolio.csv), xlsx (portfolio.xlsx).")
def portfolio(content: Path, clients_dir: Path, out: Path, formats: tuple[str, ...]) -> None:
    """Write the portfolio of every client in --clients: an internal page, a CSV file and a workbook.

    One row per assessed client (its latest assessment), by name, with the numbers of `playbook
    score --json`. Clients not assessed yet are listed on the page only, not in the CSV or XLSX.
    Private clients are included, in clear: the files are for your team, never for clients. Open
    the XLSX in a spreadsheet: the CSV keeps text as it is, even text a spreadsheet would run as a
    formula (`=...`).
    """
    from .portfolio import FILES, build_portfolio

    files = _client_files((), True, clients_dir)
    result, failures = build_portfolio(content, files, out, formats)
    for problems in failures.values():
        click.echo(format_problems(problems), err=True)
    written = len(failures) < len(files)  # nothing is, when no profile loads
    if written:
        waiting = f"; {len(result.not_assessed)} not assessed yet" if result.not_assessed else ""
        count = len(result.entries)
        click.echo(f"Wrote {', '.join(display_path(out / FILES[name]) for name in formats)} "
                   f"({count} client{'' if count == 1 else 's'}{waiting})")
    if failures:
        raise BatchFailed(visible(f"{len(failures)} of {len(files)} client profiles failed to load: "
                                  f"{', '.join(display_path(path) for path in failures)}"
                                  + ("" if written else "; nothing written")))


def _check_formats(value: str) -> tuple[str, ...]:
    from .portfolio import parse_formats

    try:
        return parse_formats(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _client_files(client_files: tuple[Path, ...], all_clients: bool, clients_dir: Path) -> list[Path]:
    """The client profiles named by --client and --all, each once, in a stable order."""
    files = list(client_files)
    if all_clients:
        files += sorted(p for p in clients_dir.glob("*.yaml") if not p.name.startswith("."))  # not .secrets.yaml
        if not files:
            raise click.UsageError(f"no client profiles (*.yaml) in {display_path(clients_dir)}")
    return sorted({path.resolve(): path for path in files}.values())


@main.command()
@CONTENT_OPTION
@TEMPLATES_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(content: Path, template_dirs: tuple[Path, ...], host: str, port: int) -> None:
    """Preview the playbook with live reload while you edit content or templates."""
    load_model(content)  # fail fast, with the usual messages, before starting a server
    templates = tuple(p.resolve() for p in template_dirs)

    def render():
        return pipeline.render_site(load_model(content), templates=templates)

    with tempfile.TemporaryDirectory(prefix="playbook-serve-") as work:
        click.echo(f"Serving on http://{host}:{port}/ (Ctrl-C to stop)")
        site.serve(render, [content, *templates, TEMPLATES], Path(work), host, port)


def run() -> None:
    """Entry point: content and build errors exit 1, usage errors 2, Ctrl-C 130, SIGTERM 143."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = main(standalone_mode=False)
    except click.ClickException as error:
        error.message = visible(error.message)  # file names and values in it come from the user
        error.show()
        sys.exit(error.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("Terminated.", err=True)
        sys.exit(Terminated.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def _terminate(number, frame) -> None:
    """SIGTERM unwinds like Ctrl-C (staging folders removed, workers stopped); a second one waits."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated()


def _write_new_file(path: Path, text: str) -> None:
    """Create `path` with `text`; never through a symlink, never over an existing file."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except FileExistsError:
        raise click.UsageError(f"{display_path(path)} already exists: choose another --slug") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {display_path(path)}: {error.strerror}") from None
    with open(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
