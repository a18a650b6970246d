"""Compiled Jinja templates kept between builds: in memory, and in a private folder on disk, so that
a fresh process skips compiling the site theme (a tenth of a small build).

Jinja names each template's entry by its name and file, and checks the source's checksum and its
own version on load: a changed template or another Python compiles again. The entries are code, so
the folder is used only while it belongs to this user and nobody else may write to it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

import jinja2

KEEP_FILES = 2000  # past this, the older half of the entries go
# Only where files can be opened relative to a folder without following links (POSIX): elsewhere
# the entries stay in memory.
_SAFE = hasattr(os, "O_NOFOLLOW") and hasattr(os, "getuid") and os.open in os.supports_dir_fd
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW
_ENTRY = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
_NEW_ENTRY = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW


def user_folder() -> Path | None:
    """Where the entries live: `$XDG_CACHE_HOME/playbook/templates`, else `~/.cache/playbook/templates`
    (None for a user without a home)."""
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "playbook" / "templates"
    except RuntimeError:  # no HOME and no entry in the user database
        return None


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache, in memory and (when `folder` is given and private) on disk.

    The folder is opened once per use and checked through that descriptor; every entry is then
    opened relative to it without following a link, so a link swapped in after the check is
    refused, as is an entry that is not this user's plain file. A folder that cannot be made, read
    or written is left alone: the build compiles as usual.
    """

    def __init__(self, folder: Path | None = None):
        self.code: dict[str, bytes] = {}
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is None:
            with self._private_folder() as folder:
                if folder is None:
                    return
                try:
                    code = self.code[bucket.key] = _read_entry(folder, bucket.key)
                except OSError:
                    return
        bucket.bytecode_from_string(code)  # a stale or damaged entry leaves the bucket empty

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code[bucket.key] = bucket.bytecode_to_string()
        with self._private_folder() as folder:
            if folder is None:
                return
            temporary = f".{secrets.token_hex(8)}"
            try:
                handle = os.open(temporary, _NEW_ENTRY, 0o600, dir_fd=folder)
                with os.fdopen(handle, "wb") as file:
                    file.write(code)
                os.replace(temporary, bucket.key, src_dir_fd=folder, dst_dir_fd=folder)
                self._prune(folder)
            except OSError:  # a full disk, another process pruning: the entry stays in memory only
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=folder)

    @contextlib.contextmanager
    def _private_folder(self) -> Iterator[int | None]:
        """A descriptor of the folder (made if need be) if it is this user's own and closed to
        others, else None; closed on leaving."""
        handle = None
        if self.folder is not None and _SAFE:
            try:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                handle = os.open(self.folder, _FOLDER)
            except OSError:
                handle = None
        try:
            yield handle if handle is not None and _private(os.fstat(handle), stat.S_ISDIR) else None
        finally:
            if handle is not None:
                os.close(handle)

    def _prune(self, folder: int) -> None:
        """Past KEEP_FILES entries (each checkout and Python has its own), remove the older half."""
        names = os.listdir(folder)
        if len(names) > KEEP_FILES:
            modified = {name: os.stat(name, dir_fd=folder, follow_symlinks=False).st_mtime for name in names}
            for name in sorted(names, key=modified.__getitem__)[: len(names) // 2]:
                os.unlink(name, dir_fd=folder)


def _read_entry(folder: int, name: str) -> bytes:
    """An entry's bytes, if it is this user's plain file closed to others (never through a link)."""
    with os.fdopen(os.open(name, _ENTRY, dir_fd=folder), "rb") as file:
        if not _private(os.fstat(file.fileno()), stat.S_ISREG):
            raise PermissionError(name)
        return file.read()


def _private(status: os.stat_result, kind) -> bool:
    """Of the given kind, owned by this user, and neither readable nor writable by others."""
    return kind(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o077
