"""The MkDocs settings of a site (generator/build/mkdocs_config.py): no text unescaped, long
sections shortened in the navigation, the client's name, brand and language, and brand shades
that stay readable in both schemes."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.build.mkdocs_config import brand_css
from generator.clients import contrast
from generator.model.profile_schema import MATERIAL_COLORS
from tests.helpers.cli import run
from tests.helpers.data import ROOT
from tests.helpers.htmlcheck import broken_links


def test_generated_mkdocs_config_never_carries_text_unescaped(tmp_path):
    from generator.build.mkdocs_config import site_config

    name = "Evil\nhooks: [x.py]\n<script>alert(1)</script>"
    config = site_config({"theme": {"name": "material"}}, site_name=name, pages=[("index.md", name, None)], assets=[])

    assert yaml.safe_load(yaml.safe_dump(config)) == config
    assert "<script>" not in config["site_name"]
    assert "hooks" not in config


@pytest.mark.slow
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


@pytest.mark.slow
def test_sites_carry_the_clients_name_brand_and_language(client_sites):
    out, _ = client_sites
    northwind = (out / "northwind-retail" / "index.html").read_text()
    assert "<title>Northwind Retail: Social Business Maturity Playbook</title>" in northwind
    assert 'data-md-color-primary="custom"' in northwind
    assert "--md-primary-fg-color: #0b5394;" in (out / "northwind-retail/assets/playbook/brand.css").read_text()
    assert (out / "northwind-retail/assets/playbook/logo.svg").is_file()
    fjord = (out / "fjord-energi" / "index.html").read_text()
    assert '<html lang="nb"' in fjord and 'data-md-color-primary="blue-grey"' in fjord
    assert "Utarbeidet for" in fjord and "Fjord Energi AS" in fjord
    for slug in ("fjord-energi", "lumen-health", "northwind-retail"):
        assert broken_links(out / slug) == []


@pytest.fixture(scope="module")
def fjord(tmp_path_factory) -> Path:
    """Fjord Energi (language: nb), built with PDFs."""
    out = tmp_path_factory.mktemp("fjord") / "site"
    result = run("build", "--client", str(ROOT / "clients" / "fjord-energi.yaml"), "--out", str(out), "--pdf", "a4")
    assert result.exit_code == 0, result.output
    return out / "fjord-energi"


@pytest.mark.slow
@pytest.mark.browser
def test_fjord_is_norwegian_end_to_end(fjord):
    page = (fjord / "stages" / "emerging.html").read_text(encoding="utf-8")
    assert '<html lang="nb"' in page
    assert "Slik kjenner dere det igjen" in page  # our own words
    assert 'placeholder="Søk"' in page  # the theme's
    stage_name = re.search(r"<h1[^>]*>([^<]+)", page)[1]
    assert stage_name != "Emerging"  # the model's content, translated
    index = json.loads((fjord / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["no"]
    printed = subprocess.run(["pdftotext", str(fjord / "checklist.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Fylt ut av" in printed and "Kryss av én rute for hvert punkt." in printed


@pytest.mark.slow
def test_brand_shades_keep_4_5_to_1_in_both_schemes():
    colours = [*MATERIAL_COLORS, "#0b5394", "#f1c232", "#9fd3ff", "#ffffff", "#000000"]
    for primary, accent in itertools.product(colours, colours):
        css = brand_css(primary, accent)
        on_header = contrast.PRIMARY.get(primary, (primary, contrast.CUSTOM_TEXT))[1]
        for scheme, page in (("default", contrast.WHITE), ("slate", contrast.DARK)):
            rule = re.search(rf"\[data-md-color-scheme={scheme}\]\[data-md-color-primary\] \{{([^}}]*)\}}", css)[1]
            values = dict(re.findall(r"(--[\w-]+): (#[0-9a-f]+);", rule))
            header = values["--md-primary-fg-color"]
            tint = contrast.over(values["--md-accent-fg-color--transparent"], page)  # banners
            ratios = {
                "header": contrast.ratio(header, contrast.over(on_header, header)),
                "on accent": contrast.ratio(values["--md-accent-fg-color"], values["--md-accent-bg-color"]),
                **{
                    f"{text} on {ground}": contrast.ratio(values[text], colour)
                    for text in ("--md-typeset-a-color", "--md-accent-fg-color")
                    for ground, colour in (("page", page), ("tint", tint))
                },
            }
            assert min(ratios.values()) >= 4.5, (primary, accent, scheme, ratios)


def test_the_site_languages_are_those_the_theme_translates():
    """Profiles accept a language only if the theme speaks it: the list must follow the theme."""
    import material

    from generator.model.profile_schema import SITE_LANGUAGES

    partials = Path(material.__file__).parent / "templates" / "partials" / "languages"
    assert SITE_LANGUAGES == {path.stem for path in partials.glob("*.html")}
