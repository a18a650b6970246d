"""Answers that survive model upgrades: carry answers made on an older model version over to the
current one, following the model's `changes:` log (oldest first).

Each entry of the log leads from `previous` to `version`: renamed items keep their answer,
a split item's answer goes to each new item (to be checked), merged items keep their answer when
they agreed (else the new item is answered again), retired items' answers are dropped, and
rescaled items have their answer values mapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Model


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


def _value(entry: Any) -> Any:
    return entry.get("value") if isinstance(entry, dict) else entry


def _with_value(entry: Any, value: Any) -> Any:
    return {**entry, "value": value} if isinstance(entry, dict) else value


def migrate_answers(model: Model, answers: dict[str, Any], version: str) -> tuple[dict[str, Any], Migration, dict[str, str]]:
    """`answers` ({item id: value, or {value, note, evidence}}) made on `version`, carried over to the
    model's current version: (answers, what was done, {new id: the id it had in the file})."""
    log = model.info.changes
    start = next((index for index, change in enumerate(log) if change.previous == version), None)
    if start is None:
        known = [change.previous for change in log] + [model.info.version]
        raise UnknownVersion(f"the model has no changes from version {version}: use one of {', '.join(known)}")
    current = dict(answers)
    origin = {key: key for key in answers}
    changed: list[str] = []
    again: list[str] = []
    for change in log[start:]:
        for old, new in change.renamed.items():
            if old in current:
                current[new] = current.pop(old)
                origin[new] = origin.pop(old)
                changed.append(f"{old} is now {new}")
        for old, parts in change.split.items():
            if old in current:
                entry, source = current.pop(old), origin.pop(old)
                for new in parts:
                    current[new] = entry
                    origin[new] = source
                again.extend(parts)
                changed.append(f"{old} was split into {', '.join(parts)}: check the answer carried to each")
        for new, olds in change.merged.items():
            entries = [(old, current.pop(old), origin.pop(old)) for old in olds if old in current]
            values = {str(_value(entry)) for _, entry, _ in entries}
            if len(values) == 1:
                current[new] = entries[0][1]
                origin[new] = entries[0][2]
                changed.append(f"{', '.join(olds)} became {new}, with the answer they shared")
            elif entries:
                again.append(new)
                changed.append(f"{', '.join(olds)} became {new}; their answers differed, so answer it again")
        for old in change.retired:
            if old in current:
                del current[old]
                del origin[old]
                changed.append(f"{old} was retired; its answer is dropped")
        for item_id, mapping in change.rescaled.items():
            value = _value(current.get(item_id))
            if value is not None and str(value) in mapping:
                current[item_id] = _with_value(current[item_id], mapping[str(value)])
                changed.append(f"{item_id}: '{value}' is now '{mapping[str(value)]}'")
    migration = Migration(version, model.info.version, tuple(changed), tuple(dict.fromkeys(again)))
    return current, migration, origin
