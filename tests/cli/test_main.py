"""The `playbook` command group and its entry point (generator/cli/__init__.py): help for every
command, and exit codes as a shell sees them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.cli import main
from tests.helpers.cli import run
from tests.helpers.data import MINI


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: main {command}" in result.stdout
    assert main.commands[command].help


def test_usage_error_exits_2():
    assert run("build", "--no-such-option").exit_code == 2
    assert run("no-such-command").exit_code == 2


@pytest.mark.slow
def test_installed_command_exit_codes(tmp_path):
    """The real entry point, as a shell sees it."""
    ok = subprocess.run([sys.executable, "-m", "generator", "validate", str(MINI)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([sys.executable, "-m", "generator", "validate", str(tmp_path)], capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    usage = subprocess.run([sys.executable, "-m", "generator", "build", "--bogus"], capture_output=True, text=True)
    assert usage.returncode == 2
