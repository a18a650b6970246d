"""A Norwegian client's site speaks Norwegian: no English text of the site's words (the nb
catalog's keys) and no decimal point in what its pages, print page and PDFs show to people."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import pdf
from generator.model.loading import load_model
from generator.model.translation import load_translated
from generator.wording import catalog
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, ROOT
from tests.helpers.pdf import pdf_text, words

CLIENT = "fjord-energi"  # clients/fjord-energi.yaml: language nb
INFO = load_translated(load_model(CONTENT), "nb").info
# Numbers with a point that are names, not decimals: the model's versions, the licence's name.
VERSIONS = {INFO.version, *(v for change in INFO.changes for v in (change.previous, change.version))}
NAMES = [*(f"versjon {version}" for version in VERSIONS), *([INFO.license.name] if INFO.license else [])]
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _VisibleText(HTMLParser):
    """The text a page shows or reads out: text outside scripts and styles, and the labels,
    titles and alternative texts of elements (not data attributes: the page's JSON)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
        self.parts += [v for n, v in attrs if n in ("aria-label", "title", "alt", "placeholder") and v]

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not {"script", "style", "template"} & set(self.stack):
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's visible text, its runs of white space one space (a no-break space stays)."""
    parser = _VisibleText()
    parser.feed(html)
    return re.sub(r"[^\S\u00a0]+", " ", " ".join(parser.parts)).strip()


def english_phrases() -> set[str]:
    """The English text of every site word that nb writes otherwise, cut at its placeholders;
    pieces of one word of four letters or less are left out (they could be names or Norwegian)."""
    phrases = set()
    for english, translated in catalog("nb").items():
        forms = list(translated.values()) if isinstance(translated, dict) else [translated]
        for piece in re.split(r"\{\w+\}", english):
            piece = piece.strip(" .,:;()“”")
            if (len(piece) > 4 or " " in piece) and not any(piece in form for form in forms):
                phrases.add(piece)
    return phrases


ENGLISH = re.compile("|".join(rf"(?<![\w-]){re.escape(p)}(?![\w-])" for p in sorted(english_phrases(), key=len)[::-1]))


def slips(text: str) -> dict[str, list[str]]:
    """English site words and decimal points in `text`, each with some words around it."""
    for name in NAMES:
        text = text.replace(name, "")
    around = lambda m: text[max(m.start() - 30, 0) : m.end() + 30]  # noqa: E731
    found = {"english": [around(m) for m in ENGLISH.finditer(text)]}
    found["decimal point"] = [around(m) for m in DECIMAL_POINT.finditer(text)]
    return {kind: hits for kind, hits in found.items() if hits}


@pytest.fixture(scope="module")
def norwegian_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("nb") / "site"
    result = run("build", "--client", str(ROOT / "clients" / f"{CLIENT}.yaml"), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / CLIENT


def test_slips_finds_english_words_and_decimal_points():
    assert set(slips("Modenhetspoeng: 0.8 av 3. Progress to target: 56 %")) == {"english", "decimal point"}
    assert slips("Modenhetspoeng: 0,8 av 3, 2026-09-14, answer-questions") == {}


@pytest.mark.slow
def test_the_norwegian_pages_and_print_page_show_no_english_word_or_decimal_point(norwegian_site):
    pages = sorted(norwegian_site.rglob("*.html"))
    assert norwegian_site / "print" / "checklist.html" in pages and len(pages) > 20
    found = {
        page.relative_to(norwegian_site).as_posix(): hits
        for page in pages
        if (hits := slips(visible_text(page.read_text(encoding="utf-8"))))
    }
    assert found == {}


def test_the_norwegian_percentages_keep_their_sign_on_the_line(norwegian_site):
    """A no-break space before `%` (formatting.py), kept through escaping (rendering.py)."""
    for page in ("report.html", "roadmap.html", "checklist.html"):
        text = visible_text((norwegian_site / page).read_text(encoding="utf-8"))
        ours = re.findall(r"(?:Framdrift mot målet:?|minst|markerer) \d+(?:,\d+)?(\s)%", text)
        assert ours and set(ours) == {"\u00a0"}, page


@pytest.mark.browser
@pytest.mark.slow
def test_the_norwegian_pdfs_show_no_english_word_or_decimal_point(norwegian_site, tmp_path):
    written = pdf.write_pdfs(
        norwegian_site, tmp_path, {"checklist.pdf": "print/checklist.html", "report.pdf": "report.html"}
    )
    assert {path.name: slips(words(pdf_text(path))) for path in written} == {"checklist.pdf": {}, "report.pdf": {}}
