"""The MkDocs plugin `playbook`: real `mkdocs build` (and `serve`) runs of small host sites."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from generator.build.pipeline import render_site
from generator.model.loading import load_model
from tests.helpers.browser import free_port
from tests.helpers.data import MINI
from tests.helpers.files import edit
from tests.helpers.htmlcheck import broken_links, read_page

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

HOST_NAV = [{"Home": "index.md"}, {"About us": "about.md"}]


def host_site(root: Path, *, nav: list | None = HOST_NAV, theme: str = "material", **options) -> Path:
    """An unrelated MkDocs site in `root` (home and about pages) using the plugin; returns its mkdocs.yml."""
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Welcome to Acme\n\nSee [our playbook](playbook/index.md).\n")
    (root / "docs" / "about.md").write_text("# About Acme\n")
    config = {
        "site_name": "Acme Docs",
        "theme": {"name": theme},
        "plugins": ["search", {"playbook": {"content": str(MINI), **options}}],
    }
    if nav is not None:
        config["nav"] = nav
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return root / "mkdocs.yml"


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=60
    )


def build(config: Path) -> subprocess.CompletedProcess:
    return mkdocs("build", "--strict", "-f", str(config), cwd=config.parent)


def nav_links(page: Path) -> list[str]:
    """The pages the primary navigation of a built Material page links, in order."""
    return [
        url
        for tag, url, attributes in read_page(page).links
        if tag == "a" and "md-nav__link" in attributes.get("class", "") and not url.startswith("#")
    ]


def playbook_order(prefix: str = "playbook") -> list[str]:
    """Our pages in our navigation order, as the URLs the host site links them by."""

    def flatten(entries):
        for entry in entries:
            yield from [entry] if isinstance(entry, str) else flatten(*entry.values())

    _, settings = render_site(load_model(MINI))
    return [f"{prefix}/{path[:-3]}.html" for path in flatten(settings["nav"])]


@pytest.mark.slow
def test_adds_the_playbook_to_a_host_site_keeping_its_pages_and_nav(tmp_path):
    result = build(host_site(tmp_path))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    home = read_page(site / "index.html")
    assert "Welcome to Acme" in home.h1 and "Acme Docs" in home.title
    assert (site / "about" / "index.html").is_file()  # the host keeps its directory URLs
    assert "headerlink" not in (site / "about" / "index.html").read_text()  # and its toc settings
    assert nav_links(site / "index.html") == [".", "about/", *playbook_order()]
    assert {"Home", "About us", "Data Culture Check", "Stages"} <= {t.strip() for t in home.text}
    for page in ("index", "checklist", "print/checklist", "about", "stages/index", "stages/curious", "stages/fluent"):
        assert (site / "playbook" / f"{page}.html").is_file()
    checklist = read_page(site / "playbook" / "checklist.html")
    assert {"src": "assets/playbook/checklist.js"} in checklist.scripts
    assert "data-pb-model=" in (site / "playbook" / "checklist.html").read_text()
    assert "Checklist - Acme Docs" in checklist.title
    for asset in ("checklist.js", "playbook.css", "print.css"):
        assert (site / "playbook" / "assets" / "playbook" / asset).is_file()
    assert not (site / "playbook" / "assets" / "playbook" / "vendor").exists()
    assert broken_links(site) == []


@pytest.mark.slow
def test_without_a_nav_our_section_comes_once_in_our_order(tmp_path):
    config = host_site(tmp_path, nav=None, prefix="guides/data")
    (tmp_path / "docs" / "index.md").write_text("# Welcome to Acme\n")
    (tmp_path / "docs" / "guides").mkdir()
    (tmp_path / "docs" / "guides" / "style.md").write_text("# Style guide\n")
    result = build(config)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert nav_links(site / "index.html") == [".", "about/", "guides/style/", *playbook_order("guides/data")]
    assert broken_links(site) == []


@pytest.mark.slow
def test_bad_content_fails_the_build_with_file_line_messages(tmp_path):
    content = tmp_path / "model"
    shutil.copytree(MINI, content)
    edit(content / "model.yaml", "name: Data Culture Check", "nmae: Data Culture Check")
    result = build(host_site(tmp_path, content="model"))  # relative to the mkdocs.yml
    assert result.returncode == 1
    assert "model/model.yaml:2:1: error: nmae: unknown key 'nmae' (did you mean 'name'?)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["../x", "/abs", "", "a\\b", "a/../b", "a//b"])
def test_refuses_a_prefix_outside_the_docs_folder(tmp_path, prefix):
    result = build(host_site(tmp_path, prefix=prefix))
    assert result.returncode == 1
    assert f"playbook: prefix {prefix!r} must be a folder inside docs_dir" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_refuses_to_replace_a_host_page(tmp_path):
    config = host_site(tmp_path)
    (tmp_path / "docs" / "playbook").mkdir()
    (tmp_path / "docs" / "playbook" / "checklist.md").write_text("# Our own checklist\n")
    result = build(config)
    assert result.returncode == 1
    assert "the site already has playbook/checklist.md" in result.stderr
    assert "choose another prefix" in result.stderr


@pytest.mark.slow
def test_other_themes_get_the_pages_and_a_note_on_the_checklist(tmp_path):
    result = build(host_site(tmp_path, theme="mkdocs"))
    assert result.returncode == 0, result.stderr
    assert "the interactive checklist needs the Material theme" in result.stderr  # INFO, not a warning
    site = tmp_path / "site"
    checklist = " ".join(read_page(site / "playbook" / "checklist.html").text)
    assert "needs the Material for MkDocs theme" in checklist
    assert '<div class="admonition note">' in (site / "playbook" / "checklist.html").read_text()
    assert "needs the Material" not in " ".join(read_page(site / "playbook" / "stages" / "index.html").text)
    assert broken_links(site) == []


@pytest.mark.slow
def test_serve_rebuilds_when_the_content_changes(tmp_path):
    content = tmp_path / "model"
    shutil.copytree(MINI, content)
    config = host_site(tmp_path, content="model")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def page() -> str:
        for _ in range(100):
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/playbook/index.html", timeout=2).read().decode()
            except OSError:
                time.sleep(0.1)
        raise AssertionError("mkdocs serve did not answer")

    try:
        assert "Data Culture Check" in page()
        edit(content / "model.yaml", "name: Data Culture Check", "name: Evidence Habits Check")
        for _ in range(100):
            if "Evidence Habits Check" in page():
                break
            time.sleep(0.1)
        else:
            raise AssertionError("mkdocs serve did not rebuild after the content changed")
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_page_titles_stay_text_in_the_material_theme(tmp_path):
    content = tmp_path / "model"
    shutil.copytree(MINI, content)
    edit(content / "stages.yaml", "name: Curious", "name: Curious </title><script>alert(1)</script>")
    result = build(host_site(tmp_path, content="model"))
    assert result.returncode == 0, result.stderr
    for page in (tmp_path / "site").rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text(), page


@pytest.mark.slow
def test_a_host_custom_dir_still_wins(tmp_path):
    config = host_site(tmp_path)
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block htmltitle %}<title>Acme house style</title>{% endblock %}'
    )
    settings = yaml.safe_load(config.read_text())
    settings["theme"]["custom_dir"] = "overrides"
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    result = build(config)
    assert result.returncode == 0, result.stderr
    assert read_page(tmp_path / "site" / "playbook" / "checklist.html").title == "Acme house style"


@pytest.mark.slow
def test_a_host_build_prints_nothing_of_our_dependencies(tmp_path):
    """The bundled model's About page has a Chinese title: on an English host site the search indexes
    it as written, without loading jieba's dictionary (0.6 s, and four lines of its own output)."""
    from tests.helpers.data import CONTENT

    config = host_site(tmp_path, content=str(CONTENT))
    result = build(config)
    assert result.returncode == 0, result.stderr
    assert "dict" not in (result.stdout + result.stderr).lower()
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    about = " ".join(entry["text"] for entry in index["docs"] if entry["location"].startswith("playbook/about.html"))
    assert "如何提升品牌的社交媒体成熟度" in about and "\u200b" not in about
