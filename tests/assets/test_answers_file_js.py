"""The page's answers-file reader (templates/assets/answers-file.js) in the page: a parser that
stays linear on very long lines. Which files it accepts and what it reads from them is the rules
contract's (tests/contract/), checked against Python without a browser."""

from __future__ import annotations

import time

import pytest

from generator.model.loading import load_model
from tests.helpers.browser import import_file
from tests.helpers.data import MINI

MINI_MODEL = load_model(MINI)

MINI_FIRST, MINI_SECOND = MINI_MODEL.items[0].id, MINI_MODEL.items[1].id

SPACES = 200_000

LONG_LINES = {
    "spaces-only": ("answers:\n" + " " * SPACES + f"\n  {MINI_FIRST}: yes\n", "Imported 1 answer "),
    "spaces-before-a-comment": (f"answers:\n  {MINI_FIRST}: yes" + " " * SPACES + "# note\n", "Imported 1 answer "),
    "spaces-before-the-value": (f"answers:\n  {MINI_FIRST}:" + " " * SPACES + "yes\n", "Imported 1 answer "),
    "spaces-then-text": ("answers:\n" + " " * SPACES + "x\n", "line 2: not part of an answers file: x"),
    "tabs-and-spaces": (f"answers:\n  {MINI_FIRST}: yes" + " \t" * (SPACES // 2) + "\n", "Imported 1 answer "),
    "hashes": (f"answers:\n  {MINI_FIRST}: yes #" + "#" * SPACES + "\n", "Imported 1 answer "),
    "spaces-and-hashes": (f"answers:\n  {MINI_FIRST}: yes" + " #" * (SPACES // 2) + "\n", "Imported 1 answer "),
    "long-value": (f"answers:\n  {MINI_FIRST}: " + "y" * SPACES + "\n", "is not an answer"),
}


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_a_200_kb_line_imports_within_a_second(mini_page, tmp_path, name):
    text, expected = LONG_LINES[name]
    path = tmp_path / "long.yaml"
    path.write_text(text)
    started = time.perf_counter()
    message = import_file(mini_page, path)
    assert time.perf_counter() - started < 1.0
    assert expected in message and len(message) < 300, message[:300]


@pytest.mark.browser
def test_the_parser_is_linear_in_the_length_of_a_line(mini_page):
    """Five times the line, in the page itself: well within a second (it was quadratic: minutes)."""
    elapsed = mini_page.evaluate("""() => {
        const data = JSON.parse(document.getElementById('pb-checklist').dataset.pbModel);
        const id = data.items[0].id, started = performance.now();
        for (const line of [' '.repeat(1e6), '  ' + id + ': yes' + ' '.repeat(1e6) + '#', '  ' + id + ':' + ' '.repeat(1e6) + 'no']) {
            window.PlaybookAnswers.parseAnswers(data, 'answers:\\n' + line + '\\n  ' + data.items[1].id + ': yes\\n');
        }
        return performance.now() - started;
    }""")
    assert elapsed < 1000
