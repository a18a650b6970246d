"""The built sites: every page present, cross-linked, no broken links, nothing from a CDN."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build.pipeline import render_site
from generator.model.loading import load_model
from generator.output import write_tree

from .conftest import CONTENT, MINI, run
from .htmlcheck import broken_links, read_page

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


def test_default_model_has_the_shape_the_sources_give():
    assert [s.id for s in MODEL.stages] == ["emerging", "evolving", "mastering"]
    assert {q.id for q in MODEL.quadrants} == {"observers", "conservative", "contenders", "socialfirst"}
    assert [a.id for a in MODEL.axes] == ["investment", "innovation"]
    assert [p.id for p in MODEL.pillars] == ["people", "governance", "technology"]
    assert len(MODEL.practices) == 14
    assert any(c.id == "horseshoe-gap" for p in MODEL.pillars for c in p.challenges)


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


def test_nothing_is_loaded_from_another_host(default_site):
    for page in default_site.rglob("*.html"):
        facts = read_page(page)
        for tag, url, attributes in facts.links:
            if tag in ("script", "img") or tag == "link" and attributes.get("rel") in ("stylesheet", "preload"):
                assert "://" not in url and not url.startswith("//"), f"{page}: {url}"


def test_second_model_builds_with_its_own_names(mini_site):
    model = load_model(MINI)
    assert read_page(mini_site / "index.html").h1.strip() == model.info.name
    for stage in model.stages:
        assert (mini_site / "stages" / f"{stage.id}.html").is_file()
    for pillar in model.pillars:
        assert (mini_site / "pillars" / f"{pillar.id}.html").is_file()
    assert "Social" not in (mini_site / "index.html").read_text()


def test_generated_mkdocs_config_never_carries_text_unescaped(tmp_path):
    from generator.build.mkdocs_config import site_config

    name = "Evil\nhooks: [x.py]\n<script>alert(1)</script>"
    config = site_config({"theme": {"name": "material"}}, site_name=name, pages=[("index.md", name, None)], assets=[])
    import yaml

    assert yaml.safe_load(yaml.safe_dump(config)) == config
    assert "<script>" not in config["site_name"]
    assert "hooks" not in config


def test_a_long_section_shows_only_its_overview_in_the_navigation(mini_copy, tmp_path):
    """Every page carries the navigation: with 60 practices it would list all 60 on every page."""
    from generator.build.mkdocs_config import NAV_SECTION_LIMIT

    extra = "".join(
        f"  - id: extra-{i}\n    name: Extra practice {i}\n    summary: One more.\n    why: Because.\n"
        f"    how: [Do it.]\n    pillars: [tooling]\n    stage: curious\n"
        for i in range(60)
    )
    with (mini_copy / "practices.yaml").open("a", encoding="utf-8") as handle:
        handle.write(extra)
    out = tmp_path / "site"
    assert run("build", "--content", str(mini_copy), "--out", str(out)).exit_code == 0
    assert NAV_SECTION_LIMIT < 62
    page = (out / "about.html").read_text(encoding="utf-8")  # a page that lists no practice itself
    assert "extra-1.html" not in page and "practices/index.html" in page
    overview = (out / "practices" / "index.html").read_text(encoding="utf-8")
    assert all(f"extra-{i}.html" in overview for i in range(60))


def test_a_site_grows_with_its_pages_not_with_the_theme(mini_copy, tmp_path):
    """No source maps or other languages' search support; the HTML without indentation (outside
    <pre>), so that pages cost about the same, however many there are."""

    def build(practices: int) -> tuple[int, int]:
        model = tmp_path / f"model-{practices}"
        shutil.copytree(mini_copy, model)
        with (model / "practices.yaml").open("a", encoding="utf-8") as handle:
            handle.write(
                "".join(
                    f"  - id: extra-{i}\n    name: Extra practice {i}\n    summary: One more.\n"
                    f"    why: Because.\n    how: [Do it.]\n    pillars: [tooling]\n    stage: curious\n"
                    for i in range(practices)
                )
            )
        out = tmp_path / f"site-{practices}"
        assert run("build", "--content", str(model), "--out", str(out)).exit_code == 0
        assert not list(out.rglob("*.map"))
        assert sorted(p.name for p in (out / "assets/javascripts/lunr").rglob("*.js")) == [
            "lunr.multi.min.js",
            "lunr.stemmer.support.min.js",
        ]  # English needs no more
        assert "\n  <" not in (out / "about.html").read_text(encoding="utf-8")
        pages = list(out.rglob("*.html"))
        return len(pages), sum(p.stat().st_size for p in pages)

    few, few_bytes = build(10)
    many, many_bytes = build(80)
    assert many - few == 70
    assert (many_bytes - few_bytes) / 70 < 1.5 * few_bytes / few  # each added page costs about an average page


@pytest.fixture(scope="module")
def bare_mini(tmp_path_factory) -> Path:
    """The small model's generated sources built by MkDocs alone, without any of our plugins."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = tmp_path_factory.mktemp("bare")
    docs, config = render_site(load_model(MINI))
    write_tree(work / "docs", docs)
    settings = {**config, "docs_dir": str(work / "docs"), "site_dir": str(work / "site")}
    (work / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    build(load_config(str(work / "mkdocs.yml")))
    return work / "site"


def test_the_theme_files_are_those_a_bare_mkdocs_build_publishes(mini_site, bare_mini):
    """The theme's file list is made once per process, without its hidden folders: the site still
    gets every theme file MkDocs itself would publish, less the source maps and other languages'
    search support."""

    def theme_files(site: Path) -> set[str]:
        return {
            p.relative_to(site).as_posix()
            for p in (site / "assets").rglob("*")
            if p.is_file() and not p.is_relative_to(site / "assets" / "playbook")
        }

    bare = theme_files(bare_mini)
    english = {"lunr.multi.min.js", "lunr.stemmer.support.min.js"}
    left_out = {
        name
        for name in bare
        if name.endswith(".map")
        or name.startswith("assets/javascripts/lunr/")
        and name.rsplit("/", 1)[-1] not in english
    }
    assert len(bare - left_out) >= 5 and theme_files(mini_site) == bare - left_out


def test_pages_are_the_html_mkdocs_itself_makes_of_them(mini_site, bare_mini):
    """What the build holds back from Markdown (verbatim regions, client attributes) comes back
    as Markdown would have passed it through: every page matches the bare build's, apart from
    the markers and the indentation the build leaves out."""
    from generator.build.mkdocs_build import _without_indentation

    pages = sorted(p.relative_to(bare_mini) for p in bare_mini.rglob("*.html") if p.name != "404.html")  # a theme page
    assert len(pages) > 15 and any("<!--pb-verbatim-->" in (bare_mini / p).read_text(encoding="utf-8") for p in pages)
    for page in pages:
        bare = re.sub(r"<!--/?pb-verbatim-->\n?", "", (bare_mini / page).read_text(encoding="utf-8"))
        assert (mini_site / page).read_text(encoding="utf-8") == _without_indentation(bare), page
