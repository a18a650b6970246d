"""Markdown in long text: structure kept, raw HTML inert, links by id, and every rendered link checked."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown as python_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import generator.clients.profiles
from generator.build.mkdocs_config import load_base_config, site_config
from generator.model.safe_markdown import is_allowed_url
from generator.pages.rendering import make_environment, markdown
from generator.paths import TEMPLATES

from .conftest import MINI, run
from .htmlcheck import broken_links, read_page
from .test_reliability import assert_untouched, build_with_override, snapshot

PAGE = "practices/listen-first.md"


def converter() -> python_markdown.Markdown:
    """Python-Markdown set up as the site builds every page (our extension included)."""
    extensions, configs = [], {}
    for entry in site_config(load_base_config(), site_name="x", pages=[], assets=[])["markdown_extensions"]:
        [(name, options)] = entry.items() if isinstance(entry, dict) else [(entry, None)]
        extensions.append(name)
        configs[name] = options or {}
    return python_markdown.Markdown(extensions=extensions, extension_configs=configs)


def to_html(text: str, page: str | None = PAGE, **options) -> str:
    return converter().convert(markdown(text, page, **options))


class _Attributes(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value) for name, value in attrs]


def test_markdown_keeps_paragraphs_lists_emphasis_code_and_links():
    html = to_html(
        "First *one* and **two**.\n\nSecond:\n\n    indented <code> & {braces}\n\n"
        "- a `a < b && {c}`\n- [site](https://example.com/?a=1&b=2)\n"
    )
    assert "<p>First <em>one</em> and <strong>two</strong>.</p>\n<p>Second:</p>" in html
    assert "<li>a <code>a &lt; b &amp;&amp; {c}</code></li>" in html
    assert '<li><a href="https://example.com/?a=1&amp;b=2">site</a></li>' in html
    assert "<pre><code>indented &lt;code&gt; &amp; {braces}\n</code></pre>" in html


def test_a_hashtag_starting_a_line_is_text_and_a_heading_needs_its_space():
    html = to_html("#SocialFirst teams\n#SocialFirst again\n\n- #tag\n\n## Heading\n\n    # code")
    assert "<p>#SocialFirst teams\n#SocialFirst again</p>" in html and "<li>#tag</li>" in html
    assert '<h2 id="heading">Heading' in html and "<pre><code># code\n</code></pre>" in html
    assert html.count("<h") == 1


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<div onclick="alert(2)">raw</div>',
        "<img src=x onerror=alert(3)>",
        'A paragraph {: onclick="alert(4)" }',
        "![x](x.png){: onerror=alert(5) }",
        "# Title {: onmouseover=alert(6) }",
        "`</code><script>alert(7)</script>`",
        "<!-- x --><?php x ?><![CDATA[ x ]]>",
        "<https://example.com/>",
    ],
)
def test_raw_html_and_attribute_lists_are_text(attack):
    html = to_html(attack)
    assert [(tag, name) for tag, name, _ in _Attributes(html).found if name.startswith("on")] == []
    assert not re.search(r"<(script|div|!--|\?|!\[CDATA)", html)
    assert 'src="x"' not in html and 'href="https://example.com/"' not in html


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<>/&#;{}[]()!:=\"' \n`*-_ajvscriptdvimgx1", max_size=60))
def test_user_text_never_reaches_the_raw_html_stash(text):
    # Raw HTML is stashed out of the element tree, where the link check cannot see it: user text
    # must never put anything there but entities.
    md = converter()
    md.convert(markdown(text, PAGE))
    assert all(re.fullmatch(r"&#?\w+;", str(block)) for block in md.htmlStash.rawHtmlBlocks), md.htmlStash.rawHtmlBlocks


def test_links_by_id_become_relative_links_from_the_page():
    text = (
        '[e](stage:emerging) [l](practice:listen-first "Title") [u](unknown:x) [b](stage:Bad_Id)\n\n'
        "[r]: pillar:people\n\n- [q]: quadrant:observers\n"
    )
    assert markdown(text, PAGE) == (
        '[e](../stages/emerging.md) [l](listen-first.md "Title") [u](unknown:x) '
        "[b](stage:Bad_Id)\n\n[r]: ../pillars/people.md\n\n- [q]: ../quadrants/observers.md"
    )
    assert markdown("[e](stage:emerging)", "index.md") == "[e](stages/emerging.md)"
    assert markdown("[e](stage:emerging)", None) == "[e](stage:emerging)"


def test_client_markdown_links_by_id_from_the_template_page():
    template = make_environment((TEMPLATES,)).from_string("{{ text | client_markdown }}")
    assert (
        template.render(text="[e](stage:emerging) <b>", page="pages/guide.md") == "[e](../stages/emerging.md) &#60;b>"
    )


def test_indent_continues_a_list_item_and_keeps_blank_lines():
    text = "First.\n\nSecond.\n\n- a\n- b\n"
    assert markdown(text, PAGE, indent=4) == "First.\n\n    Second.\n\n    - a\n    - b\n"
    assert markdown("One line\nand the next", PAGE, indent=4) == "One line\n    and the next"
    html = converter().convert(f"1. {markdown(text, PAGE, indent=4)}\n2. {markdown('Then.', PAGE, indent=4)}\n")
    assert re.sub(r"\s+", "", html) == (
        "<ol><li><p>First.</p><p>Second.</p><ul><li>a</li><li>b</li></ul></li><li><p>Then.</p></li></ol>"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/",
        "HTTP://example.com",
        "mailto:team@example.com",
        "../stages/emerging.md",
        "page.md#part",
        "#top",
        "",
        "/about.html",
        "?q=1",
    ],
)
def test_allowed_urls(url):
    assert is_allowed_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " \x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "jav&#97;script:alert(1)",
        "&#X6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "java&#9;script:alert(1)",
        "data:text/html,x",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.com/",
        "stage:emerging",
        "//evil.example/",
        "\\\\evil.example/",
        "/\\evil.example/",
        "https://x/\x02wzxhzdk:0\x03",
    ],
)
def test_refused_urls(url):
    assert not is_allowed_url(url)


def bypass(name: str, text: str, url: str, kind: str = "link"):
    """One way of writing an unsafe link in an extra page, with the URL as the rendered page has it."""
    return pytest.param(text, url, kind, id=name)


BYPASSES = [
    bypass(
        "reference definition in a list item",
        "- [x]: javascript:alert(1)\n\nSee the [guide][x].",
        "javascript:alert(1)",
    ),
    bypass(
        "reference with a title", 'See the [guide][x].\n\n[x]: javascript:alert(1) "A title"', "javascript:alert(1)"
    ),
    bypass("empty label", "[](javascript:alert(1))", "javascript:alert(1)"),
    bypass("image", "![chart](javascript:alert(1))", "javascript:alert(1)", "image"),
    bypass(
        "image reference",
        "![chart][c]\n\n[c]: data:image/svg+xml;base64,PHN2Zz4=",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "image",
    ),
    bypass("decimal entity", "[a](jav&#97;script:alert(1))", "jav&#97;script:alert(1)"),
    bypass("hex entity", "[a](&#x6A;avascript:alert(1))", "&#x6A;avascript:alert(1)"),
    bypass("named entity", "[a](javascript&colon;alert(1))", "javascript&colon;alert(1)"),
    bypass("tab entity", "[a](java&#9;script:alert(1))", "java&#9;script:alert(1)"),
    bypass("line break entity", "[a](java&#10;script:alert(1))", "java&#10;script:alert(1)"),
    bypass("leading control character", "[a](&#1;javascript:alert(1))", "&#1;javascript:alert(1)"),
    bypass("escaped parentheses", "[a](javascript:alert\\(1\\))", "javascript:alert(1)"),
    bypass("mixed case and spaces", "[a]( JaVaScRiPt:alert(1) )", "JaVaScRiPt:alert(1)"),
    bypass("data", "[a](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html;base64,PHNjcmlwdD4="),
    bypass("vbscript", "[a](vbscript:msgbox(1))", "vbscript:msgbox(1)"),
    bypass("file", "[a](file:///etc/passwd)", "file:///etc/passwd"),
    bypass("unknown kind of page", "[a](stgae:emerging)", "stgae:emerging"),
    bypass("another host", "[a](//evil.example/)", "//evil.example/"),
]


def build_client(folder: Path, out: Path, text: str):
    """Build the mini model for a client whose one extra page, pages/guide.md, holds `text`."""
    client = folder / "x.yaml"
    indented = "".join(f"        {line}\n" for line in text.splitlines())
    client.write_text(
        f"name: X\nslug: x\ntailoring:\n  pages:\n    - slug: guide\n      title: Guide\n      text: |\n{indented}",
        encoding="utf-8",
    )
    return run("build", "--content", str(MINI), "--client", str(client), "--out", str(out))


SAFE_PAGE = """\
Read [the index](https://example.com/), write to [the team](mailto:team@example.com), see
[about](../about.md), [the weekly review](practice:weekly-review) and [below](#next-steps).
Raw <https://example.com/raw> and `a < b` stay text.

## Next steps
"""


@pytest.fixture(scope="module")
def built_client(tmp_path_factory):
    """A client with a page of safe links, built once: (output folder, its bytes)."""
    folder = tmp_path_factory.mktemp("richtext")
    result = build_client(folder, folder / "site", SAFE_PAGE)
    assert result.exit_code == 0, result.output
    return folder / "site", snapshot(folder / "site")


def test_safe_links_pass_and_render_as_links(built_client):
    out, _ = built_client
    page = out / "x/pages/guide.html"
    links = [url for tag, url, _ in read_page(page).links if tag == "a"]
    for url in (
        "https://example.com/",
        "mailto:team@example.com",
        "../about.html",
        "../practices/weekly-review.html",
        "#next-steps",
    ):
        assert url in links
    assert "https://example.com/raw" not in links and "<code>a &lt; b</code>" in page.read_text()
    assert broken_links(out / "x") == []


@pytest.mark.parametrize("text, url, kind", BYPASSES)
def test_unsafe_links_fail_the_build_and_write_nothing(built_client, tmp_path, text, url, kind):
    out, before = built_client
    result = build_client(tmp_path, out, text)
    assert result.exit_code == 1
    # The early check of the client file names the link as written, up to its first parenthesis.
    assert url.partition("(")[0] in result.stderr and "is not allowed: use http://, https://, mailto:" in result.stderr
    assert_untouched(out, before)


@pytest.mark.parametrize("text, url, kind", BYPASSES)
def test_the_rendered_page_check_alone_refuses_every_variant(built_client, tmp_path, monkeypatch, text, url, kind):
    monkeypatch.setattr(generator.clients.profiles, "_check_links", lambda *args: None)
    out, before = built_client
    result = build_client(tmp_path, out, text)
    assert result.exit_code == 1
    assert f"the site builder reported problems:\n  pages/guide.md: {kind} {url!r} (" in result.stderr
    assert "is not allowed: use http://, https://, mailto:, a relative path or a #fragment" in result.stderr
    assert_untouched(out, before)


def test_override_templates_are_checked_too(tmp_path):
    template = (
        '# About\n\n<ftp://example.com/>\n\n[x](https://example.com/){: href="javascript:alert(1)" }\n\n'
        "[y](jav&#97;script:alert(2))\n"
    )
    out = tmp_path / "site"
    result = build_with_override(tmp_path, MINI, out, "about.md.j2", template)
    assert result.exit_code == 1
    for message in (
        "about.md: link 'ftp://example.com/' (text 'ftp://example.com/')",
        "about.md: link 'javascript:alert(1)' (text 'x')",
        "about.md: link 'jav&#97;script:alert(2)' (text 'y')",
    ):
        assert message in result.stderr
    assert not (out / "x").exists()
