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
        if code is None and self._private():
            try:
                code = self.code[bucket.key] = (self.folder / bucket.key).read_bytes()
            except OSError:
                return
        if code is not None:
            bucket.bytecode_from_string(code)  # a stale or damaged entry leaves the bucket empty

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code[bucket.key] = bucket.bytecode_to_string()
        if not self._private():
            return
        handle = None
        try:
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".", delete=False) as handle:
                handle.write(code)
            os.replace(handle.name, self.folder / bucket.key)
            self._prune()
        except OSError:  # a full disk, another process pruning: the entry stays in memory only
            if handle is not None:
                Path(handle.name).unlink(missing_ok=True)

    def _private(self) -> bool:
        """Whether the folder exists (made if need be), is this user's own and closed to others."""
        if self.folder is None:
            return False
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            status = self.folder.lstat()
        except OSError:
            return False
        owner = getattr(os, "getuid", lambda: status.st_uid)()
        return (
            self.folder.is_dir()
            and not self.folder.is_symlink()
            and status.st_uid == owner
            and not status.st_mode & 0o077
        )

    def _prune(self) -> None:
        """Past KEEP_FILES entries (each checkout and Python has its own), remove the older half."""
        entries = list(os.scandir(self.folder))
        if len(entries) > KEEP_FILES:
            for entry in sorted(entries, key=lambda e: e.stat().st_mtime)[: len(entries) // 2]:
                os.unlink(entry.path)
