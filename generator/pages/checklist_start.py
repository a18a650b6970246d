"""What a checklist page offers beside the respondent's own answers: the team's latest answers
(never a private client's), filters by the items' facts, and the words the page's scripts say as
they work."""

from __future__ import annotations

import re
from typing import Any

from ..clients.profiles import Client
from ..model.model import Model, stream_parts
from ..model.schema import Item, Pillar
from ..wording import meta_label, meta_texts, say

# What the checklist page says as it works, in English (the catalogs translate them).
_NUMBER = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?")
PAGE_MESSAGES = {
    "exported": "Exported {count} answers.",
    "too big": "Could not import {file}: it is over {limit} bytes. Your answers are unchanged.",
    "not imported": "Could not import {file}: {error}. Your answers are unchanged.",
    "imported": "Imported {count} answers from {file}.",
    "not shown": "Imported {count} answers from {file}, but the page could not show them: {error}. Reload the page.",
    "reset?": "Clear all answers on this page?",
    "from team?": "Replace your answers with the team's latest answers? Your notes stay.",
    "from team": "Started from the team's answers: {count} filled in. Change any that are not yours.",
    "team answer": "Team: {answer}",
    "team differs": "Team: answers differ",
    "team not answered": "Team: not answered",
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
    "merged answer": "Merged: {answer} ({spread})",
    "merged alone": "Merged: {answer}",
    "answer count": "{answer} {count}",
    "not yet": "not yet",
    "count of": "{count} of {total}",
    "progress": "{count} of {total} answered",
    "keep answering": "Keep answering",
    "all answered": "Every item is answered.",
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
    "position": "Your position: {where} ({scores})",
}


def client_data(model: Model, client: Client | None) -> tuple[dict[str, Any], str | None]:
    """The client's own part of the checklist page (its storage key, name and team's answers) and
    the words about the team's answers. It goes in attributes of its own (data-pb-client...), so
    that the rest of the page is the same for every client of the model (and built once in a batch)."""
    site_key = f"{model.info.id}:{client.slug}" if client else model.info.id
    own: dict[str, Any] = {"storageKey": f"playbook:{site_key}:answers"}
    if client:
        own["client"] = client.slug
        own["clientName"] = client.profile.name
    team = team_answers(model, client)
    if team:
        own["team"] = {"answers": team["answers"], "differ": team["differ"]}
    return own, team["text"] if team else None


def team_answers(model: Model, client: Client | None) -> dict[str, Any] | None:
    """The team's latest answers, which a client's checklist shows beside each item on request and
    copies in only when the respondent asks (a new respondent must not anchor on them, nor export
    them as their own): the answers all respondents of the latest assessment gave alike, the items
    they answered differently (or not all answered), and the words that say where the answers come
    from. Notes stay out: they are their writers' own words.

    None on the generic site, for a client not assessed yet, and for a private client: the
    checklist page is not encrypted.
    """
    if not client or not client.assessments or client.profile.private:
        return None
    latest = client.assessments[-1]
    respondents = latest.respondents
    given = [r.answers for r in respondents]
    answers, differ = {}, []
    for item in model.items:
        values = {answers_of.get(item.id) for answers_of in given}
        if len(values) == 1 and None not in values:
            answers[item.id] = values.pop()
        elif values - {None}:
            differ.append(item.id)
    language = model.info.language
    text = (
        say(language, "Your team answered on {date}.", date=latest.assessed.isoformat())
        if latest.assessed
        else say(language, "Your team has answered before.")
    )
    if len(respondents) > 1:
        text += " " + say(
            language,
            "Its {count} respondents gave {agreed} answers alike; the rest differ.",
            count=len(respondents),
            agreed=len(answers),
        )
    return {"answers": answers, "differ": differ, "text": text}


def checklist_filters(model: Model) -> list[dict[str, Any]]:
    """The checklist page's filters (`checklist.filters`): for each meta key, its label and the
    values the items give it (each element of a list value), numbers (or text that is one, as a
    spreadsheet gives them) in order, then text."""
    language = model.info.language
    filters = []
    for key in model.filters:
        found: dict[str, tuple] = {}
        for item in model.items:
            value = item.meta.get(key)
            if value is None:
                continue
            raws = value if isinstance(value, list) else [value]
            for raw, text in zip(raws, meta_texts(language, value), strict=True):
                number = _as_number(raw)
                found.setdefault(text, (number is None, number or 0, text))
        filters.append({"key": key, "label": meta_label(key), "options": sorted(found, key=found.__getitem__)})
    return filters


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    return float(value) if isinstance(value, str) and _NUMBER.fullmatch(value) else None


def filter_values(model: Model) -> dict[str, dict[str, list[str]]]:
    """What each item gives each filter of the checklist page (the texts its options show), by item id."""
    language = model.info.language
    return {
        item.id: {key: meta_texts(language, item.meta[key]) for key in model.filters if key in item.meta}
        for item in model.items
        if model.filters
    }


def in_streams(pillar: Pillar, items: list[Item], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` (the views of `items`, a pillar's items) under its streams' headings (`stream` None:
    no heading), for the checklist and the pillar's page."""
    by_id = {row["id"]: row for row in rows}
    return [
        {
            "stream": stream and stream.model_dump(include={"id", "name", "description"}),
            "rows": [by_id[i.id] for i in part],
        }
        for stream, part in stream_parts(pillar, items)
    ]
