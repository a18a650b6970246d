"""One MkDocs build (generator/build/mkdocs_build.py): the pages MkDocs itself makes of our
Markdown, nothing from another host, a size that grows with the pages, and builder problems that
leave the previous site."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from tests.helpers.cli import run
from tests.helpers.files import edit
from tests.helpers.htmlcheck import read_page
from tests.helpers.sites import assert_untouched, build_with_override


def test_nothing_is_loaded_from_another_host(default_site):
    for page in default_site.rglob("*.html"):
        facts = read_page(page)
        for tag, url, attributes in facts.links:
            if tag in ("script", "img") or tag == "link" and attributes.get("rel") in ("stylesheet", "preload"):
                assert "://" not in url and not url.startswith("//"), f"{page}: {url}"


@pytest.mark.slow
def test_a_site_grows_with_its_pages_not_with_the_theme(mini_copy, tmp_path):
    """No source maps or other languages' search support; the HTML without indentation (outside
    <pre>), so that pages cost about the same, however many there are."""

    def build(practices: int) -> tuple[int, int]:
        model = tmp_path / f"model-{practices}"
        shutil.copytree(mini_copy, model)
        with (model / "practices.yaml").open("a", encoding="utf-8") as handle:
            handle.write(
                "".join(
                    f"  - id: extra-{i}\n    name: Extra practice {i}\n    summary: One more.\n"
                    f"    why: Because.\n    how: [Do it.]\n    pillars: [tooling]\n    stage: curious\n"
                    for i in range(practices)
                )
            )
        out = tmp_path / f"site-{practices}"
        assert run("build", "--content", str(model), "--out", str(out)).exit_code == 0
        assert not list(out.rglob("*.map"))
        assert sorted(p.name for p in (out / "assets/javascripts/lunr").rglob("*.js")) == [
            "lunr.multi.min.js",
            "lunr.stemmer.support.min.js",
        ]  # English needs no more
        assert "\n  <" not in (out / "about.html").read_text(encoding="utf-8")
        pages = list(out.rglob("*.html"))
        return len(pages), sum(p.stat().st_size for p in pages)

    few, few_bytes = build(10)
    many, many_bytes = build(80)
    assert many - few == 70
    assert (many_bytes - few_bytes) / 70 < 1.5 * few_bytes / few  # each added page costs about an average page


def test_pages_are_the_html_mkdocs_itself_makes_of_them(mini_site, bare_mini):
    """What the build holds back from Markdown (verbatim regions, client attributes) comes back
    as Markdown would have passed it through: every page matches the bare build's, apart from
    the markers and the indentation the build leaves out."""
    from generator.build.mkdocs_build import _without_indentation

    pages = sorted(p.relative_to(bare_mini) for p in bare_mini.rglob("*.html") if p.name != "404.html")  # a theme page
    assert len(pages) > 15 and any("<!--pb-verbatim-->" in (bare_mini / p).read_text(encoding="utf-8") for p in pages)
    for page in pages:
        bare = re.sub(r"<!--/?pb-verbatim-->\n?", "", (bare_mini / page).read_text(encoding="utf-8"))
        assert (mini_site / page).read_text(encoding="utf-8") == _without_indentation(bare), page


@pytest.mark.slow
def test_text_that_reads_like_the_builds_own_markers_stays_as_written(clients_copy, tmp_path):
    """What the build holds back from Markdown (client attributes, verbatim regions) is looked for
    in template-written tags only: a client's page quoting those markers shows them unchanged."""
    quoted = ['<div data-pb-client="x" data-pb-verbatim="0"></div>', "<!--pb-verbatim-->", 'data-pb-client="secret"']
    text = (
        f"Code: `{quoted[0]}`, as text: {quoted[1]} {quoted[2]} {quoted[1].replace('pb-', '/pb-')}, "
        f"and in a [link's title](https://example.com/ 'see {quoted[2]}')"
    )
    edit(
        clients_copy / "northwind-retail.yaml",
        "See the [Conversocial index]",
        text + "\n\n        See the [Conversocial index]",
    )
    edit(clients_copy / "northwind-retail.yaml", "private: true\n", "")  # its own page in clear
    out = tmp_path / "site"
    assert run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(out)).exit_code == 0
    page = next(out.glob("*/pages/context.html")).read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert all(piece in shown for piece in quoted) and "<!--pb-verbatim-->" not in page
    assert html.unescape(re.search(r'title="(see [^"]*)"', page)[1]) == f"see {quoted[2]}"


def test_builder_failure_part_way_leaves_the_previous_site(built, tmp_path, mini_copy):
    out, before = built
    result = build_with_override(
        tmp_path, mini_copy, out, "about.md.j2", "# About\n\n[a page that does not exist](nowhere.md)\n"
    )
    assert result.exit_code == 1
    assert "the site builder reported problems" in result.stderr and "nowhere.md" in result.stderr
    assert_untouched(out, before)


def test_the_search_index_is_the_one_mkdocs_itself_makes(mini_site, bare_mini):
    """The search parses each page without what it skips anyway (`data-search-exclude` elements,
    most of a checklist's HTML): its entries are those of the bare build, word for word."""
    ours = json.loads((mini_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    bare = json.loads((bare_mini / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(entry["location"].startswith("checklist.html") for entry in bare["docs"])
    assert ours == bare
