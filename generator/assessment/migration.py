"""Answers that survive model upgrades: carry answers made on an older model version over to the
current one, following the model's `changes:` log (oldest first).

Each entry of the log leads from `previous` to `version`, all at once (its left side names the
older version's ids, its right side the newer's): renamed items keep their answer, a split item's
answer goes to each new item (to be checked), merged items keep their answer when they were all
answered alike (else the new item is answered again), retired items' answers are dropped, and
rescaled items have their answer values mapped. templates/assets/migration.js follows the same
rules, in the same order, with the same sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError, Problem, display_path, fail
from ..model.model import Model
from ..model.schema import Change
from ..yamlio import load_yaml, where_text


class UnknownVersion(ValueError):
    """An answers file names a model version the changes log does not lead from."""


@dataclass(frozen=True)
class Migration:
    """What carrying answers over from `previous` to `version` did: the changes made (as sentences)
    and the items to answer again."""

    previous: str
    version: str
    changed: tuple[str, ...]
    answer_again: tuple[str, ...]


def migrate_answers(
    model: Model, answers: dict[str, Any], version: str
) -> tuple[dict[str, Any], Migration, dict[str, str]]:
    """`answers` ({item id: value, or {value, note, evidence}}) made on `version`, carried over to the
    model's current version: (answers, what was done, {new id: the id it had in the file})."""
    log = model.info.changes[_start(model, version) :]
    carried, origin = dict(answers), {key: key for key in answers}
    changed: list[str] = []
    again: list[str] = []
    for change in log:
        again = _carry(change, carried, origin, changed, again)
    return carried, Migration(version, model.info.version, tuple(changed), tuple(again)), origin


def _start(model: Model, version: str) -> int:
    """The index of the log entry that starts from `version` (past the end for the current version)."""
    log = model.info.changes
    if version == model.info.version:
        return len(log)
    start = next((index for index, change in enumerate(log) if change.previous == version), None)
    if start is None:
        known = ", ".join([change.previous for change in log] + [model.info.version])
        raise UnknownVersion(
            f"the model's changes log has no version {version} to start from: give the version "
            f"these answers were made for ({known})"
        )
    return start


def _value(entry: Any) -> Any:
    return entry.get("value") if isinstance(entry, dict) else entry


def _carry(
    change: Change, answers: dict[str, Any], origin: dict[str, str], changed: list[str], again: list[str]
) -> list[str]:
    """Apply one log entry to `answers` and `origin` (in place), adding its sentences to `changed`;
    returns the items to answer again (those of `again`, by their new ids, then this entry's)."""
    merged_into = {old: new for new in sorted(change.merged) for old in change.merged[new]}

    def successors(item_id: str) -> list[str]:
        if item_id in change.renamed:
            return [change.renamed[item_id]]
        if item_id in change.split:
            return change.split[item_id]
        if item_id in merged_into:
            return [merged_into[item_id]]
        return [] if item_id in change.retired else [item_id]

    still = [new for item_id in again for new in successors(item_id)]
    olds = [*change.renamed, *change.split, *merged_into, *change.retired]
    taken = {old: (answers.pop(old), origin.pop(old)) for old in olds if old in answers}
    placed: dict[str, tuple[Any, str]] = {}
    for old in sorted(change.renamed):
        if old in taken:
            placed[change.renamed[old]] = taken[old]
            changed.append(f"{old} is now {change.renamed[old]}")
    for old in sorted(change.split):
        if old in taken:
            parts = change.split[old]
            placed.update(dict.fromkeys(parts, taken[old]))
            still.extend(parts)
            changed.append(f"{old} was split into {', '.join(parts)}: check the answer carried to each")
    for new in sorted(change.merged):
        parts = change.merged[new]
        entries = [taken[old] for old in parts if old in taken]
        values = [_value(entry) for entry, _ in entries]
        if (
            entries
            and len(entries) == len(parts)
            and values[0] is not None
            and all(value == values[0] for value in values)
        ):
            placed[new] = entries[0]
            changed.append(f"{', '.join(parts)} became {new}, with the answer they shared")
        elif entries:
            still.append(new)
            changed.append(f"{', '.join(parts)} became {new}; they were not all answered alike, so answer it again")
    for old in change.retired:
        if old in taken:
            changed.append(f"{old} was retired; its answer is dropped")
    for new, (entry, source) in placed.items():
        answers[new], origin[new] = entry, source
    for item_id in sorted(change.rescaled):
        mapping, value = change.rescaled[item_id], _value(answers.get(item_id))
        if isinstance(value, str) and value in mapping:
            entry = answers[item_id]
            answers[item_id] = {**entry, "value": mapping[value]} if isinstance(entry, dict) else mapping[value]
            changed.append(f"{item_id}: '{value}' is now '{mapping[value]}'")
    return list(dict.fromkeys(still))


def migrate_file(path: Path, model: Model) -> tuple[str, list[tuple[str, Migration]]]:
    """The answers file or client profile at `path` as YAML text with every set of answers carried
    over to the model's current version (notes and evidence kept, comments lost), and (where in
    the file, what was done) for each set that was made on an older version."""
    document = load_yaml(path, text_scalars=True)
    data = document.data
    if not isinstance(data, dict):
        raise fail(path, 1, 1, "", "expected an answers file (with 'answers') or a client profile (with 'assessments')")
    assessments: list[tuple[tuple, dict]] = [((), data)]
    if any(key in data for key in ("slug", "name", "assessments")):  # a client profile
        entries = data.get("assessments")
        assessments = [
            (("assessments", i), a)
            for i, a in enumerate(entries if isinstance(entries, list) else [])
            if isinstance(a, dict)
        ]
    migrations, problems = [], []
    for location, assessment in assessments:
        version = assessment.get("model_version")
        if version is None or str(version) == model.info.version:
            continue
        try:
            _start(model, str(version))
        except UnknownVersion as error:
            line, column = document.value_mark(location + ("model_version",))
            problems.append(
                Problem(display_path(path), line, column, where_text(location + ("model_version",)), str(error))
            )
            continue
        respondents = assessment.get("respondents")
        holders = (
            [
                (location + ("respondents", j), r)
                for j, r in enumerate(respondents)
                if isinstance(r, dict) and "answers" in r
            ]
            if isinstance(respondents, list)
            else [(location, assessment)]
        )
        for where, holder in holders:
            migrations.append((where_text(where) or "answers", _migrate_holder(model, holder, str(version))))
        assessment["model_version"] = model.info.version
    if problems:
        raise ContentError(problems)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True), migrations


def _migrate_holder(model: Model, holder: dict, version: str) -> Migration:
    """Carry the `answers` of `holder` over (in place), each answer where its old item stood in the file."""
    answers = holder.get("answers")
    carried, migration, origin = migrate_answers(model, answers if isinstance(answers, dict) else {}, version)
    if isinstance(answers, dict):
        position = {key: index for index, key in enumerate(answers)}
        holder["answers"] = dict(sorted(carried.items(), key=lambda pair: position[origin[pair[0]]]))
    return migration


class _Dumper(yaml.SafeDumper):
    """Plain YAML laid out like our files: lists indented under their key, notes of several lines
    as blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the parts of a split item share one answer; our loader refuses aliases


_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)
