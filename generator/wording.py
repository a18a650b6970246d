"""The words of the site itself (headings, buttons, reasons for next steps) in the site's language.

The English text is the key: `templates/i18n/<language>.yaml` maps it to the translation, with
the same `{placeholders}`. A text with no translation is shown in English.
"""

from __future__ import annotations

import functools

from .errors import ContentError, Problem, display_path
from .paths import TEMPLATES
from .yamlio import load_yaml

CATALOGS = TEMPLATES / "i18n"


@functools.lru_cache(maxsize=16)
def catalog(language: str) -> dict[str, str]:
    """The site's words in `language` ({English: translation}); empty for English or an unknown language."""
    path = CATALOGS / f"{language}.yaml"
    if not path.is_file():
        return {}
    data = load_yaml(path, text_scalars=True).data or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ContentError([Problem(display_path(path), 1, 1, "", "expected English text: translation pairs")])
    return data


def phrase(language: str, text: str) -> str:
    """`text` in `language`, its `{placeholders}` left to fill in (for the page script)."""
    return catalog(language).get(text, text)


def say(language: str, text: str, **values: object) -> str:
    """`text` in `language`, its `{placeholders}` filled in with `values`."""
    return phrase(language, text).format(**values)
