"""The format reference (generator/model/reference.py): docs/pages/format.md is its current output."""

from __future__ import annotations

from tests.helpers.cli import run


def test_the_format_reference_in_docs_is_current():
    """docs/pages/format.md is `playbook schema --reference`; regenerate it after a schema change."""
    from tests.helpers.data import ROOT

    page = ROOT / "docs" / "pages" / "format.md"
    assert run("schema", "--reference").stdout == page.read_text(encoding="utf-8"), (
        "docs/pages/format.md is stale: run .venv/bin/playbook schema --reference > docs/pages/format.md"
    )
