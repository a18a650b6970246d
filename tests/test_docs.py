"""The documentation keeps up with the code: the CLI reference is generated from the commands and
names every command and option, and the Markdown files link only to files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from generator.cli import main
from scripts.cli_reference import PAGE, REGENERATE, cli_reference

ROOT = Path(__file__).resolve().parent.parent


def every_command(group: click.Group = main, path: str = "playbook"):
    """(path, command) of the group and of every command below it."""
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from every_command(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command


def sections(page: str) -> dict[str, str]:
    """{command path: its section} of the CLI reference."""
    parts = re.split(r"^## `([^`]+)`$", page, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_cli_reference_is_current():
    assert PAGE.read_text(encoding="utf-8") == cli_reference(), f"{PAGE.relative_to(ROOT)} is stale: run {REGENERATE}"


@pytest.mark.parametrize("path, command", list(every_command()), ids=lambda value: str(value).replace(" ", "-"))
def test_the_cli_reference_documents_every_command_and_option(path, command):
    section = sections(PAGE.read_text(encoding="utf-8")).get(path)
    assert section is not None, f"`{path}` has no section in {PAGE.relative_to(ROOT)}: run {REGENERATE}"
    assert f"Usage: {path}" in section
    opening = " ".join((command.help or "").split()[:3])
    assert opening in section, f"`{path}`: its help is missing"
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            for name in (*parameter.opts, *parameter.secondary_opts):
                assert f"`{name}`" in section, f"`{path}`: option {name} is undocumented"
        else:
            assert f"`{parameter.human_readable_name}`" in section, f"`{path}`: argument is undocumented"


MARKDOWN = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    ROOT / "CHANGELOG.md",
    ROOT / "benchmarks" / "README.md",
    *sorted((ROOT / "docs" / "pages").rglob("*.md")),
]


@pytest.mark.parametrize("document", MARKDOWN, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_lead_to_files_that_exist(document):
    """On GitHub and in the docs site alike: a moved page or image breaks no link."""
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.DOTALL)
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    broken = [
        target
        for target in targets
        if not re.match(r"[a-z]+:", target)
        and not target.startswith("#")
        and not (document.parent / target.split("#")[0]).exists()
    ]
    assert not broken, f"{document.relative_to(ROOT)} links to missing files: {broken}"


def test_every_test_the_security_page_names_exists():
    page = (ROOT / "docs" / "pages" / "security.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", page)
    assert len(named) > 30
    missing = [
        f"{file}::{name}"
        for file, name in named
        if not re.search(rf"^def {name}\(", (ROOT / file).read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert missing == []
