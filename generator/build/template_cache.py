"""Compiled Jinja templates kept between builds: in memory, and in a private folder on disk, so that
a fresh process skips compiling the site theme (a tenth of a small build).

Jinja names each template's entry by its name and file, and checks the source's checksum and its
own version on load: a changed template or another Python compiles again. The entries are code, so
the folder is used only while it belongs to this user and nobody else may write to it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import jinja2

KEEP_FILES = 2000  # past this, the older half of the entries go


def user_folder() -> Path | None:
    """Where the entries live: `$XDG_CACHE_HOME/playbook/templates`, else `~/.cache/playbook/templates`
    (None for a user without a home)."""
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "playbook" / "templates"
    except RuntimeError:  # no HOME and no entry in the user database
        return None


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache, in memory and (when `folder` is given and private) on disk.

    A folder that cannot be made, read or written is left alone: the build compiles as usual.
    """

    def __init__(self, folder: Path | None = None):
        self.code: dict[str, bytes] = {}
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        folder = self._private_folder() if code is None else None
        if folder is not None:
            try:
                code = self.code[bucket.key] = (folder / bucket.key).read_bytes()
            except OSError:
                return
        if code is not None:
            bucket.bytecode_from_string(code)  # a stale or damaged entry leaves the bucket empty

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code[bucket.key] = bucket.bytecode_to_string()
        folder = self._private_folder()
        if folder is None:
            return
        handle = None
        try:
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".", delete=False) as handle:
                handle.write(code)
            os.replace(handle.name, folder / bucket.key)
            self._prune(folder)
        except OSError:  # a full disk, another process pruning: the entry stays in memory only
            if handle is not None:
                Path(handle.name).unlink(missing_ok=True)

    def _private_folder(self) -> Path | None:
        """The folder, if it exists (made if need be), is this user's own and closed to others."""
        folder = self.folder
        if folder is None:
            return None
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            status = folder.lstat()
        except OSError:
            return None
        owner = getattr(os, "getuid", lambda: status.st_uid)()
        private = folder.is_dir() and not folder.is_symlink() and status.st_uid == owner
        return folder if private and not status.st_mode & 0o077 else None

    def _prune(self, folder: Path) -> None:
        """Past KEEP_FILES entries (each checkout and Python has its own), remove the older half."""
        entries = list(os.scandir(folder))
        if len(entries) > KEEP_FILES:
            for entry in sorted(entries, key=lambda e: e.stat().st_mtime)[: len(entries) // 2]:
                os.unlink(entry.path)
