"""Golden output: the generated Markdown of the mini model, pinned file by file.

After an intended change to templates or views, regenerate the golden files and review the diff:

    PLAYBOOK_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.build.pipeline import render_site
from generator.model.loading import load_model
from tests.helpers.data import MINI

GOLDEN = Path(__file__).parent / "golden" / "mini"


def test_generated_markdown_matches_the_golden_files():
    docs, _ = render_site(load_model(MINI))
    markdown = {path: text for path, text in docs.items() if path.endswith(".md")}
    if os.environ.get("PLAYBOOK_REGENERATE_GOLDEN"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for path, text in markdown.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(markdown) == sorted(golden)
    for path, text in markdown.items():
        assert text == golden[path], f"{path} differs from tests/golden/mini/{path} (see this file's docstring)"
