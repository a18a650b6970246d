"""Answers as data: each item's response (value, note, evidence), each respondent's, and an
assessment's, as read from answers files and client profiles (`answers_file`)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.profile_schema import PlanStep
from ..model.safe_markdown import is_allowed_url
from .migration import Migration
from .targets import Target

NOTE_LIMIT = 2_000  # characters of a note, and of one piece of evidence
EVIDENCE_LIMIT = 20  # pieces of evidence per answer
RESPONDENT_LIMIT = 50
_LINK = re.compile(r"(?i)(?:https?://|mailto:)[^\s<>\"']+")


@dataclass(frozen=True)
class Response:
    """One answer to one item: its value (None: not answered yet), a note and evidence."""

    value: str | None
    note: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Respondent:
    """Who answered (a plain answers file's respondent may have no name) and their responses."""

    name: str
    role: str | None
    responses: dict[str, Response]
    file: Path | None = None  # the answers file they came from, when not written in the profile

    @property
    def answers(self) -> dict[str, str]:
        """{item id: answer value} of the answered items."""
        return {item_id: r.value for item_id, r in self.responses.items() if r.value is not None}


@dataclass(frozen=True)
class Assessment:
    """One assessment: when it was made, by whom, what it aims for, how its answers were carried
    over when made on an older model version, and (in a client profile) its plan and commentary."""

    assessed: datetime.date | None
    respondents: tuple[Respondent, ...]
    target: Target | None = None
    migrations: tuple[Migration, ...] = field(default=(), compare=False)
    plan: dict[str, PlanStep] = field(default_factory=dict, compare=False)  # {roadmap step id: plan}
    commentary: str | None = field(default=None, compare=False)  # the consultant's Markdown, for the report

    @property
    def answers(self) -> dict[str, str]:
        """The answers of an assessment with one respondent ({} with several: merge them instead)."""
        return self.respondents[0].answers if len(self.respondents) == 1 else {}


def is_evidence_link(text: str) -> bool:
    """Whether a piece of evidence is a web address the site shows as a link (anything else is text)."""
    return bool(_LINK.fullmatch(text)) and is_allowed_url(text)


def keyed_by_id(
    raw: dict, origin: dict, aliases: dict[str, str]
) -> tuple[dict[str, object], dict[str, object], list[tuple[object, str]]]:
    """Answers keyed by item id where a file keys them by an item's alias (`aliases`: {alias: id}),
    with where each came from (`origin`), and (key, message) for each key that answers an item a
    key before it already answered. A key that names no item stays as it is."""
    answers: dict[str, object] = {}
    came_from: dict[str, object] = {}
    clashes: list[tuple[object, str]] = []
    for key, entry in raw.items():
        item = aliases.get(key, key)
        if item in answers:
            first = came_from[item]
            clashes.append((origin[key], f"'{first}' and '{origin[key]}' both answer item '{item}': keep one of them"))
            continue
        answers[item], came_from[item] = entry, origin[key]
    return answers, came_from, clashes
