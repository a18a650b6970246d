"""Limits that keep Python-Markdown fast on any Markdown text a model or a client writes.

Python-Markdown reads a few shapes of text in quadratic time, or deeper than Python's stack. On
10,000 characters (the longest text allowed), before these limits: 9,990 `[` took 19 s (each `[`
looks ahead for its `]`, and a link's `(` for its `)`, through the rest of the paragraph); 5,000
empty headings `#` took 5 s (the table of contents makes each id unique one at a time); `- 1. `
250 times on one line ran out of stack (a traceback). Within the limits below every shape we
measured converts in under a second. Text is checked where it is validated (the schema's
`Markdown` type), so `validate` and the build refuse the same text.
"""

from __future__ import annotations

import re

# Characters Python-Markdown reads looking for the ends of a paragraph's links: about a second.
MAX_LOOKAHEAD = 2_000_000
MAX_HEADINGS = 100  # in one text
MAX_NESTING = 10  # list and quote markers opened on one line
# One list or quote marker (with the spaces before it), matched at a line's start or a marker's
# end: the look-behind lets no other place start one, so that a run is read once.
_MARKER = re.compile(r"(?<![ \t0-9])[ \t]*+(?:>|(?:[-*+]|[0-9]++[.)])(?=[ \t]|$))")
# `# Title`, `#`, where markers end; not `#tag`, which the text filters keep as text.
_HEADING_TEXT = re.compile(r"(?<![ \t#])[ \t]*+#++(?:[ \t]|$)")
_UNDERLINE = re.compile(r" {0,3}(?:=++|-++)[ \t]*+")  # a setext heading's line


def markdown_problem(text: str) -> str | None:
    """What in `text` would make Python-Markdown slow or fail, with the fix; None if nothing."""
    paragraph: list[str] = []  # the lines of the paragraph being read
    headings, previous_blank = 0, True
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        blank = not line.strip()
        if not blank:
            paragraph.append(line)
        elif paragraph:
            work, unclosed = link_lookahead("\n".join(paragraph))
            if work > MAX_LOOKAHEAD:
                return (
                    f"the paragraph at its line {number - len(paragraph)} has Python-Markdown read "
                    f"{work:,} characters for the ends of its links (at most {MAX_LOOKAHEAD:,}; "
                    f"{unclosed:,} '[' never closed): close each '[' with ']' and each '](' with ')' "
                    "soon after, write '\\[' for a bracket, or split the paragraph with blank lines"
                )
            paragraph = []
        position, depth = 0, 0
        while marker := _MARKER.match(line, position):
            position, depth = marker.end(), depth + 1
        if depth > MAX_NESTING:
            return (
                f"its line {number} opens {depth} lists or quotes in one: nest at most {MAX_NESTING} deep "
                "(Python-Markdown runs out of stack at a few hundred)"
            )
        if _HEADING_TEXT.match(line, position) or (not previous_blank and _UNDERLINE.fullmatch(line)):
            headings += 1
            if headings > MAX_HEADINGS:
                return (
                    f"holds over {MAX_HEADINGS} headings (heading {headings} at its line {number}): "
                    "make it a page of its own or use fewer headings"
                )
        previous_blank = blank
    return None


def check_markdown(text: str) -> str:
    """`text` if Python-Markdown reads it in linear time (`markdown_problem`); else a ValueError."""
    problem = markdown_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def link_lookahead(paragraph: str) -> tuple[int, int]:
    """(characters Python-Markdown reads to find the ends of links, unclosed `[`) in one paragraph.

    Each `[` is read to its `]`, and each `(` just after a `]` to its `)`; an unclosed one to the
    end of the paragraph. A backslash escapes the next character, as in Markdown.
    """
    if "[" not in paragraph:
        return 0, 0
    brackets: list[int] = []
    parentheses: list[tuple[int, bool]] = []  # (where, whether it opens a link target)
    work, escaped, after_bracket = 0, False, False
    for position, char in enumerate(paragraph):
        if escaped:
            escaped = after_bracket = False
            continue
        if char == "[":
            brackets.append(position)
        elif char == "]" and brackets:
            work += position - brackets.pop()
        elif char == "(":
            parentheses.append((position, after_bracket))
        elif char == ")" and parentheses:
            start, opens_link = parentheses.pop()
            work += (position - start) if opens_link else 0
        escaped, after_bracket = char == "\\", char == "]"
    end = len(paragraph)
    work += sum(end - start for start in brackets) + sum(end - start for start, link in parentheses if link)
    return work, len(brackets)
