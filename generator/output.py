"""Safe output: one write choke point, and folders that appear whole or not at all.

A site is built in a staging folder beside its target and swapped in only when complete, so a
failed or interrupted build leaves the previous output exactly as it was. A folder is only ever
replaced if it is empty or carries our marker file, so `--out .` or `--out ~` cannot wipe a
folder that the tool did not create.
"""

from __future__ import annotations

import fcntl
import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import BuildError, display_path

MARKER = ".playbook-output"


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write `files` ({relative path: content}) under `root`: never outside it, never twice."""
    written: set[str] = set()
    for relative, content in files.items():
        normal = posixpath.normpath(relative)
        if normal.startswith(("/", "../")) or normal in ("..", ".") or "\\" in normal or "\0" in normal:
            raise BuildError(f"refusing to write '{relative}': it is outside the output folder")
        if normal.lower() in written:
            raise BuildError(f"two files would be written to '{normal}'")
        written.add(normal.lower())
        target = root / normal
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.replace("\r\n", "\n").encode("utf-8")
        with open(target, "xb") as handle:  # "x": a symlink or existing file is never followed
            handle.write(content)


def check_replaceable(out: Path) -> None:
    """Refuse an output folder that exists, is not empty and was not made by this tool."""
    if out.is_symlink() or out.exists() and not out.is_dir():
        raise BuildError(f"--out {display_path(out)}: not a folder; choose a folder path")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(f"--out {display_path(out)}: the folder is not empty and was not made by playbook; "
                         "choose a new or empty folder")


@contextmanager
def staged_folder(out: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces `out` whole, on failure it vanishes."""
    out = out.absolute()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent):
        check_replaceable(out)  # another build may have finished while we waited
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
        try:
            new = staging / "new"
            new.mkdir()
            yield new
            (new / MARKER).write_text("Made by playbook. This folder is replaced whole on each build.\n")
            _swap(new, out, staging / "old")
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, out: Path, old: Path) -> None:
    """Put `new` in the place of `out`, keeping the old folder until the new one is in."""
    had_old = out.exists()
    if had_old:
        os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        if had_old:
            os.rename(old, out)
        raise


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` so two builds never swap into it at once."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
