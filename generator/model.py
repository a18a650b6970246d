"""The validated model as one object: the content of every file, plus where it came from."""

from __future__ import annotations

from dataclasses import dataclass

from . import schema
from .errors import Problem
from .yamlio import Document


@dataclass(frozen=True)
class Model:
    """A validated maturity model, with the documents it came from (for error positions)."""

    info: schema.ModelFile
    axes: list[schema.Axis]
    quadrants: list[schema.Quadrant]
    stages: list[schema.Stage]
    pillars: list[schema.Pillar]
    elements: list[schema.Element]
    practices: list[schema.Practice]
    items: list[schema.Item]
    documents: dict[str, Document]
    warnings: tuple[Problem, ...] = ()

    @property
    def scoring(self) -> schema.Scoring:
        return self.info.scoring
