"""Client playbooks: profiles, branding, tailoring, reports, batch builds, bad input, XSS."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from generator.assessment.scoring import score_answers
from generator.build.pipeline import site_language
from generator.clients.profiles import load_client
from generator.model.loading import load_model
from generator.model.translation import load_translated

from .browser import chromium, watch_page
from .conftest import CONTENT, ROOT, edit, run
from .htmlcheck import broken_links, read_page

EXAMPLES = ROOT / "clients"
MODEL = load_model(CONTENT)


@pytest.fixture
def client_sites(example_sites):
    """The three example clients, built in parallel with --all (once per run)."""
    return example_sites


@pytest.fixture
def clients_copy(tmp_path) -> Path:
    target = tmp_path / "clients"
    shutil.copytree(EXAMPLES, target)
    return target


def test_all_examples_build_with_a_summary_table(client_sites):
    out, result = client_sites
    assert sorted(p.name for p in out.iterdir()) == ["fjord-energi", "lumen-health", "northwind-retail"]
    header, rule, *rows = result.stdout.strip().splitlines()
    assert header.split() == ["Client", "Stage", "Quadrant", "Time", "Result"]
    assert len(rows) == 3 and all("built" in row for row in rows)


def test_examples_land_in_three_different_quadrants(client_sites):
    out, _ = client_sites
    quadrants = set()
    for path in EXAMPLES.glob("*.yaml"):
        client = load_client(path, MODEL)
        result = score_answers(MODEL, client.assessments[-1].answers)
        quadrants.add(result.quadrant)
        page = out / client.slug / "report.html"
        if client.profile.private:  # locked: the result is not on the page in clear
            assert "data-pb-locked" in page.read_text(encoding="utf-8")
            continue
        shown = load_translated(MODEL, site_language(MODEL, client))  # Fjord's report is in Norwegian
        report = " ".join(read_page(page).text)
        assert next(q.name for q in shown.quadrants if q.id == result.quadrant) in report
        assert next(s.name for s in shown.stages if s.id == result.stage) in report
    assert len(quadrants) == 3


def test_sites_carry_the_clients_name_brand_and_language(client_sites):
    out, _ = client_sites
    northwind = (out / "northwind-retail" / "index.html").read_text()
    assert "<title>Northwind Retail: Social Business Maturity Playbook</title>" in northwind
    assert 'data-md-color-primary="custom"' in northwind
    assert "--md-primary-fg-color: #0b5394;" in (out / "northwind-retail/assets/playbook/brand.css").read_text()
    assert (out / "northwind-retail/assets/playbook/logo.svg").is_file()
    fjord = (out / "fjord-energi" / "index.html").read_text()
    assert '<html lang="nb"' in fjord and 'data-md-color-primary="teal"' in fjord
    assert "Utarbeidet for" in fjord and "Fjord Energi AS" in fjord
    for slug in ("fjord-energi", "lumen-health", "northwind-retail"):
        assert broken_links(out / slug) == []


def test_tailoring_hides_practices_adds_notes_and_pages(client_sites):
    out, _ = client_sites
    site = out / "fjord-energi"
    assert not (site / "practices/editorial-programme.html").exists()
    assert (out / "northwind-retail/practices/editorial-programme.html").exists()
    for page in site.rglob("*.html"):
        assert "editorial-programme.html" not in page.read_text(), page
    assert "the gaps are in process, not money" in " ".join(read_page(site / "stages/emerging.html").text)
    assert len(list((site / "practices").glob("*.html"))) == 13 + 1  # the overview, and one practice hidden
    assert "Fjorten gode praksiser" not in (site / "index.html").read_text()  # no count that tailoring made wrong
    extra = out / "northwind-retail/pages/context.html"
    html = extra.read_text()
    assert "For Northwind Retail" in (out / "northwind-retail/pages/index.html").read_text()
    assert "<strong>Instagram</strong>" in html and '<a href="https://www.conversocial.com/">' in html


def test_report_shows_progress_between_assessments(client_sites):
    out, _ = client_sites
    html = (out / "lumen-health/report.html").read_text()
    assert "Progress since 2026-02-10" in html and "What moved up" in html
    assert [html.count(f'class="pb-dot pb-dot-{kind}"') for kind in ("previous", "now", "target")] == [1, 1, 1]
    assert html.count("pb-bars-chart") == 4 + 3  # axes, pillars, stages, maturity; then each pillar over time
    single = (out / "fjord-energi/report.html").read_text()
    assert "Progress since" not in single


def test_unchanged_clients_are_skipped_unless_forced(clients_copy, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--all", "--clients", str(clients_copy), "--out", str(out)).exit_code == 0
    again = run("build", "--all", "--clients", str(clients_copy), "--out", str(out))
    assert again.stdout.count(" unchanged (") == 3
    edit(clients_copy / "lumen-health.yaml", "name: Lumen Health", "name: Lumen Health Group")
    changed = run("build", "--all", "--clients", str(clients_copy), "--out", str(out))
    assert (
        changed.stdout.count(" unchanged (") == 2
        and "Lumen Health Group" in (out / "lumen-health/index.html").read_text()
    )
    forced = run("build", "--all", "--force", "--clients", str(clients_copy), "--out", str(out))
    assert forced.stdout.count(" built (") == 3


def test_a_failing_client_does_not_stop_the_others(clients_copy, tmp_path):
    out = tmp_path / "site"
    edit(clients_copy / "lumen-health.yaml", "  primary: purple", "  primary: purplish")
    result = run("build", "--all", "--clients", str(clients_copy), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert "1 of 3 clients failed: lumen-health" in result.stderr
    assert "lumen-health.yaml:6:12: error: colors.primary: 'purplish' is not a colour" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["fjord-energi", "northwind-retail"]


def test_generic_rebuild_keeps_client_sites(client_sites, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--client", str(EXAMPLES / "fjord-energi.yaml"), "--out", str(out)).exit_code == 0
    assert run("build", "--out", str(out)).exit_code == 0
    assert (out / "index.html").is_file() and (out / "fjord-energi/index.html").is_file()


BAD = [
    ("slug: fjord-energi", "slug: ../x", "fjord-energi.yaml:3:7: error: slug: '../x' is not a valid id"),
    ("slug: fjord-energi", "slug: /abs", "fjord-energi.yaml:3:7: error: slug: '/abs' is not a valid id"),
    ("slug: fjord-energi", "slug: a/b", "fjord-energi.yaml:3:7: error: slug: 'a/b' is not a valid id"),
    ("slug: fjord-energi", "slug: ..", "fjord-energi.yaml:3:7: error: slug: '..' is not a valid id"),
    (
        "slug: fjord-energi",
        "slug: Fjörd Energi",
        "fjord-energi.yaml:3:7: error: slug: 'Fjörd Energi' is not a valid id",
    ),
    ("  accent: amber", "  accent: '#12345'", "fjord-energi.yaml:6:11: error: colors.accent: '#12345' is not a colour"),
    (
        "hide_practices: [editorial-programme]",
        "hide_practices: [editorial]",
        "fjord-energi.yaml:12:20: error: tailoring.hide_practices[0]: unknown practice 'editorial': use one of",
    ),
    ("language: nb", "language: xx", "fjord-energi.yaml:7:11: error: language: language 'xx' is not supported"),
    ("language: nb", "language: nb\nlogo: missing.png", "fjord-energi.yaml:8:7: error: logo: file not found:"),
    (
        "name: Fjord Energi AS",
        "name: Fjord Energi AS\nwebsite: x",
        "fjord-energi.yaml:3:1: error: website: unknown key",
    ),
]


@pytest.mark.parametrize("old, new, expected", BAD, ids=[case[1].split("\n")[-1] for case in BAD])
def test_bad_client_profiles(clients_copy, tmp_path, monkeypatch, old, new, expected):
    edit(clients_copy / "fjord-energi.yaml", old, new)
    monkeypatch.chdir(clients_copy)
    result = run("build", "--client", "fjord-energi.yaml", "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert not (tmp_path / "site" / "fjord-energi").exists()
    assert not any(p.name.startswith(".") for p in tmp_path.glob("**/.*staging*"))


def test_duplicate_slug_across_clients_names_both(clients_copy, tmp_path, monkeypatch):
    shutil.copy(clients_copy / "fjord-energi.yaml", clients_copy / "zz-copy.yaml")
    monkeypatch.chdir(clients_copy)
    result = run("build", "--all", "--clients", ".", "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert "zz-copy.yaml:3:1: error: slug: slug 'fjord-energi' is already used by fjord-energi.yaml" in result.stderr


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "JaVaScRiPt:alert(1)"])
def test_extra_page_links_must_be_safe(clients_copy, tmp_path, link):
    edit(clients_copy / "northwind-retail.yaml", "(https://www.conversocial.com/)", f"({link})")
    result = run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert f"link '{link[:10]}" in result.stderr and "is not allowed: use http://, https://, mailto:" in result.stderr
    assert not (tmp_path / "site").exists()


def test_text_that_reads_like_the_builds_own_markers_stays_as_written(clients_copy, tmp_path):
    """What the build holds back from Markdown (client attributes, verbatim regions) is looked for
    in template-written tags only: a client's page quoting those markers shows them unchanged."""
    quoted = ['<div data-pb-client="x" data-pb-verbatim="0"></div>', "<!--pb-verbatim-->", 'data-pb-client="secret"']
    text = (
        f"Code: `{quoted[0]}`, as text: {quoted[1]} {quoted[2]} {quoted[1].replace('pb-', '/pb-')}, "
        f"and in a [link's title](https://example.com/ 'see {quoted[2]}')"
    )
    edit(
        clients_copy / "northwind-retail.yaml",
        "See the [Conversocial index]",
        text + "\n\n        See the [Conversocial index]",
    )
    out = tmp_path / "site"
    assert run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(out)).exit_code == 0
    page = next(out.glob("*/pages/context.html")).read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert all(piece in shown for piece in quoted) and "<!--pb-verbatim-->" not in page
    assert html.unescape(re.search(r'title="(see [^"]*)"', page)[1]) == f"see {quoted[2]}"


