"""Safe links (generator/model/safe_markdown.py): only http, https, mailto, relative paths and
#fragments reach a page, however the Markdown writes them, in model text, client pages and
override templates alike."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.clients.profiles
from generator.model.safe_markdown import is_allowed_url
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
