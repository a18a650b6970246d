"""Carrying answers over model upgrades (generator/assessment/migration.py): answers files and
client profiles follow the model's changes log, as `playbook migrate` writes them and as the
build carries them over; an old file is refused until migrated."""

from __future__ import annotations

import json

import pytest
import yaml

from generator.assessment.migration import UnknownVersion, migrate_answers
from generator.assessment.scoring import score_answers
from generator.clients.profiles import load_client
from generator.model.loading import load_model
from tests.helpers.cli import run

CHANGED = [
    "metrics-shared is now metrics-published",
    "self-serve, ad-hoc-queries became self-service, with the answer they shared",
    "dashboards was retired; its answer is dropped",
    "decisions was split into review-held, decisions-logged: check the answer carried to each",
    "self-service: 'maybe' is now 'partial'",
]


def test_migrate_an_answers_file_then_score_it(migration_project):
    result = run("migrate", "answers.yaml", "--out", "migrated.yaml", "--content", "model")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "answers: version 0.1 -> 0.3",
        *(f"  {line}" for line in CHANGED),
        "  answer again: review-held, decisions-logged",
        "Wrote migrated.yaml (model version 0.3)",
    ]
    migrated = yaml.safe_load((migration_project / "migrated.yaml").read_text(encoding="utf-8"))
    assert migrated["model_version"] == "0.3" and migrated["respondent"] == {"name": "Ada Lund", "role": "Analyst"}
    decisions = {"value": "partial", "note": "Only some teams.\nThe others plan to."}
    assert migrated["answers"] == {
        "metrics-published": {
            "value": "yes",
            "note": "Every Monday.",
            "evidence": ["https://intranet.example/metrics"],
        },
        "self-service": "partial",
        "review-held": decisions,
        "decisions-logged": decisions,
    }
    model = load_model(migration_project / "model")
    scored = run("score", "migrated.yaml", "--json", "--content", "model")
    assert scored.exit_code == 0, scored.stderr
    values = {
        "metrics-published": "yes",
        "self-service": "partial",
        "review-held": "partial",
        "decisions-logged": "partial",
    }
    expected = score_answers(model, values).as_json()
    assert {key: json.loads(scored.stdout)[key] for key in expected} == expected


def test_score_refuses_an_old_answers_file_and_names_migrate(migration_project):
    result = run("score", "answers.yaml", "--content", "model")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "answers.yaml:2:16: error: model_version: these answers were made for version 0.1 "
        "of the model, which is now at 0.3: carry them over first with `playbook migrate "
        "answers.yaml`"
    )


def test_migrate_reports_an_unknown_version_at_its_line(migration_project):
    (migration_project / "answers.yaml").write_text(
        'answers: {metrics-shared: yes}\nmodel_version: "0.0"\n', encoding="utf-8"
    )
    result = run("migrate", "answers.yaml", "--in-place", "--content", "model")
    assert result.exit_code == 1
    assert result.stderr == (
        "answers.yaml:2:16: error: model_version: the model's changes log has no version 0.0 to "
        "start from: give the version these answers were made for (0.1, 0.2, 0.3)\n"
    )
    with pytest.raises(UnknownVersion, match="no version 0.0"):
        migrate_answers(load_model(migration_project / "model"), {}, "0.0")


PROFILE = """# A client with three assessments (this comment is lost)
name: Acme
slug: acme
assessments:
  - assessed: 2026-01-10
    model_version: "0.1"
    answers: {dashboards: yes, metrics-shared: yes, decisions: no}
  - assessed: 2026-06-10
    model_version: "0.2"
    respondents:
      - name: Ada
        answers: {metrics-published: yes, decisions: partial}
      - name: Bo
        answers: {metrics-published: no, self-service: {value: maybe, note: Only in one team.}}
  - assessed: 2026-09-10
    answers: {metrics-published: yes}
"""


def test_migrate_a_client_profile_as_the_build_carries_it_over(migration_project):
    (migration_project / "acme.yaml").write_text(PROFILE, encoding="utf-8")
    model = load_model(migration_project / "model")
    in_memory = load_client(migration_project / "acme.yaml", model)
    result = run("migrate", "acme.yaml", "--in-place", "--content", "model")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "assessments[0]: version 0.1 -> 0.3",
        "  metrics-shared is now metrics-published",
        "  dashboards was retired; its answer is dropped",
        "  decisions was split into review-held, decisions-logged: check the answer carried to each",
        "  answer again: review-held, decisions-logged",
        "assessments[1].respondents[0]: version 0.2 -> 0.3",
        "  decisions was split into review-held, decisions-logged: check the answer carried to each",
        "  answer again: review-held, decisions-logged",
        "assessments[1].respondents[1]: version 0.2 -> 0.3",
        "  self-service: 'maybe' is now 'partial'",
        "Wrote acme.yaml (model version 0.3)",
    ]
    migrated = load_client(migration_project / "acme.yaml", model)
    assert [a.respondents for a in migrated.assessments] == [a.respondents for a in in_memory.assessments]
    assert [len(a.migrations) for a in in_memory.assessments] == [1, 2, 0]
    assert all(not a.migrations for a in migrated.assessments)
    data = yaml.safe_load((migration_project / "acme.yaml").read_text(encoding="utf-8"))
    assert [a.get("model_version") for a in data["assessments"]] == ["0.3", "0.3", None]
    assert list(data["assessments"][0]["answers"]) == ["metrics-published", "review-held", "decisions-logged"]
    assert data["assessments"][1]["respondents"][1]["answers"]["self-service"] == {
        "value": "partial",
        "note": "Only in one team.",
    }
