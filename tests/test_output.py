"""Safe output (generator/output.py): a site is swapped in whole or not at all, `--out` never
replaces a folder playbook did not make, and failures, interrupts and kills leave the previous
output exactly as it was, with no staging folder left behind (README: "Safety and
reproducibility")."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator import output
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import MINI, ROOT
from tests.helpers.files import edit, snapshot, write_client
from tests.helpers.sites import assert_untouched, stagings


def test_rebuild_replaces_our_own_folder_and_drops_removed_pages(tmp_path):
    out = tmp_path / "out"
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    (out / "stale.html").write_text("left from an older build")
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    assert not (out / "stale.html").exists()


@pytest.mark.parametrize("make", ["non-empty", "file"])
def test_out_refuses_a_folder_it_did_not_make(tmp_path, make):
    out = tmp_path / "mine"
    if make == "file":
        out.write_text("precious")
    else:
        out.mkdir()
        (out / "notes.txt").write_text("precious")
    result = run("build", "--content", str(MINI), "--out", str(out))
    assert result.exit_code == 1
    assert "choose a" in result.stderr
    assert (out / "notes.txt" if make == "non-empty" else out).read_text() == "precious"


@pytest.mark.parametrize("target", [".", "content", "templates", "~", "/"])
def test_out_never_replaces_a_folder_it_did_not_make(target, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = str(Path(target).expanduser())
    before = sorted(os.listdir(path))
    result = run("build", "--content", str(MINI), "--out", path)
    assert result.exit_code == 1 and "was not made by playbook" in result.stderr
    assert sorted(os.listdir(path)) == before


@pytest.mark.slow
def test_interrupt_exits_130_and_leaves_the_previous_site(built, mini_copy):
    out, before = built
    code = (
        "import sys, generator.build.pipeline as p\n"
        "def stop(*a, **k): raise KeyboardInterrupt\n"
        "p.build_html = stop\n"
        f"sys.argv = ['playbook', 'build', '--content', {str(mini_copy)!r}, '--out', {str(out)!r}]\n"
        "from generator.cli import run; run()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 130 and "Interrupted." in result.stderr
    assert_untouched(out, before)


@pytest.mark.slow
def test_two_builds_at_once_leave_one_complete_site(tmp_path, mini_copy):
    out = tmp_path / "site"
    command = [sys.executable, "-m", "generator", "build", "--content", str(mini_copy), "--out", str(out)]
    first, second = subprocess.Popen(command), subprocess.Popen(command)
    assert first.wait() == 0 and second.wait() == 0
    assert (out / "index.html").is_file() and (out / ".playbook-output").is_file()
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_disk_full_is_a_clear_error_and_leaves_the_previous_site(built, mini_copy, monkeypatch):
    import errno

    import generator.build.mkdocs_build

    out, before = built

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(generator.build.mkdocs_build, "write_tree", full)
    result = run("build", "--content", str(mini_copy), "--out", str(out))
    assert result.exit_code == 1
    assert "No space left on device; the previous output is unchanged" in result.stderr
    assert_untouched(out, before)


def make_read_only(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: the file system says no instead

        def refuse(*args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr("tempfile.mkdtemp", refuse)
    else:
        folder.chmod(0o555)
    return folder / "site"


@pytest.mark.parametrize("where", ["read-only", "/proc/x", "/dev/null/x", "file/x", "long-name"])
def test_an_output_folder_that_cannot_be_written(tmp_path, monkeypatch, where):
    (tmp_path / "file").write_text("x")
    out = {
        "read-only": lambda: make_read_only(tmp_path, monkeypatch),
        "file/x": lambda: tmp_path / "file" / "x",
        "long-name": lambda: tmp_path / ("a" * 290),
    }.get(where, lambda: Path(where))()
    stderr = clean_failure(run("build", "--content", str(MINI), "--out", str(out)))
    assert stderr.startswith(f"error: cannot write {out}: ") or "was not made by playbook" in stderr, stderr


@pytest.mark.slow
def test_a_killed_build_leaves_staging_that_the_next_start_removes(tmp_path):
    out = tmp_path / "site"
    code = (
        "import os, signal, generator.build.pipeline as p\n"
        "def killed(*a, **k): os.kill(os.getpid(), signal.SIGKILL)\n"
        "p.build_html = killed\n"
        f"import sys; sys.argv = ['playbook', 'build', '--content', {str(MINI)!r}, '--out', {str(out)!r}]\n"
        "from generator.cli import run; run()\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == -signal.SIGKILL
    assert len(stagings(tmp_path)) == 1
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    assert stagings(tmp_path) == [] and (out / "index.html").is_file()


@pytest.mark.slow
def test_a_crash_between_the_two_renames_of_a_swap_is_undone(tmp_path):
    out = tmp_path / "site"
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    client = write_client(tmp_path, "")
    assert run("build", "--content", str(MINI), "--client", str(client), "--out", str(out)).exit_code == 0
    before = snapshot(out)
    code = (
        "import os, signal\n"
        "rename = os.rename\n"
        "def crash_after_moving_out(source, target):\n"
        "    rename(source, target)\n"
        "    if str(target).endswith('/old'): os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.rename = crash_after_moving_out\n"
        f"import sys; sys.argv = ['playbook', 'build', '--content', {str(MINI)!r}, '--out', {str(out)!r}]\n"
        "from generator.cli import run; run()\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == -signal.SIGKILL
    assert not out.exists()  # the kill came between the renames: no site at all, for now
    other = tmp_path / "other.yaml"
    other.write_text("name: Other\nslug: other\n")
    assert run("build", "--content", str(MINI), "--client", str(other), "--out", str(out)).exit_code == 0
    after = snapshot(out)
    assert {k: v for k, v in after.items() if not k.startswith("other/")} == before  # the previous site is back
    assert stagings(tmp_path, out) == []


def test_bad_content_leaves_the_previous_site_untouched(mini_copy, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--content", str(mini_copy), "--out", str(out)).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(mini_copy / "checklist.yaml", "pillar: tooling", "pillar: tools")
    result = run("build", "--content", str(mini_copy), "--out", str(out))
    assert result.exit_code == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model", "site"]  # no staging left behind


def test_bad_content_writes_no_site_at_all(mini_copy, tmp_path):
    edit(mini_copy / "stages.yaml", "  - id: fluent", "  - id: curious")
    result = run("build", "--content", str(mini_copy), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert not (tmp_path / "site").exists()


def test_scratch_folders_are_private_and_those_of_killed_runs_are_swept(tmp_path, monkeypatch):
    """A run killed with kill -9 leaves its scratch folder (a private client's pages in clear); the
    next one removes it, and leaves a running one's alone."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    base = tmp_path / f"playbook-{os.getuid()}"
    base.mkdir(mode=0o700)
    left = base / f"{dead.pid}.{output._HOST}-abc"
    running = base / f"{os.getppid()}.{output._HOST}-def"
    for folder in (left, running):
        folder.mkdir()
        (folder / "report.md").write_text("Northwind: Emerging", encoding="utf-8")
    with output.scratch_folder() as scratch:
        assert scratch.parent == base and scratch.exists()
        assert not left.exists() and running.exists()
    assert not scratch.exists() and oct(base.stat().st_mode & 0o777) == "0o700"
    base.chmod(0o755)  # a folder others can read is not used
    with pytest.raises(output.BuildError, match="is not a private folder of yours: remove it"):
        with output.scratch_folder():
            pass
