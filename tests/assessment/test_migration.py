"""Answers that survive model upgrades: the changes log is checked, `playbook migrate` carries
answers files and client profiles over, and the browser carries answers exactly as Python does."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest
import yaml

from generator.assessment.migration import Migration, UnknownVersion, migrate_answers
from generator.assessment.scoring import score_answers
from generator.clients.profiles import load_client
from generator.errors import ContentError
from generator.model.loading import load_model
from generator.model.schema import Change

from .browser import chromium
from .conftest import CONTENT, MINI, ROOT, run

# The mini model is at version 0.3; these changes lead to it from 0.1.
LOG = """
changes:
  - previous: "0.1"
    version: "0.2"
    renamed: {metrics-shared: metrics-published}
    merged: {self-service: [self-serve, ad-hoc-queries]}
    retired: [dashboards]
  - previous: "0.2"
    version: "0.3"
    split: {decisions: [review-held, decisions-logged]}
    rescaled: {self-service: {maybe: partial}}
"""

OLD_ANSWERS = """# made on version 0.1
model_version: "0.1"
respondent: {name: Ada Lund, role: Analyst}
answers:
  metrics-shared:
    value: yes
    note: Every Monday.
    evidence: [https://intranet.example/metrics]
  dashboards: no
  self-serve: maybe
  ad-hoc-queries: maybe
  decisions:
    value: partial
    note: |-
      Only some teams.
      The others plan to.
"""

CHANGED = [
    "metrics-shared is now metrics-published",
    "self-serve, ad-hoc-queries became self-service, with the answer they shared",
    "dashboards was retired; its answer is dropped",
    "decisions was split into review-held, decisions-logged: check the answer carried to each",
    "self-service: 'maybe' is now 'partial'",
]


@pytest.fixture
def project(mini_copy, monkeypatch) -> Path:
    """A folder with the mini model (`model/`, with the log above) and an old answers file."""
    (mini_copy / "model.yaml").write_text((MINI / "model.yaml").read_text(encoding="utf-8") + LOG, encoding="utf-8")
    (mini_copy.parent / "answers.yaml").write_text(OLD_ANSWERS, encoding="utf-8")
    monkeypatch.chdir(mini_copy.parent)  # messages name files relative to the working folder
    return mini_copy.parent


# --- the changes log is checked -----------------------------------------------------------------

LOG_CASES = [
    pytest.param(
        '  - {previous: "0.1", version: "0.2"}\n  - {previous: "0.9", version: "0.3"}\n',
        '"0.9"',
        "changes[1].previous: this change starts from version 0.9, but the one before leads to 0.2: start it from 0.2",
        id="gap",
    ),
    pytest.param(
        '  - {previous: "0.2", version: "0.4"}\n',
        '"0.4"',
        "changes[0].version: the last change leads to version 0.4, but the model is at version 0.3: make them the same",
        id="not-the-model-version",
    ),
    pytest.param(
        '  - {previous: "0.3", version: "0.2"}\n  - {previous: "0.2", version: "0.3"}\n',
        '{previous: "0.2", version: "0.3"}',
        "changes[1].version: version 0.3 is already on line {line0}: the log would go round in a loop; "
        "lead each change to a new version",
        id="loop",
    ),
    pytest.param(
        '  - {previous: "0.2", version: "0.3", renamed: {old-metrics: metrics-publish}}\n',
        "old-metrics",
        "changes[0].renamed.old-metrics: 'metrics-publish' is not a checklist item, and no later change "
        "moves it on: use a current item id (decisions-logged, metrics-published, review-held, self-service)",
        id="rename-to-unknown",
    ),
    pytest.param(
        '  - {previous: "0.2", version: "0.3", split: {old: [self-service, self-servce]}}\n',
        "split",
        "changes[0].split.old[1]: 'self-servce' is not a checklist item, and no later change moves it on: "
        "use a current item id (decisions-logged, metrics-published, review-held, self-service)",
        id="split-into-unknown",
    ),
    pytest.param(
        '  - {previous: "0.2", version: "0.3", merged: {review: [a, b]}}\n',
        "merged",
        "changes[0].merged.review: 'review' is not a checklist item, and no later change moves it on: "
        "use a current item id (decisions-logged, metrics-published, review-held, self-service)",
        id="merge-into-unknown",
    ),
    pytest.param(
        '  - {previous: "0.1", version: "0.2", renamed: {a: review-held}}\n'
        '  - {previous: "0.2", version: "0.3", renamed: {b: review-held}}\n',
        "{b: review-held}",
        "changes[1].renamed.b: 'review-held' is already an item at version 0.2, and this change keeps it: "
        "choose a new id, or move 'review-held' on in this change too",
        id="rename-onto-an-item",
    ),
    pytest.param(
        '  - {previous: "0.2", version: "0.3", renamed: {a: self-service, b: self-service}}\n',
        "renamed",
        "changes[0].renamed.b: 'self-service' already gets answers on line {line}: give each new item one source",
        id="two-sources",
    ),
    pytest.param(
        '  - {previous: "0.2", version: "0.3", renamed: {review-held: self-service, self-service: review-held}}\n',
        "renamed",
        "changes[0].renamed.review-held: renames go round in a circle (review-held -> self-service -> "
        "review-held): rename to new ids instead",
        id="rename-circle",
    ),
    pytest.param(
        '  - {previous: "0.2", version: "0.3", retired: [self-service]}\n',
        "retired",
        "changes[0].retired[0]: 'self-service' is still a checklist item, so its answers stay: name only "
        "ids the model no longer has here (are old and new the wrong way round?)",
        id="retire-a-current-item",
    ),
    pytest.param(
        '  - {previous: "0.2", version: "0.3", renamed: {old: self-service}, retired: [old]}\n',
        "retired",
        "changes[0].retired[0]: 'old' is already moved on line {line}: give each item one of renamed, "
        "split, merged or retired",
        id="two-fates",
    ),
    pytest.param(
        '  - {previous: "0.2", version: "0.3", rescaled: {self-service: {done: complete}}}\n',
        "rescaled",
        "changes[0].rescaled.self-service.done: 'complete' is not an answer of 'self-service': use one of "
        "yes, partial, no, n/a",
        id="rescaled-to-no-answer",
    ),
]


@pytest.mark.parametrize("entries, marker, message", LOG_CASES)
def test_each_problem_of_the_changes_log_is_reported_at_its_line(mini_copy, entries, marker, message):
    path = mini_copy / "model.yaml"
    text = path.read_text(encoding="utf-8") + "changes:\n" + entries
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    first = len(lines) - entries.count("\n") + 1  # the line of the first entry
    with pytest.raises(ContentError) as caught:
        load_model(mini_copy)
    errors = [(p.file, p.line, f"{p.where}: {p.message}") for p in caught.value.problems if p.severity == "error"]
    line = next(number for number, line in enumerate(lines, 1) if marker in line)
    assert errors == [(str(path), line, message.format(line=line, line0=first))]


def test_a_rename_that_a_later_change_moves_on_is_valid(mini_copy):
    path = mini_copy / "model.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "changes:\n"
        '  - {previous: "0.1", version: "0.2", renamed: {a: b}, split: {c: [c, d]}}\n'
        '  - {previous: "0.2", version: "0.3", renamed: {b: metrics-published}, '
        "merged: {review-held: [c, d]}}\n",
        encoding="utf-8",
    )
    assert [change.version for change in load_model(mini_copy).info.changes] == ["0.2", "0.3"]


# --- playbook migrate --------------------------------------------------------------------------


def test_migrate_an_answers_file_then_score_it(project):
    result = run("migrate", "answers.yaml", "--out", "migrated.yaml", "--content", "model")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "answers: version 0.1 -> 0.3",
        *(f"  {line}" for line in CHANGED),
        "  answer again: review-held, decisions-logged",
        "Wrote migrated.yaml (model version 0.3)",
    ]
    migrated = yaml.safe_load((project / "migrated.yaml").read_text(encoding="utf-8"))
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
    model = load_model(project / "model")
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


def test_score_refuses_an_old_answers_file_and_names_migrate(project):
    result = run("score", "answers.yaml", "--content", "model")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "answers.yaml:2:16: error: model_version: these answers were made for version 0.1 "
        "of the model, which is now at 0.3: carry them over first with `playbook migrate "
        "answers.yaml`"
    )


def test_migrate_writes_over_an_existing_file_only_with_force(project):
    (project / "migrated.yaml").write_text("keep me\n", encoding="utf-8")
    result = run("migrate", "answers.yaml", "--out", "migrated.yaml", "--content", "model")
    assert result.exit_code == 1
    assert "Error: migrated.yaml already exists: give --force to replace it, or another --out" in result.stderr
    assert (project / "migrated.yaml").read_text(encoding="utf-8") == "keep me\n"
    assert run("migrate", "answers.yaml", "--out", "migrated.yaml", "--force", "--content", "model").exit_code == 0
    assert "model_version: '0.3'" in (project / "migrated.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in project.iterdir()) == ["answers.yaml", "migrated.yaml", "model"]  # no temporary left


def test_migrate_in_place_then_again_finds_it_current(project):
    assert run("migrate", "answers.yaml", "--in-place", "--content", "model").exit_code == 0
    before = (project / "answers.yaml").read_bytes()
    result = run("migrate", "answers.yaml", "--in-place", "--content", "model")
    assert (result.exit_code, result.stdout) == (0, "answers.yaml: already at version 0.3\n")
    assert (project / "answers.yaml").read_bytes() == before


def test_migrate_needs_one_place_to_write(project):
    for flags in ([], ["--out", "new.yaml", "--in-place"]):
        result = run("migrate", "answers.yaml", "--content", "model", *flags)
        assert result.exit_code == 2
        assert "say where to write: --out FILE for a new file, or --in-place to replace FILE" in result.stderr


def test_migrate_reports_an_unknown_version_at_its_line(project):
    (project / "answers.yaml").write_text('answers: {metrics-shared: yes}\nmodel_version: "0.0"\n', encoding="utf-8")
    result = run("migrate", "answers.yaml", "--in-place", "--content", "model")
    assert result.exit_code == 1
    assert result.stderr == (
        "answers.yaml:2:16: error: model_version: the model's changes log has no version 0.0 to "
        "start from: give the version these answers were made for (0.1, 0.2, 0.3)\n"
    )
    with pytest.raises(UnknownVersion, match="no version 0.0"):
        migrate_answers(load_model(project / "model"), {}, "0.0")


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


def test_migrate_a_client_profile_as_the_build_carries_it_over(project):
    (project / "acme.yaml").write_text(PROFILE, encoding="utf-8")
    model = load_model(project / "model")
    in_memory = load_client(project / "acme.yaml", model)
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
    migrated = load_client(project / "acme.yaml", model)
    assert [a.respondents for a in migrated.assessments] == [a.respondents for a in in_memory.assessments]
    assert [len(a.migrations) for a in in_memory.assessments] == [1, 2, 0]
    assert all(not a.migrations for a in migrated.assessments)
    data = yaml.safe_load((project / "acme.yaml").read_text(encoding="utf-8"))
    assert [a.get("model_version") for a in data["assessments"]] == ["0.3", "0.3", None]
    assert list(data["assessments"][0]["answers"]) == ["metrics-published", "review-held", "decisions-logged"]
    assert data["assessments"][1]["respondents"][1]["answers"]["self-service"] == {
        "value": "partial",
        "note": "Only in one team.",
    }


def test_the_bundled_model_leads_from_1_0_and_the_example_client_is_carried_over():
    model = load_model(CONTENT)
    assert [(c.previous, c.version) for c in model.info.changes] == [("1.0", model.info.version)]
    client = load_client(ROOT / "clients" / "lumen-health.yaml", model)
    assert client.assessments[0].migrations == (Migration("1.0", "1.1", (), ()),)


# --- the browser carries answers over as Python does -------------------------------------------

IDS = ["a", "b", "c", "d", "e", "1", "2", "10", "constructor", "x-y"]
VALUES = ["yes", "no", "partial", "n/a", "constructor"]


def random_log(rng: random.Random) -> list[dict]:
    """A log of random changes (not always a valid one: both sides must agree on anything)."""
    log = []
    for number in range(rng.randint(0, 4)):

        def some(count: int) -> list[str]:
            return rng.sample(IDS, rng.randint(0, count))

        log.append(
            {
                "previous": f"v{number}",
                "version": f"v{number + 1}",
                "renamed": {old: rng.choice(IDS) for old in some(3)},
                "split": {old: some(3) or [rng.choice(IDS)] for old in some(2)},
                "merged": {new: some(3) for new in some(2)},
                "retired": some(2),
                "rescaled": {item: {rng.choice(VALUES): rng.choice(VALUES) for _ in range(2)} for item in some(2)},
            }
        )
    return log


def test_the_browser_migrates_random_answers_over_random_logs_as_python_does():
    model = load_model(MINI)
    rng = random.Random(11)
    cases = []
    for _ in range(300):
        log = random_log(rng)
        version = rng.choice([f"v{n}" for n in range(len(log) + 1)] + ["v9"])
        answers = {item: rng.choice(VALUES) for item in rng.sample(IDS, rng.randint(0, len(IDS)))}
        cases.append({"log": log, "current": f"v{len(log)}", "answers": answers, "version": version})
    with chromium() as browser:
        page = browser.new_page()
        page.add_script_tag(path=str(ROOT / "templates" / "assets" / "migration.js"))
        in_browser = page.evaluate(
            """cases => cases.map(c => {
            const answers = Object.create(null);
            Object.keys(c.answers).forEach(k => { answers[k] = c.answers[k]; });
            try {
                return JSON.stringify(window.PlaybookMigration.migrate(c.log, c.current, answers, c.version));
            } catch (error) {
                return JSON.stringify({error: error.message});
            }
        })""",
            cases,
        )
    for case, text in zip(cases, in_browser, strict=True):
        changes = [Change.model_validate(change) for change in case["log"]]
        versioned = dataclasses.replace(
            model, info=model.info.model_copy(update={"changes": changes, "version": case["current"]})
        )
        try:
            answers, migration, _ = migrate_answers(versioned, case["answers"], case["version"])
            expected = {
                "answers": answers,
                "changed": list(migration.changed),
                "answerAgain": list(migration.answer_again),
            }
        except UnknownVersion as error:
            expected = {"error": str(error)}
        assert json.loads(text) == expected, case
