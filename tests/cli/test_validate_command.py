"""`playbook validate`: a valid model is summed up."""

from __future__ import annotations

from tests.helpers.cli import run


def test_valid_model_passes(mini_copy):
    result = run("validate", str(mini_copy))
    assert result.exit_code == 0, result.stderr
    assert "valid (2 stages, 4 quadrants, 2 pillars, 2 practices, 4 checklist items)" in result.stdout
