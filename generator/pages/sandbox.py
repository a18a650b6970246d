"""What confines templates: a loader that serves template files only, and the sandbox for override
templates (the user's code), with every operation that can make a large value bounded.

The loader serves `*.j2` files with no hidden part, read from inside their folder without
following a link at any step (each folder and the file are opened relative to the one before, with
`O_NOFOLLOW`), so a template can reach neither `.secrets.yaml` nor a profile nor a file a link
points to, even one swapped in while the build runs.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

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
