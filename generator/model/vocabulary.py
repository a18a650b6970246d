"""The model's vocabulary: which kinds of page it has, and what it calls each kind."""

from __future__ import annotations

from .model import Model


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
