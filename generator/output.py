"""Safe output: one write choke point, and folders that appear whole or not at all.

A site is built in a staging folder beside its target and swapped in only when complete, so a
failed or interrupted build leaves the previous output exactly as it was. A folder is only ever
replaced if it is empty or carries our marker file, so `--out .` or `--out ~` cannot wipe a
folder that the tool did not create.

A staging folder's name carries its process id (and host): a run killed without a chance to
clean up (kill -9, a CI cancel, a power cut) leaves one behind, and the next run removes it, and
puts a previous site back if the kill came between the two renames of a swap. Scratch folders
for intermediate files work the same way, in a folder of the user's own.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import posixpath
import re
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import BuildError, display_path

MARKER = ".playbook-output"
_HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
_STAGING = re.compile(r"\A\.(?P<name>.+)\.staging-(?P<pid>[0-9]++)\.(?P<host>[0-9a-f]{8})-[A-Za-z0-9_]++\Z")


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


def replace_files(files: dict[Path, bytes], mode: int) -> None:
    """Write each of `files` ({path: bytes}) under a temporary name beside it, then rename them all
    into place with `mode`: a failure (or Ctrl-C) before the renames leaves every old file as it was.
    Raises OSError; the caller names what it was writing."""
    temporary: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)  # 0600
            temporary.append((Path(name), target))
            with open(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(name, mode)
        for written, target in temporary:
            os.replace(written, target)
    finally:
        for written, _ in temporary:
            written.unlink(missing_ok=True)


def check_replaceable(out: Path) -> None:
    """Refuse an output folder that exists, is not empty and was not made by this tool.

    A folder that only holds our sites (client sites in `site/<slug>/`) counts as ours.
    """
    if out.is_symlink() or out.exists() and not out.is_dir():
        raise BuildError(f"--out {display_path(out)}: not a folder; choose a folder path")
    ours = lambda path: path.is_dir() and ((path / MARKER).is_file() or _STAGING.fullmatch(path.name))  # noqa: E731
    if out.is_dir() and not ours(out) and not all(ours(child) for child in out.iterdir()):
        raise BuildError(
            f"--out {display_path(out)}: the folder is not empty and was not made by playbook; "
            "choose a new or empty folder"
        )


def read_stamp(out: Path) -> str | None:
    """The stamp (an input hash) that the build of `out` recorded, if `out` is ours."""
    try:
        return (out / MARKER).read_text(encoding="utf-8").splitlines()[1]
    except (OSError, IndexError):
        return None


@contextmanager
def staged_folder(out: Path, stamp: str = "") -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces `out` whole, on failure it vanishes.

    Outputs nested in `out` (client sites in `site/<slug>/`) are separate builds: they are
    carried over into the new folder. `stamp` is recorded in the marker file.
    """
    out = out.absolute()
    try:
        for folder in (out.parent.parent, out.parent, out):
            recover_staging(folder)
        check_replaceable(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-{os.getpid()}.{_HOST}-", dir=out.parent))
    except OSError as error:  # a read-only folder, /proc, a name too long: nothing was touched
        raise BuildError(f"cannot write {display_path(out)}: {error.strerror or error}") from None
    try:
        new = staging / "new"
        new.mkdir()
        yield new
        (new / MARKER).write_text(f"Made by playbook; replaced whole on each build.\n{stamp}\n", encoding="utf-8")
        # Builds run side by side; swaps take turns. Locking the grandparent as well makes a client
        # site's swap (site/<slug>) and the generic site's swap (site/, which carries the client
        # sites over) wait for each other.
        with _locked(*dict.fromkeys([out.parent.parent, out.parent])), _signals_held():
            check_replaceable(out)
            _swap(new, out, staging / "old")
            _carry_nested_outputs(staging / "old", out)
    except OSError as error:  # disk full, permissions: the previous output is still in place
        raise BuildError(
            f"cannot write {display_path(out)}: {error.strerror or error}; the previous output is unchanged"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def recover_staging(folder: Path) -> None:
    """Remove the staging folders in `folder` whose run is gone (killed), first putting back an
    output that such a run had moved aside in the middle of its swap."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # not there (yet), or not ours to read: nothing of ours to clean
        return
    for entry in entries:
        match = _STAGING.fullmatch(entry.name)
        if not match or match["host"] != _HOST or _alive(int(match["pid"])) or not entry.is_dir(follow_symlinks=False):
            continue
        with _locked(folder):
            staging, target = Path(entry.path), folder / match["name"]
            old = staging / "old"
            if not os.path.lexists(target) and (old / MARKER).is_file():
                os.rename(old, target)
            shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """A temporary folder for a build's intermediate files (a private client's pages in clear among
    them): inside `playbook-<uid>` in the system's temporary folder, readable by its owner alone,
    removed on exit; those left by a killed run (their process gone) are removed first."""
    base = Path(tempfile.gettempdir()) / f"playbook-{os.getuid()}"
    try:
        base.mkdir(mode=0o700)
    except FileExistsError:
        info = base.lstat()
        if not base.is_dir() or base.is_symlink() or info.st_uid != os.getuid() or info.st_mode & 0o077:
            raise BuildError(
                f"{display_path(base)} is not a private folder of yours: remove it (it holds only temporary files)"
            ) from None
    for left in base.iterdir():
        pid, _, host = left.name.partition(".")
        if pid.isdigit() and host.startswith(_HOST) and not _alive(int(pid)):
            shutil.rmtree(left, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}.{_HOST}-", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGTERM, SIGINT and SIGUSR1 (a batch's time limit) back while the output is swapped: a
    stop between the two renames would leave no output at all. A signal that came meanwhile is
    delivered right after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[signal.Signals] = []
    saved = {
        number: signal.signal(number, lambda number, frame: held.append(signal.Signals(number)))
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1)
    }
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(held):
            signal.raise_signal(number)


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


def _carry_nested_outputs(old: Path, out: Path) -> None:
    """Move sites built separately inside the old folder (they carry our marker) into the new one."""
    if not old.is_dir():
        return
    for child in sorted(old.iterdir()):
        if child.is_dir() and (child / MARKER).is_file() and not (out / child.name).exists():
            os.rename(child, out / child.name)


@contextmanager
def _locked(*folders: Path) -> Iterator[None]:
    """Hold exclusive locks on `folders`, taken in the order given (outermost first: no deadlock)."""
    descriptors = []
    try:
        for folder in folders:
            descriptors.append(os.open(folder, os.O_RDONLY))
            fcntl.flock(descriptors[-1], fcntl.LOCK_EX)
        yield
    finally:
        for descriptor in reversed(descriptors):
            os.close(descriptor)
