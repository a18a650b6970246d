"""One assessment, evaluated: its respondents merged, scored, and measured against its target."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..model.model import Model
from .answers import Assessment
from .merging import disagreement, merged_credits
from .scoring import Result, score_credits
from .targets import Target, progress, target_credits, target_levels


@dataclass(frozen=True)
class Evaluation:
    """Where an assessment stands (`result`), what it aims for and how far it has come."""

    assessment: Assessment
    credits: dict[str, float | None]
    result: Result
    target: Target | None
    levels: dict[str, str]  # {pillar id: the stage it aims for}
    aimed: dict[str, float]  # {item id: the credit aimed for}
    to_target: dict[str, Any]
    disagreement: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        """The `playbook score --json` document: the result, its streams (a model with streams), then
        respondents, disagreement and target."""
        document = self.result.as_json()
        if self.result.streams:
            document["streams"] = {key: asdict(value) for key, value in self.result.streams.items()}
        document["respondents"] = [
            {"name": r.name, "role": r.role, "answered": len(r.answers)} for r in self.assessment.respondents
        ]
        document["disagreement"] = self.disagreement
        document["target"] = {
            "set": self.target is not None,
            "levels": self.levels,
            "answers": dict(self.target.answers) if self.target else {},
            "scores": dict(self.target.scores) if self.target else {},
        }
        document["to_target"] = self.to_target
        return document


def evaluate(model: Model, assessment: Assessment, target: Target | None = None) -> Evaluation:
    """Evaluate `assessment`; its own target wins over `target` (a client's)."""
    target = assessment.target or target
    credits = merged_credits(model, assessment)
    result = score_credits(model, credits)
    aimed = target_credits(model, target, result)
    return Evaluation(
        assessment,
        credits,
        result,
        target,
        target_levels(model, target, result),
        aimed,
        progress(model, credits, aimed),
        disagreement(model, assessment),
    )
