"""Playbook projects: `playbook init`, and every command taking its paths from playbook.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import MINI, edit, run

PROFILE = "clients/example-organisation.yaml"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A new project made from the small model, with the working folder inside it."""
    assert run("init", str(tmp_path / "acme"), "--model", "mini").exit_code == 0
    monkeypatch.chdir(tmp_path / "acme")
    return tmp_path / "acme"


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


def test_commands_inside_a_project_use_its_settings_and_flags_win(project):
    edit(project / "content" / "model.yaml", "name: ", "name: Acme ")
    (project / "sub").mkdir()
    result = run("validate")
    assert result.exit_code == 0 and result.stdout.startswith("content: valid")
    assert run("build").exit_code == 0
    assert "Acme " in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert run("build", "--all").exit_code == 0
    assert (project / "site" / "example-organisation" / "checklist.html").is_file()
    assert run("build", "--out", "other").exit_code == 0 and (project / "other" / "index.html").is_file()
    items = json.loads(run("checklist", "--json").stdout)
    assert [i["id"] for i in items] == [
        i["id"] for i in json.loads(run("checklist", "--json", "--content", str(MINI)).stdout)
    ]


def test_settings_are_found_from_a_subfolder_and_change_where_things_go(project, monkeypatch):
    edit(project / "playbook.yaml", "output: site", "output: public")
    edit(project / "playbook.yaml", "site_url: https://playbook.example.com/", "site_url: https://acme.example.org/pb")
    (project / "notes").mkdir()
    monkeypatch.chdir(project / "notes")
    assert run("build", "--all").exit_code == 0
    page = (project / "public" / "example-organisation" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://acme.example.org/pb/example-organisation/index.html">' in page
    assert not (project / "notes" / "site").exists()


def test_project_template_overrides_apply_to_the_generic_site(project):
    (project / "templates" / "pages").mkdir()
    (project / "templates" / "pages" / "about.md.j2").write_text("# About us\n\nOverridden in the project.\n")
    assert run("build").exit_code == 0
    assert "Overridden in the project." in (project / "site" / "about.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "output: site",
            "outptu: site",
            "playbook.yaml:7:1: error: outptu: unknown key 'outptu' (did you mean 'output'?)",
        ),
        (
            "content: content",
            "content: ../elsewhere",
            "playbook.yaml:4:10: error: content: '../elsewhere' points "
            "outside the project folder: give a path inside it",
        ),
        (
            "templates: [templates]",
            "templates: [templates, /etc]",
            "playbook.yaml:6:24: error: templates[1]: '/etc' points outside the project folder",
        ),
        ("templates: [templates]", "templates: [missing]", "templates[0]: no such folder: 'missing'"),
        ("paper: a4", "paper: a3", "'a3' is not allowed: use 'a4' or 'letter'"),
        ("site_url: https://playbook.example.com/", "site_url: ftp://x", "'ftp://x' is not a site address"),
    ],
)
def test_bad_settings_name_the_file_line_and_fix(project, old, new, message):
    edit(project / "playbook.yaml", old, new)
    result = run("build")
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert not (project / "site").exists()


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
