"""What the checklist page starts with: a client's latest answers (never a private client's),
and the words its scripts say as they work."""

from __future__ import annotations

from typing import Any

from ..clients.profiles import Client
from ..model.model import Model
from ..wording import say

# What the checklist page says as it works, in English (the catalogs translate them).
PAGE_MESSAGES = {
    "exported": "Exported {count} answers.",
    "too big": "Could not import {file}: it is over {limit} bytes. Your answers are unchanged.",
    "not imported": "Could not import {file}: {error}. Your answers are unchanged.",
    "imported": "Imported {count} answers from {file}.",
    "not shown": "Imported {count} answers from {file}, but the page could not show them: {error}. Reload the page.",
    "reset?": "Clear all answers on this page?",
    "cleared": "All answers cleared.",
    "evidence limit": "Evidence keeps at most {count} lines of {limit} characters: the rest is not saved.",
    "carried over": "Carried over from version {version}: {changes}.",
    "carried over, answer again": "Carried over from version {version}: {changes}; answer {items} again.",
    "changes": "{count} changes",
    "items": "{count} items",
    "merged": "Showing the merged answers of {count} respondents",
    "same respondent": "Could not import: {first} and {second} are both answers of {name}; give each file its own "
    "respondent name. Your answers are unchanged.",
    "not answered": "not answered",
    "not yet": "not yet",
    "count of": "{count} of {total}",
    "progress": "{count} of {total} answered",
    "keep answering": "Keep answering",
    "to answer": "Answer {count} more to see where you stand and your next steps.",
    "import?": "Import {file}? It replaces the answers on this page:",
    "answers changed": "Answers: {added} added, {changed} changed, {removed} removed.",
    "notes changed": "Notes and evidence: {added} added, {changed} changed, {removed} removed.",
    "other client": "These answers were exported from another client's site ({client}), not from {name}'s.",
    "answer added": "{id}: {to} (new)",
    "answer changed": "{id}: {from} → {to}",
    "answer removed": "{id}: {from} (removed)",
    "note added": "{id}: note added",
    "note changed": "{id}: note changed",
    "note removed": "{id}: note removed",
    "import cancelled": "Import cancelled: your answers are unchanged.",
    "import undone": "Import undone: your answers are back as they were.",
    "fresh": "Started fresh: all answers cleared.",
    "position": "Your position: {where} ({scores})",
}


def start_from(model: Model, client: Client | None) -> dict[str, Any] | None:
    """What a client's checklist starts from: the latest assessment's answers and notes (of several
    respondents, only the answers they all gave alike, without notes), and the words that say so.

    None on the generic site, for a client not assessed yet, and for a private client: the
    checklist page is not encrypted.
    """
    if not client or not client.assessments or client.profile.private:
        return None
    latest = client.assessments[-1]
    respondents = latest.respondents
    items = [item.id for item in model.items]
    first = respondents[0].answers
    answers = {
        item_id: first[item_id]
        for item_id in items
        if item_id in first and all(r.answers.get(item_id) == first[item_id] for r in respondents)
    }
    noted = {item_id: r for item_id, r in respondents[0].responses.items() if r.note or r.evidence}
    notes = (
        {
            item_id: {"note": noted[item_id].note or "", "evidence": list(noted[item_id].evidence)}
            for item_id in items
            if item_id in noted
        }
        if len(respondents) == 1
        else {}
    )
    text = (
        say(model.info.language, "Started from your assessment of {date}.", date=latest.assessed.isoformat())
        if latest.assessed
        else say(model.info.language, "Started from your latest assessment.")
    )
    if len(respondents) > 1:
        text += " " + say(
            model.info.language,
            "It merges {count} respondents: only the {agreed} answers they all gave alike are filled in.",
            count=len(respondents),
            agreed=len(answers),
        )
    return {"answers": answers, "notes": notes, "text": text}
