"""The validated model as one object: the content of every file, plus where it came from, and
the vocabulary of its pages (which kinds it has, what it calls each)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

from ..errors import Problem
from ..yamlio import Document
from . import schema


@dataclass(frozen=True)
class Model:
    """A validated maturity model, with the documents it came from (for error positions).

    `axes` and `quadrants` are empty for a model without a matrix (no axes.yaml).
    """

    info: schema.ModelFile
    axes: list[schema.Axis]
    quadrants: list[schema.Quadrant]
    stages: list[schema.Stage]
    pillars: list[schema.Pillar]
    groups: list[schema.PillarGroup]
    elements: list[schema.Element]
    practices: list[schema.Practice]
    items: list[schema.Item]
    group_by: Literal["stage", "pillar", "practice"]
    filters: list[str]  # the items' meta keys the checklist page filters by
    documents: dict[str, Document]
    warnings: tuple[Problem, ...] = ()

    @property
    def scoring(self) -> schema.Scoring:
        return self.info.scoring

    @property
    def labels(self) -> schema.Labels:
        return self.info.labels

    @property
    def shared_answers(self) -> list[schema.AnswerOption] | None:
        """The default answers when every item uses them (pages then name them once), else None."""
        return self.scoring.answers if all(item.scale is None for item in self.items) else None

    def scale_of(self, item: schema.Item) -> list[schema.AnswerOption]:
        """The answer options of `item`: its own scale, or the model's default answers."""
        return self.scoring.scales[item.scale] if item.scale else self.scoring.answers


@dataclass(frozen=True)
class Gaps:
    """What a partial model lacks because it failed validation: per kind (`pillar`, `step`, or a
    key of model.yaml such as `scoring`), the ids of the entries left out, or None for any id; and
    per (file, list key) with entries left out, the index in the file of each entry kept."""

    ids: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    kept: Mapping[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)

    def hide(self, kind: str, entity_id: str | None = None) -> bool:
        """Whether a left-out entry may be the `kind` named `entity_id` (with None: any `kind`)."""
        if kind not in self.ids:
            return False
        left_out = self.ids[kind]
        return left_out is None or entity_id is None or entity_id in left_out

    def in_file(self, file: str, location: tuple) -> tuple:
        """`location` in the partial model as a location in `file`."""
        if len(location) > 1 and (file, location[0]) in self.kept:
            return (location[0], self.kept[file, location[0]][location[1]], *location[2:])
        return location


def stream_parts(
    pillar: schema.Pillar, items: list[schema.Item]
) -> list[tuple[schema.Stream | None, list[schema.Item]]]:
    """`items` of `pillar` under its streams, in the streams' order; any naming no stream come first,
    under none (the one part of a pillar without streams). A stream without items has no part."""
    loose = [item for item in items if item.stream is None]
    parts: list[tuple[schema.Stream | None, list[schema.Item]]] = [(None, loose)] if loose or not pillar.streams else []
    named = [(stream, [item for item in items if item.stream == stream.id]) for stream in pillar.streams]
    return parts + [(stream, own) for stream, own in named if own]


class Named(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


def names(*groups: Iterable[Named]) -> dict[str, str]:
    """{id: name} of the things in `groups` (stages, quadrants, pillars, ...); a later group wins a shared id."""
    return {entity.id: entity.name for group in groups for entity in group}


def kinds(model: Model) -> tuple[str, ...]:
    """The kinds of entity pages the model has: quadrants only with a matrix."""
    return (("quadrant",) if model.quadrants else ()) + ("stage", "pillar", "practice")


def labels(model: Model) -> dict[str, dict[str, str]]:
    """The model's names for its parts, as written and in the middle of a sentence."""

    def midsentence(text: str) -> str:  # "Maturity levels" -> "maturity levels"; "SAMM practices" stays
        return text[0].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text

    return {
        kind: {
            "singular": label.singular,
            "plural": label.plural,
            "singular_lower": midsentence(label.singular),
            "plural_lower": midsentence(label.plural),
        }
        for kind, label in model.labels
    }
