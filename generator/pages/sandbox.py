"""What confines templates: a loader that serves template files only, and the sandbox for override
templates (the user's code), with every operation that can make a large value bounded (`bounds`).

The loader serves `*.j2` files with no hidden part, read from inside their folder without
following a link at any step (each folder and the file are opened relative to the one before, with
`O_NOFOLLOW`), so a template can reach neither `.secrets.yaml` nor a profile nor a file a link
points to, even one swapped in while the build runs.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import jinja2
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from . import bounds

if sys.platform != "win32":
    import resource

TEMPLATE_SUFFIX = ".j2"
_DIRECTORY = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_FILE = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block


class TemplateFolders(jinja2.BaseLoader):
    """Templates looked up in `folders` in order: `*.j2` files only, none hidden, none through a link."""

    def __init__(self, folders: list[Path]):
        self.folders = folders

    def get_source(self, environment: jinja2.Environment, template: str):
        parts = split_template_path(template)  # refuses `..`
        if not parts or not parts[-1].endswith(TEMPLATE_SUFFIX) or any(p.startswith(".") for p in parts):
            raise jinja2.TemplateNotFound(
                f"{template} (only template files are served: a name ending in {TEMPLATE_SUFFIX}, "
                "with no part starting with '.')"
            )
        for folder in self.folders:
            try:
                source, modified = _read_inside(folder, parts)
            except FileNotFoundError:
                continue
            except UnicodeDecodeError:
                raise jinja2.TemplateNotFound(f"{template} (in {folder}: not UTF-8 text)") from None
            except OSError:  # a link (ELOOP, ENOTDIR), a folder, a device, unreadable
                raise jinja2.TemplateNotFound(
                    f"{template} (in {folder}: a link, or not a plain file: it leads outside the template "
                    "folder: refused)"
                ) from None
            return source, str(folder.joinpath(*parts)), functools.partial(_unchanged, folder, parts, modified)
        raise jinja2.TemplateNotFound(template)


def _open_inside(folder: Path, parts: list[str]) -> int:
    """A descriptor of `folder/parts...`, opened one step at a time without following a link."""
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for part in parts[:-1]:
            inner = os.open(part, _DIRECTORY, dir_fd=handle)
            os.close(handle)
            handle = inner
        return os.open(parts[-1], _FILE, dir_fd=handle)
    finally:
        os.close(handle)


def _read_inside(folder: Path, parts: list[str]) -> tuple[str, int]:
    """The text of a plain file inside `folder` and its modification time (ns)."""
    handle = _open_inside(folder, parts)
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(f"{parts[-1]} is not a plain file")
        return file.read().decode("utf-8"), status.st_mtime_ns


def _unchanged(folder: Path, parts: list[str], modified: int) -> bool:
    """Whether the file is still there, still no link, and still last modified at `modified` (ns)."""
    try:
        handle = _open_inside(folder, parts)
    except OSError:
        return False
    try:
        return os.fstat(handle).st_mtime_ns == modified
    finally:
        os.close(handle)


RESULT_LIMIT = 1_000_000  # items or characters one `*` may make, and digits one `**` may make
MEMORY_HEADROOM = 2 * 1024**3  # bytes the process may grow by while override templates render
_CALL_ONLY = ("_loop_vars", "_block_vars", "caller")  # what Jinja passes along with a call


@contextlib.contextmanager
def memory_ceiling() -> Iterator[None]:
    """While override templates render, the process may grow by `MEMORY_HEADROOM` at most, for what
    no single operation shows: many large values kept (`list.append` in a loop). A template past it
    fails with MemoryError. Where address-space limits are not available, the bounds alone hold."""
    limits = _address_space()
    if limits is None:
        yield
        return
    soft, hard, ceiling = limits
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> tuple[int, int, int] | None:
    """(soft limit, hard limit, the ceiling to set) of the address space, None if it cannot be set."""
    if sys.platform == "win32":
        return None
    try:
        with open("/proc/self/statm") as statm:  # Linux: the first number is the address space, in pages
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = used + MEMORY_HEADROOM
    unlimited = resource.RLIM_INFINITY
    if (soft != unlimited and soft <= ceiling) or (hard != unlimited and hard < ceiling):
        return None  # already held tighter than this
    return soft, hard, ceiling


class _TextBuffer(list):
    """Where a block, a macro or a `set` block collects its text: refused past `TEXT_LIMIT`."""

    size = 0

    def append(self, part: str) -> None:
        self._count(part)
        super().append(part)

    def extend(self, parts: Iterable[str]) -> None:
        parts = tuple(parts)
        for part in parts:
            self._count(part)
        super().extend(parts)

    def _count(self, part: str) -> None:
        self.size += len(part)
        if self.size > bounds.TEXT_LIMIT:
            raise bounds.refuse("the template's text", self.size)


class _BoundedCode(CodeGenerator):
    """Jinja's code, with the operands of `~` checked before they are printed (`printed_size`) and
    the text of blocks, macros and `set` blocks collected in a `_TextBuffer`."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.text_buffer()")

    @optimizeconst
    def visit_Concat(self, node: jinja2.nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"{join}(environment.printable((")
        for operand in node.nodes:
            self.visit(operand, frame)
            self.write(", ")
        self.write(")))")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, which caps `range` only, with every operation that can make a large value
    bounded: `*`, `**`, `+`, `%` and `~`, the string and list methods and the filters in `bounds`,
    printing, and the text a page or a block makes (`bounds.TEXT_LIMIT`)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCode

    @staticmethod
    def printable(value: object) -> object:
        """`value`, once the text printing it makes is known to be within bounds."""
        if not isinstance(value, str):
            bounds.check("printing a value", bounds.printed_size(value))
        return value

    def __init__(self, **options) -> None:
        super().__init__(**options)
        del self.globals["lipsum"]  # paragraphs of placeholder text, as many as asked for

    def call_binop(self, context, operator: str, left, right):
        if operator == "*":
            count, sequence = (left, right) if isinstance(left, int) else (right, left)
            if (
                isinstance(count, int)
                and isinstance(sequence, (str, list, tuple))
                and count * len(sequence) > RESULT_LIMIT
            ):
                raise SecurityError(f"'*' would make {count * len(sequence):,} items (at most {RESULT_LIMIT:,})")
            if (
                isinstance(count, int)
                and isinstance(sequence, int)
                and count.bit_length() + sequence.bit_length() > 10_000
            ):
                raise SecurityError("'*' would make a number of over 3,000 digits")
        elif operator == "**":
            if (
                isinstance(left, (int, float))
                and isinstance(right, (int, float))
                and abs(left) > 1
                and right * math.log10(abs(left)) > 1_000
            ):
                raise SecurityError("'**' would make a number of over 1,000 digits")
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            bounds.check("'+'", len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            bounds.check("'%'", bounds.percent_size(left, right))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        method = getattr(__obj, "__wrapped__", __obj)  # `str.format` comes wrapped by the sandbox
        name, owner = getattr(method, "__name__", None), getattr(method, "__self__", None)
        if name in bounds.METHODS and isinstance(owner, (str, bytes, list)):
            args = _listed(args) if name in ("join", "extend") else args
            named = {key: value for key, value in kwargs.items() if key not in _CALL_ONLY}
            bounds.check(f"'{name}'", bounds.METHODS[name](owner, *args, **named))
        return super().call(__context, __obj, *args, **kwargs)

    @staticmethod
    def text_buffer() -> list:
        return _TextBuffer()

    def concat(self, parts: Iterable[str]) -> str:  # a page, a block, a macro's or a `set` block's text
        kept, size = [], 0
        for part in parts:
            size += len(part)
            if size > bounds.TEXT_LIMIT:
                raise bounds.refuse("the template's text", size)
            kept.append(part)
        return "".join(kept)

    def bound_filters(self) -> None:
        """Check the inputs of every filter that prints them, and what the filters in `bounds` make, first."""
        for name, function in self.filters.items():
            self.filters[name] = _bounded_filter(name, function)


def _bounded_filter(name: str, function):
    rule = bounds.FILTERS.get(name)
    passed = 1 if hasattr(function, "jinja_pass_arg") else 0  # the context or environment comes first

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        args = (*args[:passed], *_listed(args[passed:])) if name == "join" else args
        if name not in bounds.PRINT_NOTHING:
            for value in (*args[passed:], *kwargs.values()):
                bounds.printed_size(value)
        if rule is not None:
            bounds.check(f"'{name}'", rule(*args[passed:], **kwargs))
        return function(*args, **kwargs)

    return bounded


def _listed(args: tuple) -> tuple:
    """`args` with the first made a list when it is an iterator, so that its items can be counted."""
    first = args[0] if args else None
    if isinstance(first, Iterable) and not isinstance(first, (str, bytes, list, tuple, dict)):
        return (list(first), *args[1:])
    return args
