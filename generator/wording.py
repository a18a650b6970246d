"""The words of the site itself (headings, buttons, reasons for next steps) in the site's language.

The English text is the key: `templates/i18n/<language>.yaml` maps it to the translation, with
the same `{placeholders}`. A text whose words change with a count (`{count}`) maps to its forms
by CLDR plural category instead (`{one: ..., other: ...}`; see `formatting.plural_category`),
each language with the categories it has; `en.yaml` holds English's own forms of such texts. A
text with no translation is shown in English.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from .errors import ContentError, Problem, display_path
from .formatting import format_number, plural_category
from .paths import TEMPLATES
from .yamlio import load_yaml

CATALOGS = TEMPLATES / "i18n"
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})

# A translation, or the forms of a counted text by plural category.
Phrase = str | dict[str, str]


def _is_phrase(value: object) -> bool:
    if isinstance(value, str):
        return True
    return (
        isinstance(value, dict)
        and "other" in value
        and all(k in PLURAL_CATEGORIES and isinstance(v, str) for k, v in value.items())
    )


@functools.lru_cache(maxsize=16)
def catalog(language: str) -> dict[str, Phrase]:
    """The site's words in `language` ({English: translation or forms}); empty for an unknown language."""
    path = CATALOGS / f"{language}.yaml"
    if not path.is_file():
        return {}
    data = load_yaml(path, text_scalars=True).data or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and _is_phrase(v) for k, v in data.items()):
        raise ContentError(
            [Problem(display_path(path), 1, 1, "", "expected English text: a translation, or {one: ..., other: ...}")]
        )
    return data


def phrase(language: str, text: str) -> Phrase:
    """`text` in `language`, its `{placeholders}` left to fill in (for the page script); a text with
    no translation is English, in English's forms."""
    found = catalog(language).get(text)
    return found if found is not None else catalog("en").get(text, text)


def say(language: str, text: str, **values: object) -> str:
    """`text` in `language`, its `{placeholders}` filled in with `values`: in the form `count` takes
    when the text has forms, and decimal numbers as the language writes them (`0,8` in nb)."""
    pattern = phrase(language, text)
    if isinstance(pattern, dict):
        pattern = pattern.get(plural_category(language, values["count"]), pattern["other"])  # type: ignore[arg-type]
    shown = {k: format_number(language, v) if isinstance(v, float) else v for k, v in values.items()}
    return pattern.format(**shown)


def meta_label(key: str) -> str:
    """A `meta` key as a label: `time_to-fix` is "Time to fix" (keys are data, not translated)."""
    words = key.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


def meta_texts(language: str, value: object) -> list[str]:
    """A `meta` value as the page writes it, one text per element of a list: yes/no in
    `language`, numbers as it writes them, text with its runs of spaces made one (as HTML shows it)."""

    def text(v: object) -> str:
        if isinstance(v, bool):
            return say(language, "Yes") if v else say(language, "No")
        return format_number(language, v) if isinstance(v, int | float) else " ".join(str(v).split())

    return [text(v) for v in (value if isinstance(value, list) else [value])]


def meta_view(language: str, meta: Mapping[str, object]) -> list[dict[str, object]]:
    """The rows of a `meta` table, in the order written: {key, label, values, text}; lists joined with commas."""
    rows: list[dict[str, object]] = []
    for key, value in meta.items():
        values = meta_texts(language, value)
        rows.append({"key": key, "label": meta_label(key), "values": values, "text": ", ".join(values)})
    return rows
