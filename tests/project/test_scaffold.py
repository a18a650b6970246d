"""`playbook init` (generator/project/scaffold.py): a project of its own, never over what is
there, and nothing left behind when it fails."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import run
from tests.helpers.data import MINI

PROFILE = "clients/example-organisation.yaml"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_writes_a_project_with_its_own_model_clients_and_settings(project):
    files = tree(project)
    assert {
        "playbook.yaml",
        "README.md",
        ".gitignore",
        ".github/workflows/playbook.yml",
        PROFILE,
        "templates/.gitkeep",
    } <= set(files)
    assert {p.name for p in (project / "content").iterdir()} == {p.name for p in MINI.iterdir()}
    assert files["content/checklist.yaml"] == (MINI / "checklist.yaml").read_bytes()
    assert "playbook build --all" in files[".github/workflows/playbook.yml"].decode()


def test_init_refuses_a_folder_that_is_not_empty_and_force_keeps_what_is_there(tmp_path):
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "README.md").write_text("ours\n")
    result = run("init", str(folder))
    assert result.exit_code == 1 and "is not empty (1 entries)" in result.stderr and "--force" in result.stderr
    assert tree(folder) == {"README.md": b"ours\n"}
    result = run("init", str(folder), "--force")
    assert result.exit_code == 0 and "1 existing files kept" in result.stdout
    assert (folder / "README.md").read_text() == "ours\n" and (folder / "playbook.yaml").is_file()


def test_init_into_a_file_or_below_one_fails_with_nothing_written(tmp_path):
    (tmp_path / "file").write_text("x")
    for target in ("file", "file/sub"):
        result = run("init", str(tmp_path / target))
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert tree(tmp_path) == {"file": b"x"}


def test_init_into_a_folder_it_cannot_write_fails_clearly():
    target = Path("/sys/playbook-init-test")  # sysfs refuses new files, even to root
    result = run("init", str(target))
    assert result.exit_code == 1 and "cannot write into /sys/playbook-init-test: " in result.stderr
    assert not target.exists()


def test_a_failure_part_way_removes_what_init_wrote(tmp_path):
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "content").write_text("a file where the model folder goes\n")
    before = tree(folder)
    result = run("init", str(folder), "--force")
    assert result.exit_code == 1 and "cannot write into" in result.stderr
    assert tree(folder) == before and sorted(p.name for p in folder.iterdir()) == ["content"]
