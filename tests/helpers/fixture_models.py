"""The fixture models shaped unlike ours (tests/fixtures: cmmi5, samm, deps), read directly and scored."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.helpers.cli import run
from tests.helpers.data import FIXTURES

CMMI5, SAMM, DEPS = FIXTURES / "cmmi5", FIXTURES / "samm", FIXTURES / "deps"


def read(model: Path, name: str):
    """One content file of a fixture, read directly (independently of the generator)."""
    return yaml.safe_load((model / name).read_text(encoding="utf-8"))


def score(tmp_path: Path, model: Path, answers: dict[str, str]) -> dict:
    """`playbook score --json` of these answers (values written quoted, as text)."""
    lines = ["answers:"] + [f"  {item}: {json.dumps(value)}" for item, value in answers.items()]
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(lines) + "\n" if answers else "answers: {}\n", encoding="utf-8")
    result = run("score", str(path), "--json", "--content", str(model))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
