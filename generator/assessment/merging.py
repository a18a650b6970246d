"""Several respondents, one result: merge their answers into one credit per item, and find where
they disagree.

The merge follows the model's `scoring.merge` rule over the credits of the respondents who
answered an item, n/a answers left out: `mean`, `min` or `median` (the mean of the middle two
for an even count). With `scoring.unanswered: zero`, a respondent who left an item blank counts
as credit 0 in that merge (with `skip`, the default, as not there). An item every answer calls
n/a is n/a; an item nobody answered stays unanswered, whatever `unanswered` says. The checklist page merges imported files by the same rule (`checklist.js`).
"""

from __future__ import annotations

from typing import Any

from ..model.model import Model
from ..numbers import round3, total
from .answers import Assessment
from .scoring import credits_of


def merged_credits(model: Model, assessment: Assessment) -> dict[str, float | None]:
    """{item id: merged credit, None for n/a} of the items at least one respondent answered."""
    per_respondent = [credits_of(model, respondent.answers) for respondent in assessment.respondents]
    merged: dict[str, float | None] = {}
    for item in model.items:
        given = [credits[item.id] for credits in per_respondent if item.id in credits]
        if not given:
            continue
        counted = [credit for credit in given if credit is not None]
        if model.scoring.unanswered == "zero":
            counted += [0.0] * (len(per_respondent) - len(given))
        merged[item.id] = _merge(model.scoring.merge, counted) if counted else None
    return merged


def _merge(rule: str, credits: list[float]) -> float:
    if rule == "min":
        return min(credits)
    if rule == "median":
        ordered = sorted(credits)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return total(credits) / len(credits)


def disagreement(model: Model, assessment: Assessment) -> list[dict[str, Any]]:
    """Items the respondents answered differently, the widest spread of credit first (then model
    order): [{item, spread, values: {respondent: answer value}}]."""
    if len(assessment.respondents) < 2:
        return []
    rows: list[dict[str, Any]] = []
    for item in model.items:
        values = {r.name: r.answers[item.id] for r in assessment.respondents if item.id in r.answers}
        if len(set(values.values())) < 2:
            continue
        credit = {option.value: option.credit for option in model.scale_of(item)}
        counted = [c for c in (credit[value] for value in values.values()) if c is not None]
        spread = max(counted) - min(counted) if counted else 0.0
        rows.append({"item": item.id, "spread": round3(spread), "values": values})
    rows.sort(key=lambda row: -float(row["spread"]))
    return rows
