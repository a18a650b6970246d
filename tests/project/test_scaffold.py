"""`playbook init` (generator/project/scaffold.py): a project of its own, never over what is
there, and nothing left behind when it fails."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.project.scaffold import WORKFLOW_FILE as WORKFLOW
from generator.project.scaffold import pages_workflow
from tests.helpers.cli import run
from tests.helpers.data import MINI, ROOT

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


def step(steps: list[dict], action: str) -> dict:
    """The one step of `steps` that uses `action` (such as actions/upload-artifact)."""
    (found,) = [s for s in steps if s.get("uses", "").partition("@")[0] == action]
    return found


def test_init_without_shards_writes_one_job_that_builds_every_site(project):
    jobs = yaml.safe_load((project / WORKFLOW).read_text(encoding="utf-8"))["jobs"]
    assert set(jobs) == {"build", "deploy"}
    runs = [s["run"] for s in jobs["build"]["steps"] if "run" in s]
    assert runs[-2:] == ["playbook build", "playbook build --all"]
    assert step(jobs["build"]["steps"], "actions/upload-pages-artifact")["with"] == {"path": "site"}


def test_init_with_shards_writes_a_matrix_of_n_client_builds_and_a_job_that_merges_them(tmp_path):
    result = run("init", str(tmp_path / "acme"), "--model", "mini", "--shards", "3")
    assert result.exit_code == 0, result.output
    jobs = yaml.safe_load((tmp_path / "acme" / WORKFLOW).read_text(encoding="utf-8"))["jobs"]
    assert list(jobs) == ["clients", "site", "deploy"]
    clients, site = jobs["clients"], jobs["site"]
    assert clients["strategy"]["matrix"] == {"part": [1, 2, 3]}
    assert "playbook build --all --shard ${{ matrix.part }}/3 --out parts" in [s.get("run") for s in clients["steps"]]
    assert step(clients["steps"], "actions/upload-artifact")["with"] == {
        "name": "clients-${{ matrix.part }}",
        "path": "parts",
        "include-hidden-files": True,
    }
    assert site["needs"] == "clients" and jobs["deploy"]["needs"] == "site"
    order = [s.get("run") or s["uses"].partition("@")[0] for s in site["steps"]]
    assert order[-3:] == ["playbook build", "actions/download-artifact", "actions/upload-pages-artifact"]
    assert step(site["steps"], "actions/download-artifact")["with"] == {
        "pattern": "clients-*",
        "path": "site",
        "merge-multiple": True,
    }
    assert step(site["steps"], "actions/upload-pages-artifact")["with"] == {"path": "site"}
    assert step(jobs["deploy"]["steps"], "actions/deploy-pages")


def test_the_publishing_guide_shows_the_jobs_of_init_shards(tmp_path):
    guide = (ROOT / "docs" / "pages" / "guide" / "publishing.md").read_text(encoding="utf-8")
    shown = yaml.safe_load(guide.split("```yaml\n")[1].split("```")[0])
    jobs = yaml.safe_load(pages_workflow(4))["jobs"]
    assert shown == {"clients": jobs["clients"], "site": jobs["site"]}


def test_init_refuses_one_shard(tmp_path):
    result = run("init", str(tmp_path / "acme"), "--shards", "1")
    assert result.exit_code == 2 and not (tmp_path / "acme").exists()


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
