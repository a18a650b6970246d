"""Installs: every package the lock pins is installed at its version (tools a developer adds to
.venv are no failure), and the wheel runs on its own, outside a checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import distributions
from pathlib import Path

import pytest

from tests.helpers.data import ROOT

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


def test_every_locked_package_is_installed_at_its_locked_version():
    """Tools a developer adds to .venv (a debugger, a profiler) are no failure; a locked package
    missing or at another version is."""
    installed = {canonical(d.metadata["Name"]): d.version for d in distributions()}
    assert {name: installed.get(name) for name in locked()} == locked()


def test_the_wheel_lists_every_package_of_the_code():
    """A subpackage missing from `[tool.setuptools] packages` is left out of the wheel (the
    checkout, installed editable, would never notice)."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "generator").rglob("__init__.py")}
    assert found - listed == set()


@pytest.mark.slow
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
    install = [*pip, "--python", str(venv / "bin" / "python"), "install", "--quiet", "--no-compile"]
    # The wheel's declared dependencies resolve from the runtime wheels alone (`make setup`'s
    # wheelhouse holds no test tools): a dependency missing from pyproject.toml fails here.
    offline = ["--no-index", "--find-links", str(WHEELHOUSE), "-c", str(LOCK)]
    subprocess.run([*install, "--dry-run", *offline, str(wheel)], check=True, capture_output=True)
    # Then the wheel itself, on those same packages (this .venv's, which the lock pins): copying
    # Material's 14,000 files again would only make this test slow.
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    (site_packages / "runtime.pth").write_text(str(next(Path(sys.prefix, "lib").glob("python3*/site-packages"))) + "\n")
    subprocess.run([*install, "--no-deps", str(wheel)], check=True, capture_output=True)
    where = subprocess.run(
        [venv / "bin" / "python", "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(site_packages)), where  # the wheel's copy, not the checkout's
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
