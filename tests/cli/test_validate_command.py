"""`playbook validate`: a valid model is summed up; a broken one gets every problem in one run."""

from __future__ import annotations

from tests.helpers.cli import clean_failure, run
from tests.model.test_loading import NOT_CHECKED, THREE_WAYS, break_three_ways


def test_valid_model_passes(mini_copy):
    result = run("validate", str(mini_copy))
    assert result.exit_code == 0, result.stderr
    assert "valid (2 stages, 4 quadrants, 2 pillars, 2 practices, 4 checklist items)" in result.stdout


def test_schema_and_reference_problems_come_in_one_run(mini_copy, monkeypatch):
    break_three_ways(mini_copy)
    monkeypatch.chdir(mini_copy.parent)
    stderr = clean_failure(run("validate", "model"))
    assert stderr.splitlines() == [NOT_CHECKED, *THREE_WAYS, "Aborted with 3 errors."]
