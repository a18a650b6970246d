"""Markdown limits (generator/markdown_cost.py): text Python-Markdown would read in quadratic time, or
deeper than the stack, is refused where it is validated; whatever is accepted converts in a second."""

from __future__ import annotations

import markdown as python_markdown
import pytest

from generator.markdown_cost import MAX_HEADINGS, MAX_NESTING, markdown_problem
from generator.model.safe_markdown import SafeMarkdownExtension
from generator.pages.rendering import markdown
from tests.helpers.cli import clean_failure, run
from tests.helpers.files import edit
from tests.helpers.timing import time_limit

LONGEST = 10_000  # characters of the longest text the schema allows
# Runs of every character and construct Markdown reads, as the site's pages are converted.
SHAPES = [
    *"[]()<>{}*_`#!&\\|~-=:\n",
    *["![", "[a](", "[a](b", "[a][", "[a]", "[]", "[^", "[a\n", "- [", "[a]:", "\\\\[", "](", "- [a](b)\n"],
    *["[a]: b\n", "- [link text](https://example.com/page)\n", "*a*", "*_", "_*", "**a", "`a", "<a", "<!--"],
    *["> ", "- ", "+ ", "1. ", "- 1. ", "> - ", "1. > ", "# a\n", "#\n", "a\n=\n", "a\n-\n", "---\n"],
    *["|\n", "| a | b |\n|---|---|\n", "!!! a\n", "{#", "&a;", "a\n\n", "    a\n"],
]
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]  # as mkdocs.yml


def convert(text: str) -> str:
    return python_markdown.Markdown(extensions=[*EXTENSIONS, SafeMarkdownExtension()]).convert(markdown(text, "a.md"))


@pytest.mark.parametrize("unit", SHAPES)
def test_markdown_problem_leaves_only_text_that_converts_within_a_second(unit):
    text = unit * (LONGEST // len(unit))
    if markdown_problem(text) is None:
        with time_limit(5.0):  # a second or less alone, the refused shapes 5 to 40 s: room for a busy machine
            convert(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 9_990, "the paragraph at its line 1 has Python-Markdown read 49,905,045 characters"),
        ("Intro.\n\n" + "[a][" * 2_000, "the paragraph at its line 3 has Python-Markdown read 8,002,000 characters"),
        ("[" * 3_000 + "]" * 3_000, "read 9,000,000 characters for the ends of its links (at most 2,000,000; 0 '['"),
        ("[a](" * 2_500, "read 12,502,500 characters"),
        ("- 1. " * 11 + "x", f"its line 1 opens 22 lists or quotes in one: nest at most {MAX_NESTING} deep"),
        (">" * 11 + " x", "its line 1 opens 11 lists or quotes in one"),
        ("#\n" * 101, f"holds over {MAX_HEADINGS} headings (heading 101 at its line 101)"),
        ("a\n-\n" * 101, "(heading 101 at its line 202)"),
    ],
)
def test_markdown_problem_names_the_shape_its_line_and_the_limit(text, problem):
    assert problem in markdown_problem(text)


@pytest.mark.parametrize(
    "text",
    [
        "- [link text](https://example.com/page)\n" * 240,  # a long list of links
        "[a](b) " * 1_400,
        "\\[" * 4_000,  # escaped: not a link
        "#tag\n" * 500,  # text, not headings
        "- " * MAX_NESTING + "x\n" + "# Heading\n\nText.\n\n" * (MAX_HEADINGS - 1),
    ],
)
def test_markdown_problem_accepts_long_ordinary_text(text):
    assert markdown_problem(text) is None


def test_validate_refuses_a_text_markdown_would_take_minutes_on_at_its_line(mini_copy):
    edit(mini_copy / "practices.yaml", "why: A fixed rhythm makes data a habit.", "why: '" + "[" * 9_990 + "'")
    with time_limit(10.0):
        error = clean_failure(run("validate", str(mini_copy)))
    assert "practices.yaml:5:" in error and "practices[0].why" in error, error
    assert "has Python-Markdown read 49,905,045 characters for the ends of its links" in error


@pytest.mark.parametrize(
    ("text", "depth"),
    [("- 1. " * 300 + "x", 600), ("-  " * 34 + "x", 34)],  # past the stack; what hung the hashtag filter
)
def test_validate_refuses_list_markers_nested_too_deep(mini_copy, text, depth):
    edit(mini_copy / "practices.yaml", "why: A fixed rhythm makes data a habit.", f"why: '{text}'")
    with time_limit(10.0):
        error = clean_failure(run("validate", str(mini_copy)))
    assert "practices.yaml:5:" in error and f"opens {depth} lists or quotes in one" in error, error


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-  " * 34 + "x", "opens 34 lists or quotes in one"),  # it hung the hashtag filter
        ("[" * 9_990, "has Python-Markdown read 49,905,045 characters"),  # 19 s of conversion
    ],
)
def test_build_refuses_a_client_note_markdown_would_hang_on_before_converting(clients_copy, tmp_path, text, message):
    note = "text: Fjord Energi's board approved a social budget in 2026; the gaps are in process, not money."
    edit(clients_copy / "fjord-energi.yaml", note, f"text: '{text}'")
    with time_limit(10.0):
        result = run("build", "--client", str(clients_copy / "fjord-energi.yaml"), "--out", str(tmp_path / "site"))
    error = clean_failure(result)
    assert "fjord-energi.yaml:15:13: error: tailoring.notes[0].text: " in error and message in error, error
    assert not (tmp_path / "site").exists()
