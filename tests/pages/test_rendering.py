"""Escaping and template errors: text from content can never become markup."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import BuildError
from generator.pages.rendering import escape_text, make_environment, render_pages
from generator.pages.views import Page

EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]


def to_html(text: str) -> str:
    return markdown.markdown(f"Intro {text}\n\n{text}\n\n| a |\n|---|\n| {text} |\n", extensions=EXTENSIONS)


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
    html = to_html(escape_text(attack))
    assert "<script" not in html and "onerror=" not in html and "onclick=" not in html
    assert "href=" not in html and "<img" not in html and "<ol" not in html


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_renders_with_no_element_beyond_the_template(text):
    html = to_html(escape_text(text))
    tags = {tag for tag in __import__("re").findall(r"<([a-z0-9]+)", html)}
    assert tags <= {"p", "table", "thead", "tbody", "tr", "th", "td"}


def test_pipes_and_newlines_keep_a_table_in_shape():
    html = to_html(escape_text("a | b\nc"))
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
