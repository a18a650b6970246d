"""Safe links (generator/model/safe_markdown.py): only http, https, mailto, relative paths and
#fragments reach a page, however the Markdown writes them, in model text, client pages and
override templates alike."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import markdown
import pytest

import generator.clients.profiles
from generator.model.safe_markdown import RAW_HTML_RULE, SafeMarkdownExtension, is_allowed_url, log, refused_html
from tests.helpers.cli import run
from tests.helpers.data import MINI
from tests.helpers.files import edit, snapshot
from tests.helpers.htmlcheck import broken_links, read_page
from tests.helpers.sites import assert_untouched, build_with_override


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


def test_a_markdown_link_refused_in_any_form_is_an_error_at_its_field(fixture_copy):
    folder = fixture_copy("cmmi5")
    edit(folder / "model.yaml", "description: |\n", "description: |\n  - [x]: javascript:alert(1)\n\n  [guide][x]\n\n")
    result = run("validate", str(folder))
    assert result.exit_code == 1
    assert (
        "model.yaml:10:14: error: description: link 'javascript:alert(1)' (text 'guide') is not allowed"
        in result.stderr
    )


ACTIVE_HTML = [  # what an override template might write into a page, in every form it takes
    ("<script>alert(1)</script>", "the element <script>"),
    ("<p>a <script src=https://x.example/a.js></script></p>", "the element <script>"),
    ("<img src=x onerror=alert(1)>", "the event handler onerror='alert(1)' on <img>"),
    ("<img/src/onerror=alert(1)>", "the event handler onerror='alert(1)' on <img>"),
    ('<div markdown="1" onclick="alert(1)">\n\ntext\n\n</div>', "the event handler onclick='alert(1)' on <div>"),
    ('text\n{: onmouseover="alert(1)" }', "the event handler onmouseover='alert(1)' on <p>"),
    ("Inline <span onfocus=alert(1) tabindex=0>x</span>.", "the event handler onfocus='alert(1)' on <span>"),
    ('<a href="javascript:alert(1)">x</a>', "the address 'javascript:alert(1)' in <a href>"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "the address 'javascript:alert(1)' in <a href>"),
    ('<form action="javascript:alert(1)"><button formaction="data:text/html,x">x</button></form>', "in <form action>"),
    ('<object data="data:text/html,<script>alert(1)</script>"></object>', "the element <object>"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "the element <iframe>"),
    ('<base href="https://evil.example/">', "the element <base>"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "the element <meta>"),
    ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "the element <animate>"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "in <a xlink:href>"),
    ("<style>body { display: none }</style>", "the element <style>"),
]


def converted(text: str, raw_html: bool) -> tuple[str, list[str]]:
    """`text` as our sites convert it, and the warnings of the check."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    log.addHandler(handler)
    try:
        extensions = ["attr_list", "md_in_html", SafeMarkdownExtension(raw_html=raw_html)]
        return markdown.Markdown(extensions=extensions).convert(text), messages
    finally:
        log.removeHandler(handler)


@pytest.mark.parametrize("text, part", ACTIVE_HTML)
def test_safe_page_with_raw_html_refuses_what_templates_write_that_would_run(text, part):
    html, messages = converted(text, raw_html=True)
    assert any(part in message and RAW_HTML_RULE in message for message in messages), messages
    assert not refused_html(html), html
    assert not re.search(r"(?i)<(script|iframe|object|base|meta|animate|style)\b|\son[a-z]+=|javascript:", html), html


def test_safe_page_leaves_raw_html_alone_without_the_option():
    text = '<script>x()</script>\n\n<div onclick="y()">z</div>'  # a host site's own page
    html, messages = converted(text, raw_html=False)
    assert "<script>x()</script>" in html and '<div onclick="y()">z</div>' in html and messages == []


def test_override_template_scripts_fail_the_build_and_write_nothing(tmp_path):
    template = (
        "# About\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "<!--pb-verbatim--><div><script>alert(3)</script></div><!--/pb-verbatim-->\n"
    )
    out = tmp_path / "site"
    result = build_with_override(tmp_path, MINI, out, "about.md.j2", template)
    assert result.exit_code == 1
    assert result.stderr.count("about.md: the element <script> is not allowed: templates may write no script") == 2
    assert "about.md: the event handler onerror='alert(2)' on <img> is not allowed" in result.stderr
    assert not (out / "x").exists()
