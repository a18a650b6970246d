"""Checks on a model's changes log: versions that run without a gap or a loop up to the model's
own, and moves and rescales that carry old answers over to current items."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ..errors import one_of
from .model import Model


class Report(Protocol):
    """Where problems go (`checks`), each placed at a location in one of the model's files."""

    def add(self, file: str, location: tuple, message: str, severity: str = "error") -> None: ...


def check_changes(model: Model, report: Report) -> None:
    """The changes log runs from version to version, without a gap or a loop, up to the model's
    version; it moves answers away from old ids only, to current items (or to ids moved on later)."""
    log = model.info.changes
    if not log:
        return
    document = model.documents["model.yaml"]
    places = {log[0].previous: ("changes", 0, "previous")}
    for i, change in enumerate(log):
        if i and change.previous != log[i - 1].version:
            report.add(
                "model.yaml",
                ("changes", i, "previous"),
                f"this change starts from version {change.previous}, "
                f"but the one before leads to {log[i - 1].version}: start it from {log[i - 1].version}",
            )
        if change.version in places:
            report.add(
                "model.yaml",
                ("changes", i, "version"),
                f"version {change.version} is already on line "
                f"{document.value_mark(places[change.version])[0]}: the log would go round in a loop; lead each "
                "change to a new version",
            )
        places.setdefault(change.version, ("changes", i, "version"))
    if log[-1].version != model.info.version:
        report.add(
            "model.yaml",
            ("changes", len(log) - 1, "version"),
            f"the last change leads to version "
            f"{log[-1].version}, but the model is at version {model.info.version}: make them the same",
        )
    items = {item.id: item for item in model.items}
    moved = [{old for _, old in _moved_ids(i, change)} for i, change in enumerate(log)]
    made = [{new for _, new in _new_ids(i, change)} for i, change in enumerate(log)]
    present: set[str] = set()  # ids known to exist at the version the change starts from
    for i, change in enumerate(log):
        moved_later, made_from_here = set().union(*moved[i + 1 :]), set().union(*made[i:])
        first: dict[str, tuple] = {}
        for location, old in _moved_ids(i, change):
            if old in first:
                report.add(
                    "model.yaml",
                    location,
                    f"'{old}' is already moved on line {document.mark(first[old])[0]}: "
                    "give each item one of renamed, split, merged or retired",
                )
            elif old in items and old not in made_from_here:
                report.add(
                    "model.yaml",
                    location,
                    f"'{old}' is still a checklist item, so its answers stay: name "
                    "only ids the model no longer has here (are old and new the wrong way round?)",
                )
            first.setdefault(old, location)
        kept, first = present - moved[i], {}
        for location, new in _new_ids(i, change):
            if new in kept:
                report.add(
                    "model.yaml",
                    location,
                    f"'{new}' is already an item at version {change.previous}, and this "
                    f"change keeps it: choose a new id, or move '{new}' on in this change too",
                )
            elif new in first:
                report.add(
                    "model.yaml",
                    location,
                    f"'{new}' already gets answers on line {document.mark(first[new])[0]}: "
                    "give each new item one source",
                )
            elif new not in items and new not in moved_later:
                report.add(
                    "model.yaml",
                    location,
                    f"'{new}' is not a checklist item, and no later change moves it on: "
                    f"use a current item id ({one_of(sorted(items), new)})",
                )
            first.setdefault(new, location)
        for old in change.renamed:
            path, new = [old], change.renamed[old]
            while new in change.renamed and new not in path:
                path.append(new)
                new = change.renamed[new]
            if new == old and old == min(path):
                report.add(
                    "model.yaml",
                    ("changes", i, "renamed", old),
                    f"renames go round in a circle ({' -> '.join([*path, old])}): rename to new ids instead",
                )
        for item_id, mapping in change.rescaled.items():
            _check_rescaled(model, report, ("changes", i, "rescaled", item_id), log[i + 1 :], mapping, items)
        present = kept | made[i] | set(change.rescaled)


def _moved_ids(i: int, change) -> Iterator[tuple[tuple, str]]:
    """(location, older id) of every item a change renames, splits, merges or retires."""
    yield from ((("changes", i, "renamed", old), old) for old in change.renamed)
    yield from ((("changes", i, "split", old), old) for old in change.split)
    yield from (
        (("changes", i, "merged", new, j), old) for new, olds in change.merged.items() for j, old in enumerate(olds)
    )
    yield from ((("changes", i, "retired", j), old) for j, old in enumerate(change.retired))


def _new_ids(i: int, change) -> Iterator[tuple[tuple, str]]:
    """(location, newer id) of every item a change moves answers to."""
    yield from ((("changes", i, "renamed", old), new) for old, new in change.renamed.items())
    yield from (
        (("changes", i, "split", old, j), new) for old, parts in change.split.items() for j, new in enumerate(parts)
    )
    yield from ((("changes", i, "merged", new), new) for new in change.merged)


def _check_rescaled(
    model: Model, report: Report, location: tuple, later: list, mapping: dict[str, str], items: dict
) -> None:
    """A rescaled item is a current item (by its later names) whose answers include the new values,
    unless a later change moves it on or rescales it again."""
    final = location[-1]
    for change in later:
        if final in change.split or final in change.retired or any(final in olds for olds in change.merged.values()):
            return
        final = change.renamed.get(final, final)
        if final in change.rescaled:
            return
    if final not in items:
        if final == location[-1]:  # else the rename that led to it is reported
            report.add(
                "model.yaml",
                location,
                f"'{final}' is not a checklist item, and no later change moves it on: "
                f"use a current item id ({one_of(sorted(items), final)})",
            )
        return
    values = [option.value for option in model.scale_of(items[final])]
    for old, new in mapping.items():
        if new not in values:
            report.add(
                "model.yaml",
                location + (old,),
                f"'{new}' is not an answer of '{final}': use one of {one_of(values, new)}",
            )
