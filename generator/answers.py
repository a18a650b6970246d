"""Answers files: an organisation's answers to the checklist, in one format everywhere.

    assessed: 2026-11-01        # optional date
    answers:
      <item id>: yes            # one of the item's answer values (its scale); empty = not answered yet
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ContentError, Problem, closest, display_path, one_of
from .model import Model
from .schema import check_date
from .yamlio import Document, load_yaml, where_text


@dataclass(frozen=True)
class Assessment:
    """One set of answers: when it was made, and {item id: answer value} for answered items."""

    assessed: datetime.date | None
    answers: dict[str, str]


def load_answers(path: Path, model: Model) -> Assessment:
    """Read and check an answers file against `model`; raise `ContentError` listing every problem."""
    document = load_yaml(path, text_scalars=True)
    assessment, problems = read_assessment(document, (), model)
    if problems:
        raise ContentError(problems)
    return assessment


def read_assessment(document: Document, location: tuple, model: Model) -> tuple[Assessment, list[Problem]]:
    """Check the mapping at `location` in `document` as an assessment (also used inside client files)."""
    problems: list[Problem] = []
    file = display_path(document.path)

    def problem(at: tuple, message: str, *, at_value: bool = False) -> None:
        line, column = document.value_mark(at) if at_value else document.mark(at)
        problems.append(Problem(file, line, column, where_text(at), message))

    data: Any = document.data
    for part in location:
        data = data[part]
    if not isinstance(data, dict):
        problem(location, "expected a mapping with 'answers' (and optionally 'assessed')")
        return Assessment(None, {}), problems
    for key in data:
        if key not in ("assessed", "answers"):
            guess = difflib.get_close_matches(key, ["assessed", "answers"], n=1)
            problem(location + (key,), f"unknown key '{key}' ({f'did you mean {guess[0]!r}?' if guess else 'use assessed or answers'})")
    assessed = None
    if data.get("assessed") is not None:
        try:
            assessed = datetime.date.fromisoformat(str(data["assessed"]))
        except ValueError:
            problem(location + ("assessed",), f"'{data['assessed']}' is not a date: write it as YYYY-MM-DD", at_value=True)
        else:
            try:
                check_date(assessed)
            except ValueError as error:  # a year typo (2206) would reach file times in the build
                problem(location + ("assessed",), str(error), at_value=True)
                assessed = None
    raw = data.get("answers")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problem(location + ("answers",), "expected a mapping of checklist item ids to answers")
        raw = {}
    items = {item.id: item for item in model.items}
    item_ids = tuple(items)
    answers = {}
    for item_id, value in raw.items():
        at = location + ("answers", item_id)
        if item_id not in items:
            guess = closest(str(item_id), item_ids)
            hint = f"did you mean '{guess[0]}'?" if guess else "run `playbook checklist` to list the ids"
            problem(at, f"unknown checklist item '{item_id}' ({hint})")
            continue
        values = [option.value for option in model.scale_of(items[item_id])]
        if value is None:
            continue
        elif value not in values:
            problem(at, f"'{value}' is not an answer: use one of {one_of(values, str(value))} (or leave it empty)", at_value=True)
        else:
            answers[item_id] = value
    return Assessment(assessed, answers), problems
