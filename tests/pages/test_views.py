"""Page views (generator/pages/views.py): every entity has its page, titled by name and
cross-linked, in the model's own names and navigation order, and no link is broken."""

from __future__ import annotations

import pytest

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
