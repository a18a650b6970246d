"""Running the `playbook` command in tests: in-process through click's runner, or as a process."""

from __future__ import annotations

import json
import sys

from click.testing import CliRunner

from generator.cli import main

PLAYBOOK = [sys.executable, "-m", "generator"]


def run(*args: str):
    """Run the `playbook` command in-process; returns click's result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args))


def clean_failure(result, code: int = 1) -> str:
    """The stderr of a CLI run that failed as a user error should: the exit code, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.stderr


def score_json(*args: str) -> dict:
    result = run("score", *args, "--json")
    assert result.exit_code == 0, result.stderr + result.stdout
    return json.loads(result.stdout)
