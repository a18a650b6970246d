"""`playbook checklist`: every item, as JSON or as a table."""

from __future__ import annotations

import json

from generator.model.loading import load_model
from tests.helpers.cli import run
from tests.helpers.data import MINI

MODEL = load_model(MINI)


def test_checklist_json_lists_every_item():
    result = run("checklist", "--json", "--content", str(MINI))
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [i.id for i in MODEL.items]
    assert rows[0] == {
        "id": "metrics-published",
        "text": "We publish shared metrics every week.",
        "axis": "reach",
        "pillar": "tooling",
        "stage": "curious",
        "weight": 2.0,
        "answers": ["yes", "partial", "no", "n/a"],
    }


def test_checklist_table():
    result = run("checklist", "--content", str(MINI))
    assert result.exit_code == 0
    assert "decisions-logged" in result.stdout and "We log decisions with their evidence." in result.stdout
