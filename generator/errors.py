"""User-facing errors: content problems with their place, reported compiler style.

A traceback always means a bug in the generator; every mistake a user can make in a file
becomes a `Problem` and leaves the program through `ContentError` (exit 1).
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

MAX_SHOWN_PROBLEMS = 100  # one broken reference in a big model must not print megabytes
MAX_LISTED_CHOICES = 8


def visible(text: str, *, newlines: bool = True) -> str:
    """`text` safe for a terminal: control, format and bidi characters (ESC, CSI, OSC, C1, U+202E,
    lone surrogates of an undecodable file name) shown as escapes such as \\x1b or \\u202e.

    Every message leaves through here, so that a crafted file cannot drive the terminal.
    """
    if text.isprintable():
        return text
    return "".join(_visible_char(char, newlines) for char in text)


def _visible_char(char: str, newlines: bool) -> str:
    if char == "\n" and newlines or char == " ":
        return char
    if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp"):
        return char
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 in a file name (surrogateescape)
        code -= 0xDC00
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_of(choices: Iterable[str], value: str = "") -> str:
    """The choices to name in a message: a short list whole; of a long one, the few closest to
    `value` (or the first few) and how many more there are."""
    ordered = tuple(choices)
    if len(ordered) <= MAX_LISTED_CHOICES:
        return ", ".join(ordered)
    shown = (list(closest(value, ordered, 3)) if value else []) or list(ordered[: MAX_LISTED_CHOICES // 2])
    return f"{', '.join(shown)} and {len(ordered) - len(shown):,} more"


@functools.lru_cache(maxsize=1024)
def closest(value: str, choices: tuple[str, ...], count: int = 1) -> tuple[str, ...]:
    """Up to `count` choices that look like `value` (cached: a model may repeat one typo thousands of times)."""
    return tuple(difflib.get_close_matches(value, choices, n=count))


def format_problems(problems: list[Problem]) -> str:
    """Problems one per line, at most `MAX_SHOWN_PROBLEMS`, then how many more there are."""
    lines = [str(p) for p in problems[:MAX_SHOWN_PROBLEMS]]
    if len(problems) > MAX_SHOWN_PROBLEMS:
        lines.append(f"... and {len(problems) - MAX_SHOWN_PROBLEMS:,} more problems (fix these first)")
    return "\n".join(lines)


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
        place = visible(self.file, newlines=False)
        if self.line:
            place += f":{self.line}:{self.column}"
        where = f"{visible(self.where, newlines=False)}: " if self.where else ""
        return f"{place}: {self.severity}: {where}{visible(self.message, newlines=False)}"


def display_path(path: Path | str) -> str:
    """A path as the user should read it: relative to the working folder when inside it, a newline or
    other control character in a name shown as an escape (`\\n`), so that a file name cannot forge a
    line of output."""
    path = Path(path)
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    return visible(shown, newlines=False)


class ContentError(click.ClickException):
    """Bad input: one or more problems, all reported at once, exit 1."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))

    def format_message(self) -> str:
        errors = sum(1 for p in self.problems if p.severity == "error")
        return self.message + (f"\nAborted with {errors:,} errors." if errors > 1 else "")

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


class BuildError(click.ClickException):
    """The site could not be built (a builder warning, a template or file-system fault), exit 1."""

    exit_code = 1

    def format_message(self) -> str:
        return visible(self.message)

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def fail(file: Path | str, line: int, column: int, where: str, message: str) -> ContentError:
    """A `ContentError` holding a single problem."""
    return ContentError([Problem(display_path(file), line, column, where, message)])


class Terminated(BaseException):
    """SIGTERM (a CI cancel, `kill`): unwinds like Ctrl-C, so that staging folders are removed."""

    exit_code = 128 + 15
