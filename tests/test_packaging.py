"""Installs: the lock pins the whole environment, and the wheel runs on its own, outside a checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import distributions
from pathlib import Path

from .conftest import ROOT

LOCK = ROOT / "requirements.lock"
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"  # made by `make setup`: the runtime packages as wheels


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            pins[canonical(name)] = pinned.strip()
    return pins


def test_the_lock_pins_exactly_what_is_installed():
    installed = {canonical(d.metadata["Name"]): d.version for d in distributions()}
    installed.pop("maturity-playbook")
    assert installed == locked()


def test_the_wheel_builds_a_playbook_from_an_empty_folder_outside_the_checkout(tmp_path):
    source = tmp_path / "source"  # a copy, so that the build leaves nothing in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "mkdocs.yml"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("generator", "content", "models", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for packaged in (
        "generator/defaults/mkdocs.yml",
        "generator/defaults/content/checklist.yaml",
        "generator/defaults/models/mini/model.yaml",
        "generator/defaults/templates/theme/main.html",
        "generator/defaults/templates/assets/checklist.js",
        "generator/defaults/templates/project/playbook.yaml",
    ):
        assert packaged in names
    assert not [n for n in names if n.startswith("generator/defaults/tests/")]

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [
            *pip,
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--quiet",
            "--no-index",
            "--find-links",
            str(WHEELHOUSE),
            "-c",
            str(LOCK),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    playbook = venv / "bin" / "playbook"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    empty = tmp_path / "empty"
    empty.mkdir()

    built = subprocess.run([playbook, "build"], cwd=empty, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "Social Business Maturity Playbook" in (empty / "site" / "index.html").read_text(encoding="utf-8")
    assert len(list((empty / "site" / "practices").glob("*.html"))) == 15  # the 14 practices and their index

    made = subprocess.run(
        [playbook, "init", "acme", "--model", "mini"], cwd=empty, env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    project = empty / "acme"
    for command in (["build"], ["build", "--all"]):
        result = subprocess.run([playbook, *command], cwd=project, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    checklist = (project / "site" / "checklist.html").read_text(encoding="utf-8")
    assert "data-pb-model" in checklist and "assets/playbook/checklist.js" in checklist
    assert (project / "site" / "example-organisation" / "index.html").is_file()
    assert not list(venv.rglob("site-packages/generator/defaults/tests"))
    plugins = subprocess.run(
        [
            venv / "bin" / "python",
            "-c",
            "from importlib.metadata import entry_points; "
            "print(entry_points(group='mkdocs.plugins')['playbook'].load().__name__)",
        ],
        capture_output=True,
        text=True,
        cwd=empty,
    )
    assert plugins.stdout.strip() == "PlaybookPlugin", plugins.stderr
