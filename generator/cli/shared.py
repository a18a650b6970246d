"""What several commands share: options, their checks, file writing and batch failure reports."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..build import batch
from ..errors import display_path, visible
from ..model.profile_schema import check_site_url
from ..output import replace_files
from ..paths import DEFAULT_CONTENT

CONTENT_OPTION = click.option(
    "--content",
    "content",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CONTENT,
    show_default="the bundled social-business model",
    help="Folder that holds the model's YAML files.",
)


def clients_option(help: str):
    """--clients DIR: the folder of client profiles."""
    return click.option(
        "--clients",
        "clients_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("clients"),
        show_default=True,
        help=help,
    )


def client_options(client_help: str):
    """The options that choose client profiles: --client FILE (repeatable), --all and --clients DIR."""

    def decorate(command):
        for option in reversed(
            [
                click.option(
                    "--client",
                    "client_files",
                    multiple=True,
                    metavar="FILE",
                    help=client_help,
                    type=click.Path(path_type=Path, dir_okay=False, exists=True),
                ),
                click.option("--all", "all_clients", is_flag=True, help="Every client profile in --clients."),
                clients_option("Folder of client profiles for --all."),
            ]
        ):
            command = option(command)
        return command

    return decorate


APPENDIX_OPTION = click.option(
    "--appendix",
    is_flag=True,
    help="Add every answer to each client's report, as one table (a profile's `report: {appendix: true}` "
    "does it for that client).",
)
TEMPLATES_OPTION = click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of template overrides, searched before the defaults (repeatable; runs sandboxed).",
)


def site_url_option(value: str | None) -> str | None:
    try:
        return None if value is None else check_site_url(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def shard_option(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    part, _, parts = value.partition("/")
    if not (part.isdigit() and parts.isdigit() and 1 <= int(part) <= int(parts)):
        raise click.BadParameter(f"'{value}' is not a part: give K/N with 1 <= K <= N, such as 1/4")
    return int(part), int(parts)


def formats_option(value: str) -> tuple[str, ...]:
    from ..clients.portfolio import parse_formats

    try:
        return parse_formats(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def chosen_client_files(client_files: tuple[Path, ...], all_clients: bool, clients_dir: Path) -> list[Path]:
    """The client profiles named by --client and --all, each once, in a stable order."""
    files = list(client_files)
    if all_clients:
        files += sorted(p for p in clients_dir.glob("*.yaml") if not p.name.startswith("."))  # not .secrets.yaml
        if not files:
            raise click.UsageError(f"no client profiles (*.yaml) in {display_path(clients_dir)}")
    return sorted({path.resolve(): path for path in files}.values())


def report_failures(outcomes: list[batch.ClientOutcome]) -> None:
    for outcome in outcomes:
        if outcome.result == "failed":
            click.echo(visible(f"{display_path(outcome.file)}: {outcome.name} failed:\n{outcome.message}"), err=True)


def fail_if_any_failed(outcomes: list[batch.ClientOutcome]) -> None:
    failed = [o.name for o in outcomes if o.result == "failed"]
    if failed:
        raise BatchFailed(visible(f"{len(failed)} of {len(outcomes)} clients failed: {', '.join(failed)}"))


class BatchFailed(click.ClickException):
    """Some clients of a batch failed (each was reported above); exit 1."""

    exit_code = 1


def write_new_file(path: Path, text: str) -> None:
    """Create `path` with `text`; never through a symlink, never over an existing file."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except FileExistsError:
        raise click.UsageError(f"{display_path(path)} already exists: choose another --slug") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {display_path(path)}: {error.strerror}") from None
    try:
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:  # a full disk: no half-written profile left behind
        path.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {display_path(path)}: {error.strerror or error}") from None


def replace_file(path: Path, text: str) -> None:
    """Write `text` into `path` at once (`output.replace_files`), keeping the file's mode."""
    try:
        replace_files({path: text.encode("utf-8")}, path.stat().st_mode & 0o777 if path.is_file() else 0o644)
    except OSError as error:
        raise click.ClickException(f"cannot write {display_path(path)}: {error.strerror or error}") from None
