"""Page views (generator/pages/views.py): every entity has its page, titled by name and
cross-linked, in the model's own names and navigation order, and no link is broken."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from generator.build.pipeline import build_playbook, render_site
from generator.clients.profiles import load_client
from generator.model.loading import load_model
from generator.pages.views import site_pages
from tests.helpers.data import CONTENT, FIXTURES, MINI, ROOT
from tests.helpers.htmlcheck import broken_links, read_page

MODEL = load_model(CONTENT)


@pytest.mark.parametrize(
    "section, entities",
    [
        ("stages", MODEL.stages),
        ("quadrants", MODEL.quadrants),
        ("pillars", MODEL.pillars),
        ("practices", MODEL.practices),
    ],
)
def test_every_entity_has_its_page_titled_by_name(default_site, section, entities):
    for entity in entities:
        page = read_page(default_site / section / f"{entity.id}.html")
        assert page.h1.strip() == entity.name
    assert (default_site / section / "index.html").is_file()


def test_no_broken_internal_links(default_site, mini_site):
    assert broken_links(default_site) == []
    assert broken_links(mini_site) == []


def test_practice_links_to_its_pillars_and_stage_and_back(default_site):
    for practice in MODEL.practices:
        hrefs = {url for _, url, _ in read_page(default_site / "practices" / f"{practice.id}.html").links}
        assert f"../stages/{practice.stage}.html" in hrefs
        for pillar in practice.pillars:
            assert f"../pillars/{pillar}.html" in hrefs
            back = {url for _, url, _ in read_page(default_site / "pillars" / f"{pillar}.html").links}
            assert f"../practices/{practice.id}.html" in back
        stage_links = {url for _, url, _ in read_page(default_site / "stages" / f"{practice.stage}.html").links}
        assert f"../practices/{practice.id}.html" in stage_links


def test_quadrant_pages_draw_the_matrix_inline_with_their_cell_highlighted(default_site):
    for quadrant in MODEL.quadrants:
        html = (default_site / "quadrants" / f"{quadrant.id}.html").read_text()
        assert html.count('<svg viewBox="0 0 420 400"') == 1
        assert f'<a href="{quadrant.id}.html" class="pb-cell-link pb-cell-highlight"' in html


def test_checklist_page_lists_every_item(default_site):
    text = " ".join(read_page(default_site / "checklist.html").text)
    for item in MODEL.items:
        assert item.id in text
        assert " ".join(item.text.split()) in " ".join(text.split())


def test_second_model_builds_with_its_own_names(mini_site):
    model = load_model(MINI)
    assert read_page(mini_site / "index.html").h1.strip() == model.info.name
    for stage in model.stages:
        assert (mini_site / "stages" / f"{stage.id}.html").is_file()
    for pillar in model.pillars:
        assert (mini_site / "pillars" / f"{pillar.id}.html").is_file()
    assert "Social" not in (mini_site / "index.html").read_text()


CLIENTS = ROOT / "clients"


def test_the_checklist_comes_right_after_the_home_page():
    assert [page.path for page in site_pages(MODEL)][:2] == ["index.md", "checklist.md"]
    client = load_client(CLIENTS / "lumen-health.yaml", MODEL)
    assert [page.path for page in site_pages(MODEL, client)][:4] == [
        "index.md",
        "checklist.md",
        "report.md",
        "roadmap.md",
    ]


def test_a_model_without_a_matrix_has_no_quadrant_anywhere_on_its_pages(tmp_path):
    """Built, no page (text, attributes or page data) says "quadrant": the model's text does not."""
    from generator.build.pipeline import build_playbook

    build_playbook(FIXTURES / "cmmi5", tmp_path / "site")
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 15
    assert [p.name for p in pages if "quadrant" in p.read_text(encoding="utf-8").lower()] == []
    assert not (tmp_path / "site" / "quadrants").exists()


def rendered(model) -> dict[str, str]:
    """Every page of `model`'s generic site, rendered to Markdown, entities decoded."""
    import html

    from generator.pages.rendering import make_environment, render_pages
    from generator.paths import TEMPLATES

    pages = render_pages(site_pages(model), make_environment((TEMPLATES,)))
    return {path: html.unescape(text) for path, text in pages.items()}


CMMI5 = load_model(FIXTURES / "cmmi5")


def test_meta_shows_as_labelled_facts_on_pillar_practice_checklist_and_printed_pages():
    pages = rendered(CMMI5)
    item = (
        '<dl class="pb-facts"><div><dt>Difficulty</dt><dd>1</dd></div><div><dt>Tags</dt><dd>planning, documents</dd>'
        "</div><div><dt>Automated</dt><dd>No</dd></div></dl>"
    )
    assert item in pages["checklist.md"] and item in pages["print/checklist.md"]
    assert "<dt>Difficulty</dt><dd>2.5</dd>" in pages["checklist.md"]
    assert (
        '<dl class="pb-facts"><div><dt>Category</dt><dd>Project management</dd></div>'
        "<div><dt>Cmmi acronyms</dt><dd>PP, PMC</dd></div></dl>" in pages["pillars/planning.md"]
    )
    assert (
        "<dt>Effort</dt><dd>2</dd></div><div><dt>Templates provided</dt><dd>Yes</dd>"
        in pages["practices/written-plans.md"]
    )
    assert "<dt>Owner</dt><dd>Delivery lead</dd>" in pages["pillars/index.md"]
    assert "pb-facts" not in pages["pillars/quality.md"]  # a pillar without meta has no list


