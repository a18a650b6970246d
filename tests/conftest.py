"""Shared fixtures: real builds of the bundled model and of a second, unrelated model."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build.pipeline import build_playbook
from generator.cli import main

# The example client Northwind Retail is private: its (fictional) passphrase, as CI would set it.
EXAMPLE_PASSPHRASE = "harbour-lantern-quietly-ninety"
os.environ.setdefault("PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL", EXAMPLE_PASSPHRASE)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
MINI = ROOT / "models" / "mini"


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Path:
    """The generic playbook, built once for the whole test run."""
    out = tmp_path_factory.mktemp("default") / "site"
    build_playbook(CONTENT, out)
    return out


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The small fixture model (other stages, axes and pillars), built with no code change."""
    out = tmp_path_factory.mktemp("mini") / "site"
    build_playbook(MINI, out)
    return out


@pytest.fixture(scope="session")
def example_sites(tmp_path_factory):
    """The example clients (clients/), built once with --all: (output folder, the CLI result)."""
    out = tmp_path_factory.mktemp("clients") / "site"
    result = run("build", "--all", "--clients", str(ROOT / "clients"), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A writable copy of the small fixture model, for tests that break it."""
    target = tmp_path / "model"
    shutil.copytree(MINI, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet in a file (fails loudly if the snippet is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(*args: str):
    """Run the `playbook` command in-process; returns click's result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args))
