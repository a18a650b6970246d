"""Write the CLI reference (docs/pages/cli.md) from the `playbook` command's own click definitions.

    .venv/bin/python -m scripts.cli_reference            # rewrite docs/pages/cli.md
    .venv/bin/python -m scripts.cli_reference --check    # exit 1 if the page is stale (make docs)

Every command and sub-command gets its usage line, its help text, its arguments and a table of
its options (names, value, default, help), so the page cannot drift from the code:
tests/test_docs.py fails when it does.
"""

from __future__ import annotations

import enum
import inspect
import re
import sys
from pathlib import Path

import click

from generator.cli import main
from generator.paths import DEFAULT_CONTENT

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "pages" / "cli.md"
REGENERATE = ".venv/bin/python -m scripts.cli_reference"

INTRO = f"""\
# CLI reference

<!-- Generated from the click commands by `{REGENERATE}`: edit the commands, not this page. -->

After `make setup` the command is `.venv/bin/playbook` (or activate `.venv`). Inside a playbook
project (a folder with `playbook.yaml`, made by `playbook init`) every command takes its paths
from the project's settings; an option given on the command line still wins.

Every command takes `-h` / `--help`.

**Exit codes**: 0 success, 1 invalid content or a failed build, 2 bad usage, 130 interrupted
(Ctrl-C), 143 terminated (SIGTERM).

**Messages**: problems are reported compiler style, all at once, sorted by file and line:

    content/checklist.yaml:14:5: error: items[3].wieght: unknown key 'wieght' (did you mean 'weight'?)

A misspelt key does not hide a bad reference: an entry that fails its schema is left out, and
the checks across files (unknown ids, duplicates, cycles) still run on everything else. A note
then says that references to and from the entries with errors were not checked.
"""


def commands(group: click.Group, context: click.Context, path: tuple[str, ...]):
    """(path, command, context) of `group` and every command under it, depth first, in name order."""
    yield path, group, context
    for name in sorted(group.commands):
        command = group.commands[name]
        child = click.Context(command, info_name=name, parent=context)
        if isinstance(command, click.Group):
            yield from commands(command, child, (*path, name))
        else:
            yield (*path, name), command, child


def cli_reference() -> str:
    """The whole page, as Markdown."""
    every = commands(main, click.Context(main, info_name="playbook"), ("playbook",))
    return "\n".join([INTRO, *(_section(path, command, context) for path, command, context in every)])


def _section(path: tuple[str, ...], command: click.Command, context: click.Context) -> str:
    lines = [f"## `{' '.join(path)}`", ""]
    usage = " ".join([context.command_path, *command.collect_usage_pieces(context)])
    lines += ["```", f"Usage: {usage}", "```", ""]
    lines += [_help_text(command.help or ""), ""]
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    options = [p for p in command.params if isinstance(p, click.Option)]
    if isinstance(command, click.Group):
        names = ", ".join(f"[`{name}`](#{_anchor((*path, name))})" for name in sorted(command.commands))
        lines += [f"Commands: {names}.", ""]
    if arguments:
        lines += ["| argument | value | required | default |", "| --- | --- | --- | --- |"]
        lines += [
            f"| `{a.human_readable_name}` | {_cell(_value(a))} | {'yes' if a.required else 'no'} | {_cell(_default(a))} |"
            for a in arguments
        ]
        lines.append("")
    if options:
        lines += ["| option | value | default | what it does |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {', '.join(f'`{name}`' for name in (*o.opts, *o.secondary_opts))} | {_cell(_value(o))} "
            f"| {_cell(_default(o))} | {_cell(_plain(o.help or ''))} |"
            for o in options
        ]
        lines.append("")
    return "\n".join(lines)


def _anchor(path: tuple[str, ...]) -> str:
    """The id MkDocs' toc extension gives the heading `` `playbook name` ``."""
    return "-".join(path)


def _help_text(text: str) -> str:
    """A command's help as Markdown paragraphs: click's `\\f` cut and `\\b` markers honoured."""
    text = inspect.cleandoc(text.split("\f")[0])
    paragraphs = []
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("\b\n"):
            paragraphs.append("\n".join("    " + line for line in paragraph[2:].splitlines()))
        else:
            paragraphs.append(_plain(" ".join(paragraph.split())))
    return "\n\n".join(paragraphs)


def _value(parameter: click.Parameter) -> str:
    """What the parameter takes: its choices, range or kind, and whether it may repeat."""
    kind = parameter.type
    if isinstance(parameter, click.Option) and parameter.is_flag:
        text = "flag"
    elif isinstance(kind, click.Choice):
        text = " \\| ".join(f"`{choice.value if isinstance(choice, enum.Enum) else choice}`" for choice in kind.choices)
    elif isinstance(kind, click.IntRange):
        text = f"integer, {kind.min} to {kind.max}"
    elif isinstance(kind, click.Path):
        text = "folder" if not kind.file_okay else "file" if not kind.dir_okay else "path"
    elif kind is click.INT:
        text = "integer"
    else:
        text = "text"
    metavar = getattr(parameter, "metavar", None)
    if metavar and isinstance(parameter, click.Option):
        text += f" `{metavar}`"
    if isinstance(kind, click.Path) and kind.exists:
        text += ", must exist"
    if parameter.multiple:
        text += ", repeatable"
    elif parameter.nargs == -1:
        text += ", one or more"
    return text


def _default(parameter: click.Parameter) -> str:
    """The default as the user sees it: the text the option shows for it, else the value itself."""
    shown = getattr(parameter, "show_default", None)
    if isinstance(shown, str):
        return shown
    default = parameter.default
    if isinstance(parameter, click.Option) and parameter.is_flag:
        return "on" if default is True else "off"
    if default is None or default == () or repr(default) == "Sentinel.UNSET" or callable(default):
        return "none"
    if default == DEFAULT_CONTENT:
        return "the bundled social-business model"
    return f"`{default}`"


def _plain(text: str) -> str:
    """Help text as Markdown: code spans kept, the characters Markdown or HTML would act on escaped."""
    pieces = re.split(r"(`[^`]*`)", text)
    for index in range(0, len(pieces), 2):
        piece = pieces[index].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        piece = re.sub(r"([\\*\[\]|])", r"\\\1", piece)
        pieces[index] = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", piece)  # `site_url` stays as written
    return "".join(pieces)


def _cell(text: str) -> str:
    """Text for one table cell: on one line (`_plain` has escaped any `|` that would end it)."""
    return " ".join(text.split())


def write_or_check(argv: list[str]) -> int:
    """Write the page, or with --check only compare it (exit status 1 when stale)."""
    page = cli_reference()
    if argv == ["--check"]:
        if PAGE.read_text(encoding="utf-8") != page:
            print(f"{PAGE.relative_to(ROOT)} is stale: run {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(write_or_check(sys.argv[1:]))
