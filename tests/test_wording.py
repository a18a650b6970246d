"""The site's own words (generator/wording.py): each catalog translates every text the templates
and the code look up, with no placeholder the English text lacks."""

from __future__ import annotations

import re
import string

import pytest

from generator.assessment.next_steps import REASONS
from generator.assessment.verdict import SENTENCES
from generator.clients.private_pages import PROMPT
from generator.pages.views import PAGE_MESSAGES
from generator.wording import CATALOGS, catalog
from tests.helpers.data import LANGUAGES, ROOT


def words_in_use() -> set[str]:
    """Every English text the templates and the code look up in the catalogs."""
    texts = set(REASONS.values()) | set(SENTENCES.values()) | set(PROMPT.values()) | set(PAGE_MESSAGES.values())
    for template in (ROOT / "templates").rglob("*.j2"):
        texts |= set(re.findall(r'"((?:[^"{}]|\{\w+\})*)"\s*\|\s*t\b', template.read_text(encoding="utf-8")))
    for module in (ROOT / "generator").rglob("*.py"):
        source = module.read_text(encoding="utf-8")
        texts |= set(re.findall(r'\b(?:say|words)\(\s*(?:[\w.]+,\s*)?"([^"\n]+)"', source))
    texts |= {"Checklist (PDF)", "Report (PDF)"}
    return texts


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_has_every_word_and_no_unknown_placeholder(language):
    translations = catalog(language)
    used = words_in_use()
    assert sorted(used - set(translations)) == []
    assert sorted(set(translations) - used) == []
    assert [t for t in used if not fields(translations[t]) <= fields(t)] == []  # a translation may leave one out
    assert (CATALOGS / f"{language}.yaml").is_file()
