"""The site's own words (generator/wording.py): each catalog translates every text the templates
and the code look up, with no placeholder the English text lacks."""

from __future__ import annotations

import re
import string

import pytest

from generator.assessment.next_steps import REASONS
from generator.assessment.roadmap import STATUS_WORDS
from generator.assessment.verdict import SENTENCES
from generator.clients.private_pages import PROMPT
from generator.pages.views import PAGE_MESSAGES
from generator.wording import CATALOGS, catalog, say
from tests.helpers.data import LANGUAGES, ROOT


def words_in_use() -> set[str]:
    """Every English text the templates and the code look up in the catalogs."""
    texts = set(REASONS.values()) | set(SENTENCES.values()) | set(PROMPT.values()) | set(PAGE_MESSAGES.values())
    texts |= set(STATUS_WORDS.values())
    for template in (ROOT / "templates").rglob("*.j2"):
        texts |= set(re.findall(r'"((?:[^"{}]|\{\w+\})*)"\s*\|\s*t\b', template.read_text(encoding="utf-8")))
    for module in (ROOT / "generator").rglob("*.py"):
        source = module.read_text(encoding="utf-8")
        texts |= set(re.findall(r'\b(?:say|words)\(\s*(?:[\w.]+,\s*)?"([^"\n]+)"', source))
    texts |= {"Checklist (PDF)", "Report (PDF)"}
    return texts


def fields(text: str | dict[str, str]) -> set[str]:
    """The placeholders of a text, or of every form of it."""
    forms = text.values() if isinstance(text, dict) else [text]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_has_every_word_and_no_unknown_placeholder(language):
    translations = catalog(language)
    used = words_in_use()
    assert sorted(used - set(translations)) == []
    assert sorted(set(translations) - used) == []
    assert [t for t in used if not fields(translations[t]) <= fields(t)] == []  # a translation may leave one out
    assert (CATALOGS / f"{language}.yaml").is_file()


def test_the_english_catalog_holds_only_the_forms_of_counted_texts():
    forms = catalog("en")
    assert forms and set(forms) <= words_in_use()
    assert all(isinstance(f, dict) and f["other"] == text and fields(f) == fields(text) for text, f in forms.items())
    assert all("count" in fields(text) for text in forms)


@pytest.mark.parametrize(
    "language, count, expected",
    [
        ("en", 1, "1 open check, weight 2"),
        ("en", 0, "0 open checks, weight 2"),
        ("nb", 1, "1 åpent sjekkpunkt, vekt 2"),
        ("nb", 2, "2 åpne sjekkpunkter, vekt 2"),
        ("zh", 1, "1 个未完成的检查项，权重 2"),
        ("de", 1, "1 open check, weight 2"),  # no catalog: English, in English's forms
    ],
)
def test_say_picks_the_form_the_count_takes(language, count, expected):
    assert say(language, "{count} open checks, weight {weight}", count=count, weight=2) == expected


def test_say_writes_decimal_numbers_as_the_language_does():
    assert say("nb", "{score} of {top}", score=0.8, top=3) == "0,8 av 3"
    assert say("en", "{score} of {top}", score=0.8, top=3) == "0.8 of 3"
