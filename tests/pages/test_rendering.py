"""Rendering (generator/pages/rendering.py): text from content or clients never becomes markup,
Markdown in long text keeps its structure with raw HTML inert and links by id, and templates
(override folders included) are sandboxed, bounded and name their line when they fail."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

import markdown as python_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build.mkdocs_config import load_base_config, site_config
from generator.errors import BuildError
from generator.pages.rendering import escape_text, make_environment, markdown, render_pages
from generator.pages.views import Page
from generator.paths import TEMPLATES
from tests.helpers.browser import chromium, watch_page
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import FIXTURES, MINI
from tests.helpers.files import edit
from tests.helpers.htmlcheck import read_page
from tests.helpers.sites import assert_untouched, build_with_override
from tests.helpers.timing import time_limit

EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]


def markdown_html(text: str) -> str:
    return python_markdown.markdown(f"Intro {text}\n\n{text}\n\n| a |\n|---|\n| {text} |\n", extensions=EXTENSIONS)


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "![x](x){: onerror=alert(1) }",
        'text {: onclick="alert(1)" }',
        "<img src=x onerror=alert(1)>",
        "<https://evil.example>",
        "1. list",
    ],
)
def test_attacks_render_as_text(attack):
    html = markdown_html(escape_text(attack))
    assert "<script" not in html and "onerror=" not in html and "onclick=" not in html
    assert "href=" not in html and "<img" not in html and "<ol" not in html


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_renders_with_no_element_beyond_the_template(text):
    html = markdown_html(escape_text(text))
    tags = {tag for tag in __import__("re").findall(r"<([a-z0-9]+)", html)}
    assert tags <= {"p", "table", "thead", "tbody", "tr", "th", "td"}


def test_pipes_and_newlines_keep_a_table_in_shape():
    html = markdown_html(escape_text("a | b\nc"))
    assert html.count("<td>") == 1


def test_template_typo_names_the_template_and_line(tmp_path):
    (tmp_path / "page.md.j2").write_text("# Title\n\n{{ p.titel }}\n")
    with pytest.raises(BuildError) as caught:
        render_pages([Page("x.md", "page.md.j2", {"p": {"title": "x"}})], make_environment((tmp_path,)))
    assert "page.md.j2:3" in caught.value.format_message()
    assert "titel" in caught.value.format_message()


def test_template_syntax_error_names_the_template_and_line(tmp_path):
    (tmp_path / "page.md.j2").write_text("# Title\n{% if %}\n")
    with pytest.raises(BuildError) as caught:
        render_pages([Page("x.md", "page.md.j2", {})], make_environment((tmp_path,)))
    assert "page.md.j2:2: template error" in caught.value.format_message()


def test_override_folder_comes_first(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "page.md.j2").write_text("override {{ name }}\n")
    (tmp_path / "b" / "page.md.j2").write_text("default {{ name }}\n")
    rendered = render_pages(
        [Page("x.md", "page.md.j2", {"name": "<b>"})], make_environment((tmp_path / "a", tmp_path / "b"))
    )
    assert rendered == {"x.md": "override &#60;b&#62;\n"}


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


@pytest.mark.parametrize("marker", ["-", "*", "+", ">", "1.", "2)"])
def test_a_hashtag_after_markers_is_text_and_a_run_of_markers_is_read_once(marker):
    assert markdown(f"{marker}  {marker} \t#tag", None) == f"{marker}  {marker} \t\\#tag"
    note = f"{marker}  " * 34 + "x"  # 100 characters: every way to split the spaces was tried
    with time_limit(0.5):
        assert markdown(note * 100, None) == note * 100


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


def test_template_failure_leaves_the_previous_site(built, tmp_path, mini_copy):
    out, before = built
    result = build_with_override(tmp_path, mini_copy, out, "stage.md.j2", "# {{ stage.name }}\n{{ stage.titel }}\n")
    assert result.exit_code == 1
    assert "stage.md.j2:2" in result.stderr and "titel" in result.stderr
    assert_untouched(out, before)


def test_template_symlink_and_include_out_of_the_folder_are_refused(tmp_path, mini_copy):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    out = tmp_path / "site"
    result = build_with_override(tmp_path, mini_copy, out, "about.md.j2", symlink_to=secret)
    assert result.exit_code == 1 and "outside the template folder: refused" in result.stderr
    result = build_with_override(tmp_path, mini_copy, out, "about.md.j2", '{% include "../../secret.txt" %}\n')
    assert result.exit_code == 1 and "not found" in result.stderr
    assert not (out / "x").exists()


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ ('{0.__class__.__mro__}' | attr('format'))('x') }}",
        "{{ '{0.__class__}'.format(model) }}",
        "{{ organisation.__class__ }}",
    ],
)
def test_sandbox_refuses_reaching_into_python(tmp_path, mini_copy, attack):
    result = build_with_override(tmp_path, mini_copy, tmp_path / "site", "about.md.j2", f"# About\n\n{attack}\n")
    assert result.exit_code == 1 and "template error" in result.stderr
    assert not (tmp_path / "site" / "x").exists()


def test_hostile_client_text_never_becomes_markup(tmp_path):
    out = tmp_path / "site"
    fixture = FIXTURES / "hostile-client.yaml"
    result = run("build", "--content", str(MINI), "--client", str(fixture), "--out", str(out))
    assert result.exit_code == 0, result.output
    from tests.helpers.htmlcheck import read_page

    site = out / "hostile"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        facts = read_page(page)
        assert facts.event_attributes == [], page
        for _, url, _ in facts.links:
            assert not url.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (page, url)
        for script in facts.scripts:
            assert set(script) <= {"src", "id", "type"}, (page, script)
    inline_scripts = "".join(
        chunk.split("</script>")[0] for page in pages for chunk in page.read_text().split("<script")[1:]
    )
    assert "alert(" not in inline_scripts
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Evil" in (site / "index.html").read_text()


@pytest.mark.slow
def test_template_override_folder_is_searched_first_and_sandboxed(clients_copy, tmp_path):
    overrides = tmp_path / "overrides" / "pages"
    overrides.mkdir(parents=True)
    (overrides / "about.md.j2").write_text("# About {{ organisation.name }}\n\nOverridden.\n")
    out = tmp_path / "site"
    args = ["build", "--client", str(clients_copy / "fjord-energi.yaml"), "--out", str(out)]
    assert run(*args, "--templates", str(tmp_path / "overrides")).exit_code == 0
    assert "Overridden." in (out / "fjord-energi/about.html").read_text()
    (overrides / "about.md.j2").write_text("# x\n\n{{ organisation.__class__.__mro__ }}\n")
    result = run(*args, "--templates", str(tmp_path / "overrides"), "--force")
    assert result.exit_code == 1 and "unsafe" in result.stderr
    assert "Overridden." in (out / "fjord-energi/about.html").read_text()


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>{: onclick=alert(3) }"


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_client_name_is_shown_as_text_and_runs_nothing(clients_copy, tmp_path):
    edit(clients_copy / "northwind-retail.yaml", "name: Northwind Retail", f"name: {HOSTILE!r}")
    out = tmp_path / "site"
    result = run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(out))
    assert result.exit_code == 0, result.output
    site = out / "northwind-retail"
    for page in site.rglob("*.html"):
        facts = read_page(page)
        assert all(name != "onerror" and name != "onclick" for _, name in facts.event_attributes), page
        assert "<script>alert(1)" not in page.read_text()
    with chromium() as browser:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        problems = watch_page(page)
        for name in ("index.html", "report.html", "checklist.html"):
            page.goto((site / name).as_uri())
            assert "<script>alert(1)</script>" in page.locator("body").inner_text()
        assert dialogs == [] and problems == []


@pytest.mark.parametrize(
    "template, error",
    [
        ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
        ("{{ 10 % 0 }}", "ZeroDivisionError"),
        ("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}", "RecursionError"),
        ("{{ (2 ** 2000) | float }}", "OverflowError"),
        ("{{ (1e308 * 10) | int }}", "OverflowError"),  # infinity has no integer
        ("{{ {}.x.y }}", "has no attribute 'x'"),
    ],
)
def test_template_runtime_errors_are_messages(tmp_path, template, error):
    out = tmp_path / "site"
    result = build_with_override(tmp_path, MINI, out, "about.md.j2", f"# About\n\n{template}\n")
    stderr = clean_failure(result)
    assert "about.md.j2:3: template error while rendering about.md: " in stderr and error in stderr, stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "template, error",
    [
        ("{{ 'x' * 10 ** 9 }}", "'*' would make 1,000,000,000 items"),
        ("{{ ([1, 2] * 10 ** 8) | length }}", "'*' would make 200,000,000 items"),
        ("{{ 9 ** 99999 }}", "'**' would make a number of over 1,000 digits"),
    ],
)
def test_override_templates_cannot_make_huge_values(tmp_path, template, error):
    out = tmp_path / "site"
    result = build_with_override(tmp_path, MINI, out, "about.md.j2", f"# About\n\n{template}\n")
    assert error in clean_failure(result) and not out.exists()


def test_an_override_template_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    from generator.pages import rendering

    monkeypatch.setattr(rendering, "RENDER_SECONDS", 0.5)
    out = tmp_path / "site"
    endless = "{% for a in range(100000) %}{% for b in range(100000) %}{{ '' }}{% endfor %}{% endfor %}"
    started = time.monotonic()
    result = build_with_override(tmp_path, MINI, out, "about.md.j2", f"# About\n\n{endless}\n")
    assert "pages/about.md.j2: rendering about.md took over 0.5 s" in clean_failure(result)
    assert time.monotonic() - started < 10 and not out.exists()


def test_numbers_are_written_in_the_pages_language_and_the_no_break_space_stays():
    template = make_environment((TEMPLATES,)).from_string(
        "{{ 0.84 | number(1) }} {{ 56.4 | percent }} {{ 62.5 | percent(none) }} {{ 12.25 | attribute_number }}"
    )
    assert template.render(language="nb") == "0,8 56\u00a0&#37; 62,5\u00a0&#37; 12.25"
    assert template.render(language="en") == "0&#46;8 56&#37; 62&#46;5&#37; 12.25"  # no list item "0."


def test_escape_text_caches_short_text_only():
    from generator.pages.rendering import _escape_string

    before = _escape_string.cache_info().currsize
    assert escape_text("<" + "x" * 5000) == "&#60;" + "x" * 5000  # a template's text may be 10 MB
    assert _escape_string.cache_info().currsize == before