def test_meta_is_written_in_the_page_language():
    """Yes/no come from the page's catalog and numbers take its decimal sign; keys and text stay as written."""
    from dataclasses import replace

    model = replace(CMMI5, info=CMMI5.info.model_copy(update={"language": "nb"}))
    checklist = rendered(model)["checklist.md"]
    assert "<dt>Automated</dt><dd>Nei</dd>" in checklist and "<dt>Automated</dt><dd>Ja</dd>" in checklist
    assert "<dt>Difficulty</dt><dd>2,5</dd>" in checklist and "<dd>planning, documents</dd>" in checklist


def test_a_group_description_shows_under_its_name_on_the_pillars_overview():
    overview = rendered(CMMI5)["pillars/index.md"]
    assert (
        "## Delivery\n\nPlanning the work and checking what it produces.\n\nThe process areas a team meets "
        "**every day**: the plan it keeps and the reviews it holds.\n"
    ) in overview


def test_a_pillar_without_summary_or_description_leaves_no_trace_on_any_page():
    pages = rendered(CMMI5)
    assert [path for path, text in pages.items() if "None" in text] == []
    assert pages["pillars/measurement.md"].startswith("# Measurement\n\n\n## Where to focus\n")
    assert "- [Measurement](measurement.md)\n" in pages["pillars/index.md"]
    assert "-   **[Measurement](pillars/measurement.md)**\n\n</div>" in pages["index.md"]
    assert not any("<p></p>" in text or '<p class="pb-lead"></p>' in text for text in pages.values())


SAMM = FIXTURES / "samm"
SAMM_MODEL = load_model(SAMM)
# A stream's heading or an item, in document order: the checklist's and the pillar page's.
CHECKLIST_PARTS = re.compile(
    r'<h3 class="pb-stream" id="pb-stream-[^"]*">([^<]+)</h3>|<fieldset [^>]*id="pb-item-([^"]+)"'
)
PILLAR_PARTS = re.compile(r"<h3 id=\"[^\"]*\">([^<]+)<a class=\"headerlink\"|<td><code>([^<]+)</code></td>")


def under_headings(matches) -> list[tuple[str, str]]:
    """(heading, item id) for each item, the heading being the last one before it ('' for none)."""
    heading, found = "", []
    for name, item in matches:
        if name:
            heading = html.unescape(name).strip()
        else:
            found.append((heading, html.unescape(item)))
    return found


def stream_of(model, item) -> str:
    return next(s.name for p in model.pillars for s in p.streams if s.id == item.stream)


@pytest.mark.slow
def test_checklist_and_pillar_pages_put_each_item_under_its_streams_heading(tmp_path):
    build_playbook(SAMM, tmp_path / "site")
    checklist = (tmp_path / "site" / "checklist.html").read_text(encoding="utf-8")
    by_pillar = [i for p in SAMM_MODEL.pillars for s in p.streams for i in SAMM_MODEL.items if i.stream == s.id]
    assert under_headings(CHECKLIST_PARTS.findall(checklist)) == [(stream_of(SAMM_MODEL, i), i.id) for i in by_pillar]
    for pillar in SAMM_MODEL.pillars:
        page = (tmp_path / "site" / "pillars" / f"{pillar.id}.html").read_text(encoding="utf-8")
        assert under_headings(PILLAR_PARTS.findall(page)) == [
            (stream_of(SAMM_MODEL, i), i.id) for i in by_pillar if i.pillar == pillar.id
        ]
        for stream in pillar.streams:  # each heading is followed by the stream's description
            assert re.search(rf">{stream.name}<.*?</h3>\s*<p>{stream.description.split('**')[0]}", page, re.S)


@pytest.mark.parametrize("folder", [SAMM, MINI, CONTENT], ids=lambda p: p.name)
def test_stream_markup_only_where_the_model_has_streams(folder):
    model = load_model(folder)
    docs, _ = render_site(model)
    names = [s.name for p in model.pillars for s in p.streams]
    assert re.findall(r'class="pb-stream" id="[^"]*">([^<]+)<', docs["checklist.md"]) == names
    assert re.findall(r'class="pb-print-stream">([^<]+)<', docs["print/checklist.md"]) == names
    headings = [
        line[4:] for p in model.pillars for line in docs[f"pillars/{p.id}.md"].splitlines() if line[:4] == "### "
    ]
    assert headings == names


def test_grouped_otherwise_the_checklist_names_each_items_stream_in_its_label_line():
    model = dataclasses.replace(SAMM_MODEL, group_by="stage")
    docs, _ = render_site(model)
    assert (
        'class="pb-stream"' not in docs["checklist.md"] and 'class="pb-print-stream"' not in docs["print/checklist.md"]
    )
    found = re.findall(r'id="pb-item-([^"]+)".*?<p class="pb-meta"[^>]*>([^<]*)', docs["checklist.md"], re.S)
    lines = {html.unescape(item): html.unescape(line) for item, line in found}
    for item in model.items:
        pillar = next(p for p in model.pillars if p.id == item.pillar)
        assert lines[item.id].startswith(f"{pillar.name} · {stream_of(model, item)} · ")
