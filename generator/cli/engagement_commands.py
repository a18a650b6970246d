"""Commands of a client engagement: `new-client`, `score`, `migrate`, `portfolio`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from ..assessment.answers_file import combine_files
from ..assessment.evaluation import evaluate
from ..clients.passphrases import new_passphrase, store_secret
from ..clients.profiles import scaffold_client, slugify
from ..errors import display_path, format_problems, visible
from ..formatting import format_number, format_percent
from ..model.fields import ID_PATTERN
from ..model.loading import load_model
from ..model.model import names as model_names
from ..model.profile_schema import RESERVED_SLUGS
from .shared import (
    CONTENT_OPTION,
    BatchFailed,
    chosen_client_files,
    clients_option,
    formats_option,
    replace_file,
    write_new_file,
)


@click.command("new-client")
@click.argument("name")
@click.option("--slug", help="Folder name of the client's site (default: made from NAME).")
@CONTENT_OPTION
@clients_option("Folder to write the profile into.")
@click.option(
    "--private",
    is_flag=True,
    help="Encrypt the client's assessment pages: makes a passphrase and a hidden "
    "folder, kept in .secrets.yaml beside the profiles (never commit it).",
)
def new_client(name: str, slug: str | None, content: Path, clients_dir: Path, private: bool) -> None:
    """Write a new client profile with every checklist item listed, unanswered."""
    model = load_model(content)
    if slug is not None and (not ID_PATTERN.fullmatch(slug) or len(slug) > 64):
        raise click.UsageError(
            f"--slug {visible(slug, newlines=False)!r} is not a slug: use lowercase letters, digits and hyphens "
            "(at most 64), such as acme-ltd"
        )
    slug = slug or slugify(name)
    if not ID_PATTERN.fullmatch(slug or "") or len(slug) > 64:
        raise click.UsageError(
            f"cannot make a slug from {name!r}: give one with --slug (lowercase letters, digits, hyphens)"
        )
    if slug in RESERVED_SLUGS:
        raise click.UsageError(f"'{slug}' is the name of a part of the generic site: give another with --slug")
    path = clients_dir / f"{slug}.yaml"
    if os.path.lexists(path):  # a dangling symlink too: it would lead the write out of the folder
        raise click.UsageError(f"{display_path(path)} already exists: choose another --slug")
    clients_dir.mkdir(parents=True, exist_ok=True)
    if private:
        secrets_file = store_secret(clients_dir, slug, passphrase=new_passphrase())
    write_new_file(path, scaffold_client(name, slug, model, private=private))
    click.echo(f"Wrote {display_path(path)} ({len(model.items)} checklist items to answer)")
    if private:
        click.echo(
            f"The passphrase is in {display_path(secrets_file)} (the hidden folder is made from it): give it to the "
            "client by another channel, and never commit that file."
        )


@click.command()
@click.argument(
    "answers_files", metavar="ANSWERS.yaml...", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False)
)
@CONTENT_OPTION
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print JSON: stage, quadrant, axes, pillars, stages, "
    "levels, maturity, maturity_overall, groups, completion, answered, total, next_steps, verdict, streams, respondents, "
    "disagreement, target and to_target.",
)
def score(answers_files: tuple[Path, ...], content: Path, as_json: bool) -> None:
    """Score answers files: the verdict in plain words, then stage, quadrant, scores, next steps and
    progress to target.

    Several files are several respondents, merged by the model's `scoring.merge` rule.
    """
    model = load_model(content)
    evaluation = evaluate(model, combine_files(list(answers_files), model))
    result = evaluation.result
    if as_json:
        click.echo(json.dumps(evaluation.as_json(), indent=2, ensure_ascii=False))
        return
    names = model_names(model.stages, model.quadrants, model.axes, model.pillars, model.groups)
    click.echo(" ".join(result.verdict) + "\n")
    language = model.info.language  # the model's words (names, reasons) and numbers: `0,8` in nb
    maturity = f"Maturity: {format_number(language, result.maturity_overall)}"
    headline = model.scoring.headline  # what leads, as the model's pages do; the overall stage only for `stage`
    if headline == "score":
        click.echo(maturity)
    if result.ready:
        if headline == "levels":
            click.echo("Levels:   " + ", ".join(f"{names[p]} {names[level]}" for p, level in result.levels.items()))
        if headline == "stage":
            click.echo(f"Stage:    {names[result.stage]}")
        if result.quadrant:
            click.echo(f"Quadrant: {names[result.quadrant]}")
    else:
        lead, shown = ("Stage:    ", "the stage, position") if headline == "stage" else ("Result:   ", "the position")
        click.echo(f"{lead}not yet: answer {result.to_answer} more to see {shown} and next steps")
    if headline != "score":
        click.echo(maturity)
    click.echo(f"Answered: {result.answered} of {result.total}")
    for title, scores in (("Axes", result.axes), ("Pillars", result.pillars), ("Stage completion", result.stages)):
        if scores:
            click.echo(f"\n{title}:")
            for key, value in scores.items():
                click.echo(f"  {names[key]:<28} {format_number(language, value, 1):>5}  {'#' * round(value / 5)}")
    click.echo("\nLevel and maturity score per pillar:")
    for pillar in model.pillars:
        value = result.maturity[pillar.id]
        click.echo(f"  {names[pillar.id]:<28} {names[result.levels[pillar.id]]:<14} {format_number(language, value)}")
        for stream in pillar.streams:  # each under its pillar, indented
            scored = result.streams[stream.id]
            click.echo(f"    {stream.name:<26} {names[scored.level]:<14} {format_number(language, scored.maturity)}")
    for key, value in result.groups.items():
        click.echo(f"  {names[key]:<28} {'(group)':<14} {format_number(language, value)}")
    if result.finish_first:
        click.echo("\nFinish these first (not answered yet):")
        for item in result.finish_first:
            click.echo(f"  - {item.id}: {item.text}")
    if result.ready:
        click.echo("\nRecommended next steps:")
        for number, step in enumerate(result.next_steps, 1):
            click.echo(f"  {number}. {step.text}\n     Why: {step.why}\n     See: {step.link}")
            if step.detail:
                click.echo(f"     In numbers: {step.detail}")
    aim = "the target" if evaluation.target else "the next level of each pillar"
    click.echo(f"\nProgress to {aim}: {format_percent(language, evaluation.to_target['overall'], None)}")
    if len(evaluation.assessment.respondents) > 1:
        click.echo(f"\n{len(evaluation.assessment.respondents)} respondents; they disagree most on:")
        for row in evaluation.disagreement[:5]:
            click.echo(f"  {row['item']:<28} " + ", ".join(f"{name}: {value}" for name, value in row["values"].items()))


@click.command()
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
    from ..assessment.migration import migrate_file

    if (out is None) == (not in_place):
        raise click.UsageError("say where to write: --out FILE for a new file, or --in-place to replace FILE")
    model = load_model(content)
    text, migrations = migrate_file(file, model)
    if not migrations:
        click.echo(visible(f"{display_path(file)}: already at version {model.info.version}"))
        return
    target = out if out is not None else file  # --in-place has no --out
    if not in_place and os.path.lexists(target) and not force:
        raise click.ClickException(
            f"{display_path(target)} already exists: give --force to replace it, or another --out"
        )
    for where, migration in migrations:
        click.echo(visible(f"{where}: version {migration.previous} -> {migration.version}"))
        for sentence in migration.changed or ("no answer needed a change",):
            click.echo(visible(f"  {sentence}"))
        if migration.answer_again:
            click.echo(visible(f"  answer again: {', '.join(migration.answer_again)}"))
    replace_file(target, text)
    click.echo(visible(f"Wrote {display_path(target)} (model version {model.info.version})"))


@click.command()
@CONTENT_OPTION
@clients_option("Folder of client profiles.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("portfolio"),
    show_default=True,
    help="Folder for the files, created if needed. Each file is replaced only once all are written.",
)
@click.option(
    "--format",
    "formats",
    default="html,csv,xlsx",
    show_default=True,
    metavar="LIST",
    callback=lambda ctx, param, value: formats_option(value),
    help="Comma-separated formats to write: html (index.html), csv (portfolio.csv), xlsx (portfolio.xlsx).",
)
def portfolio(content: Path, clients_dir: Path, out: Path, formats: tuple[str, ...]) -> None:
    """Write the portfolio of every client in --clients: an internal page, a CSV file and a workbook.

    One row per assessed client (its latest assessment), by name, with the numbers of `playbook
    score --json`. Clients not assessed yet (below the model's `min_answered`) are listed on the
    page only, with how many items they answered, not in the CSV, XLSX or the matrix.
    Private clients are included, in clear: the files are for your team, never for clients. Open
    the XLSX in a spreadsheet: the CSV keeps text as it is, even text a spreadsheet would run as a
    formula (`=...`).
    """
    from ..clients.portfolio import FILES, build_portfolio

    files = chosen_client_files((), True, clients_dir)
    result, failures = build_portfolio(content, files, out, formats)
    for problems in failures.values():
        click.echo(format_problems(problems), err=True)
    written = len(failures) < len(files)  # nothing is, when no profile loads
    if written:
        waiting = f"; {len(result.not_assessed)} not assessed yet" if result.not_assessed else ""
        count = len(result.entries)
        click.echo(
            f"Wrote {', '.join(display_path(out / FILES[name]) for name in formats)} "
            f"({count} client{'' if count == 1 else 's'}{waiting})"
        )
    if failures:
        raise BatchFailed(
            visible(
                f"{len(failures)} of {len(files)} client profiles failed to load: "
                f"{', '.join(display_path(path) for path in failures)}" + ("" if written else "; nothing written")
            )
        )
