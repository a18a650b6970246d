"""The value types content files are made of: ids, one-line and long text, Markdown, links,
dates, weights, short facts (`meta`), and the strict, closed base of every file's class.

Text is checked for control characters; `Markdown` also for what Python-Markdown reads slowly.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..markdown_cost import check_markdown

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LINK_URL = re.compile(r"(?i)\A(https?://|mailto:)[^\s<>\"']++$")
_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _check_id(value: str) -> str:
    if not ID_PATTERN.fullmatch(value) or len(value) > 64:
        hint = f"try '{value.lower()}'" if ID_PATTERN.fullmatch(value.lower()) else "e.g. 'social-first'"
        raise ValueError(f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens ({hint})")
    return value


def check_text(value: str, *, multiline: bool) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if not multiline and "\n" in value:
        raise ValueError("must be a single line: remove the line breaks")
    for char in value:
        if char in _BIDI_CONTROLS or (unicodedata.category(char) in ("Cc", "Cf") and char not in "\n\u200d"):
            raise ValueError(f"contains the invisible control character U+{ord(char):04X}: remove it")
    return value


def _check_url(value: str) -> str:
    if not _LINK_URL.match(value):
        raise ValueError(f"'{value}' is not an allowed link: use an http://, https:// or mailto: address")
    return value


Id = Annotated[str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": f"^{ID_PATTERN.pattern}$"})]

# A site's date becomes file times in the build (the gzipped sitemap keeps a 32-bit time from 1970).
FIRST_DATE, LAST_DATE = datetime.date(1970, 1, 1), datetime.date(2099, 12, 31)


def check_date(value: datetime.date) -> datetime.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(
            f"{value.isoformat()} is not a date from {FIRST_DATE.year} to {LAST_DATE.year}: check the year"
        )
    return value


SiteDate = Annotated[datetime.date, AfterValidator(check_date)]
Line = Annotated[str, Field(max_length=300), AfterValidator(lambda v: check_text(v, multiline=False))]
Text = Annotated[str, Field(max_length=10_000), AfterValidator(lambda v: check_text(v, multiline=True))]
Url = Annotated[str, Field(max_length=2_000), AfterValidator(_check_url)]
Markdown = Annotated[Text, AfterValidator(check_markdown), Field(json_schema_extra={"format": "markdown"})]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")]
Weight = Annotated[float, Field(gt=0, le=100)]
MetaKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
MetaValue = Annotated[
    Line | int | float | bool | Annotated[list[Line], Field(max_length=20)], Field(union_mode="left_to_right")
]
Meta = Annotated[dict[MetaKey, MetaValue], Field(max_length=20)]
"""Short facts about a thing (difficulty, tags, a source's uuid), shown as a small table on its pages."""
Alias = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$")]
Percent = Annotated[float, Field(ge=0, le=100)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
