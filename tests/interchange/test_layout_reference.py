"""The layout's documentation is made from the layout itself."""

from __future__ import annotations

from generator.interchange.layout_reference import PAGE, layout_markdown, page_with_layout
from generator.interchange.sheet_layout import SHEETS


def test_the_layout_page_is_current():
    page = PAGE.read_text(encoding="utf-8")
    assert page == page_with_layout(page), "run python -m generator.interchange.layout_reference"


def test_layout_markdown_has_a_table_for_every_sheet():
    text = layout_markdown()
    for sheet in SHEETS:
        assert f"### `{sheet.name}` ({'required' if sheet.required else 'optional'}, to `{sheet.file}`)" in text
        assert all(f"| `{column.header}` |" in text for column in sheet.columns)
