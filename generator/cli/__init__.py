"""The `playbook` command: parses options, calls one library function, reports the result.

Each command lives in the module of its kind; this one holds the group, the project defaults
and the process's entry point."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from ..errors import Terminated, visible
from ..project.settings import Project, find_settings, load_project
from .client_commands import client_group
from .engagement_commands import migrate, new_client, portfolio, score
from .import_commands import export_group, import_group
from .model_commands import checklist, i18n_command, schema_command, validate
from .site_commands import build, init, pdf_command, serve


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
        ctx.obj = load_project(settings)  # what options cannot carry (the publisher): `project_publisher`
        ctx.default_map = _project_defaults(ctx.obj)


def _project_defaults(project: Project) -> dict[str, dict]:
    """A project's settings as the defaults of each command's options."""
    content = {"content": project.content}
    clients = {**content, "clients_dir": project.clients}
    return {
        "build": {**clients, "out": project.output, "site_url": project.site_url, "template_dirs": project.templates},
        "serve": {**content, "template_dirs": project.templates},
        "validate": {"path": project.content},
        "new-client": clients,
        "client": {"private": clients, "passphrase": clients},
        "checklist": content,
        "score": content,
        "pdf": {**clients, "out": project.pdf_output, "paper": project.paper},
        "portfolio": clients,
        "migrate": content,
        "export": {"sheet": content},
    }


def run() -> None:
    """Entry point: content and build errors exit 1, usage errors 2, Ctrl-C 130, SIGTERM 143."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = main(standalone_mode=False)
    except click.ClickException as error:
        # file names and values in it come from the user; click types the message Final, but show() reads it
        error.message = visible(error.message)  # type: ignore[misc]
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


for _command in (
    build,
    serve,
    pdf_command,
    init,
    validate,
    schema_command,
    i18n_command,
    checklist,
    new_client,
    client_group,
    score,
    migrate,
    portfolio,
    import_group,
    export_group,
):
    main.add_command(_command)
