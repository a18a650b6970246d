"""The changes log (generator/model/change_checks.py): versions without gaps or loops, and moves
that carry old answers over to current items, each problem reported at its line."""

from __future__ import annotations

import pytest

from generator.errors import ContentError
from generator.model.loading import load_model

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
