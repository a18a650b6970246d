"""User-facing errors: content problems with their place, reported compiler style.

A traceback always means a bug in the generator; every mistake a user can make in a file
becomes a `Problem` and leaves the program through `ContentError` (exit 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a 1-based line and column (0 when unknown)."""

    file: str
    line: int
    column: int
    where: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}:{self.column}"
        where = f"{self.where}: " if self.where else ""
        return f"{place}: {self.severity}: {where}{self.message}"


def display_path(path: Path | str) -> str:
    """A path as the user should read it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ContentError(click.ClickException):
    """Bad input: one or more problems, all reported at once, exit 1."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def format_message(self) -> str:
        errors = sum(1 for p in self.problems if p.severity == "error")
        lines = [str(p) for p in self.problems]
        if errors > 1:
            lines.append(f"Aborted with {errors} errors.")
        return "\n".join(lines)

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


class BuildError(click.ClickException):
    """The site could not be built (a builder warning, a template or file-system fault), exit 1."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def fail(file: Path | str, line: int, column: int, where: str, message: str) -> ContentError:
    """A `ContentError` holding a single problem."""
    return ContentError([Problem(display_path(file), line, column, where, message)])