def test_new_client_scaffold_is_valid_and_lists_every_item(tmp_path):
    result = run("new-client", "Ørsted & Co", "--clients", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / "orsted-co.yaml"
    text = path.read_text()
    for item in MODEL.items:
        assert f"      {item.id}:\n" in text and f"# {item.text}" in text
    client = load_client(path, MODEL)
    assert client.profile.name == "Ørsted & Co" and client.assessments[0].answers == {}
    assert run("new-client", "Ørsted & Co", "--clients", str(tmp_path)).exit_code == 2


def test_template_override_folder_is_searched_first_and_sandboxed(clients_copy, tmp_path):
    overrides = tmp_path / "overrides" / "pages"
    overrides.mkdir(parents=True)
    (overrides / "about.md.j2").write_text("# About {{ organisation.name }}\n\nOverridden.\n")
    out = tmp_path / "site"
    args = ["build", "--client", str(clients_copy / "fjord-energi.yaml"), "--out", str(out)]
    assert run(*args, "--templates", str(tmp_path / "overrides")).exit_code == 0
    assert "Overridden." in (out / "fjord-energi/about.html").read_text()
    (overrides / "about.md.j2").write_text("# x\n\n{{ organisation.__class__.__mro__ }}\n")
    result = run(*args, "--templates", str(tmp_path / "overrides"), "--force")
    assert result.exit_code == 1 and "unsafe" in result.stderr
    assert "Overridden." in (out / "fjord-energi/about.html").read_text()


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>{: onclick=alert(3) }"


def test_hostile_client_name_is_shown_as_text_and_runs_nothing(clients_copy, tmp_path):
    edit(clients_copy / "northwind-retail.yaml", "name: Northwind Retail", f"name: {HOSTILE!r}")
    out = tmp_path / "site"
    result = run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(out))
    assert result.exit_code == 0, result.output
    site = out / "northwind-retail"
    for page in site.rglob("*.html"):
        facts = read_page(page)
        assert all(name != "onerror" and name != "onclick" for _, name in facts.event_attributes), page
        assert "<script>alert(1)" not in page.read_text()
    with chromium() as browser:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        problems = watch_page(page)
        for name in ("index.html", "report.html", "checklist.html"):
            page.goto((site / name).as_uri())
            assert "<script>alert(1)</script>" in page.locator("body").inner_text()
        assert dialogs == [] and problems == []
