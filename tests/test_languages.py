"""Sites in Norwegian and Chinese: content, the site's own words, theme, search, print and PDF."""

from __future__ import annotations

import json
import re
import string
import subprocess
from pathlib import Path

import pytest

from generator.assessment.next_steps import REASONS
from generator.clients.private_pages import PROMPT
from generator.pages.views import PAGE_MESSAGES
from generator.wording import CATALOGS, catalog

from .browser import chromium, free_port, served
from .conftest import CONTENT, ROOT, run

LANGUAGES = ("nb", "zh")


def words_in_use() -> set[str]:
    """Every English text the templates and the code look up in the catalogs."""
    texts = set(REASONS.values()) | set(PROMPT.values()) | set(PAGE_MESSAGES.values())
    for template in (ROOT / "templates").rglob("*.j2"):
        texts |= set(re.findall(r'"((?:[^"{}]|\{\w+\})*)"\s*\|\s*t\b', template.read_text(encoding="utf-8")))
    for module in (ROOT / "generator").glob("*.py"):
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


@pytest.fixture(scope="module")
def fjord(tmp_path_factory) -> Path:
    """Fjord Energi (language: nb), built with PDFs."""
    out = tmp_path_factory.mktemp("fjord") / "site"
    result = run("build", "--client", str(ROOT / "clients" / "fjord-energi.yaml"), "--out", str(out), "--pdf", "a4")
    assert result.exit_code == 0, result.output
    return out / "fjord-energi"


def test_fjord_is_norwegian_end_to_end(fjord):
    page = (fjord / "stages" / "emerging.html").read_text(encoding="utf-8")
    assert '<html lang="nb"' in page
    assert "Slik kjenner dere det igjen" in page  # our own words
    assert 'placeholder="Søk"' in page  # the theme's
    stage_name = re.search(r"<h1[^>]*>([^<]+)", page)[1]
    assert stage_name != "Emerging"  # the model's content, translated
    index = json.loads((fjord / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["no"]
    printed = subprocess.run(["pdftotext", str(fjord / "checklist.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Fylt ut av" in printed and "Kryss av én rute for hvert punkt." in printed


def test_a_chinese_site_is_found_by_its_chinese_words(tmp_path):
    port = free_port()
    out = tmp_path / "site"
    assert (
        run(
            "build", "--language", "zh", "--out", str(out), "--site-url", f"http://127.0.0.1:{port}/", "--pdf", "a4"
        ).exit_code
        == 0
    )
    printed = subprocess.run(["pdftotext", str(out / "checklist.pdf"), "-"], capture_output=True, text=True).stdout
    assert "可打印的检查清单" in printed and "填写人" in printed  # Chinese glyphs, from Debian's Noto CJK
    practice = (out / "practices" / "listening-framework.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in practice
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [
        entry["text"] for entry in index["docs"] if entry["location"].startswith("practices/listening-framework.html")
    ]
    assert texts and all("\u200b" in text for text in texts)  # Chinese words split for search
    heading = re.search(r"<h1[^>]*>([^<]+)", practice)[1]
    word = re.findall(r"[\u4e00-\u9fff]{2}", heading)[0]
    with served(out, port) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url + "index.html")
        page.fill("input[data-md-component='search-query']", word)
        page.wait_for_selector(".md-search-result__item", state="attached", timeout=30_000)
        links = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
        assert any("practices/listening-framework.html" in link for link in links), (word, links)


def test_only_a_chinese_site_splits_chinese_text_into_words_for_search(default_site):
    """Elsewhere Han text is indexed as written: loading jieba's dictionary takes 0.6 s a build."""
    index = json.loads((default_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    about = " ".join(entry["text"] for entry in index["docs"] if entry["location"].startswith("about.html"))
    assert "如何提升品牌的社交媒体成熟度" in about and "\u200b" not in about


def test_the_default_model_is_complete_in_both_languages():
    status = run("i18n", "status", "--content", str(CONTENT)).stdout
    for language in LANGUAGES:
        assert re.search(rf"^{language}: (\d+) of \1 texts \(100%\)$", status, re.MULTILINE), status
