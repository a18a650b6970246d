"""What one build hands to the next in a process (generator/build/warm_cache.py): the theme's
files listed once, pages converted once for many clients with the bytes of cold builds, and
Chinese split into words for search on Chinese sites only."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build.batch import build_clients
from tests.helpers.browser import chromium, free_port
from tests.helpers.data import CONTENT, ROOT
from tests.helpers.files import files_of


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


EXAMPLES = ROOT / "clients"


@pytest.mark.slow
def test_a_warm_worker_reuses_pages_and_builds_the_same_bytes_as_cold_builds(tmp_path, monkeypatch):
    """Pages converted for one client are reused for the next (and for a rebuild), byte for byte."""
    from generator.build import warm_cache

    files = sorted(EXAMPLES.glob("*.yaml"))
    monkeypatch.setattr(warm_cache, "PROCESS_CACHE", warm_cache.WarmCache())
    warm = build_clients(CONTENT, files, tmp_path / "warm", jobs=1, force=True)
    assert [o.result for o in warm] == ["built"] * len(files) and len(warm_cache.PROCESS_CACHE.reused) > 20
    # Checklists differ between clients only in their client attributes: converted and indexed once.
    assert "checklist.md" in warm_cache.PROCESS_CACHE.reused and "checklist.md" in warm_cache.PROCESS_CACHE.reindexed
    for path in files:  # each client on its own, from nothing
        monkeypatch.setattr(warm_cache, "PROCESS_CACHE", warm_cache.WarmCache())
        cold = build_clients(CONTENT, [path], tmp_path / "cold", jobs=1, force=True)
        assert cold[0].result == "built" and warm_cache.PROCESS_CACHE.reused == warm_cache.PROCESS_CACHE.reindexed == []
    assert files_of(tmp_path / "warm") == files_of(tmp_path / "cold")


@pytest.mark.slow
@pytest.mark.browser
def test_a_chinese_site_is_found_by_its_chinese_words(tmp_path):
    """Built and served in processes of their own, as a reader meets the site: the search's web
    worker must find a practice by a two-character word of its title."""
    port = free_port()
    out = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = ["build", "--language", "zh", "--out", str(out), "--site-url", f"http://127.0.0.1:{port}/", "--pdf", "a4"]
    built = subprocess.run([sys.executable, "-m", "generator", *command], env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    printed = subprocess.run(["pdftotext", str(out / "checklist.pdf"), "-"], capture_output=True, text=True).stdout
    assert "可打印的检查清单" in printed and "填写人" in printed  # Chinese glyphs, from Debian's Noto CJK
    practice = (out / "practices" / "listening-framework.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in practice
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [
        entry["text"] for entry in index["docs"] if entry["location"].startswith("practices/listening-framework.html")
    ]
    assert texts and all("\u200b" in text for text in texts)  # Chinese words split for search
    heading = re.search(r"<h1[^>]*>([^<]+)", practice)[1]
    word = re.findall(r"[\u4e00-\u9fff]{2}", heading)[0]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        with chromium() as browser:
            page = browser.new_page()
            messages: list[str] = []
            page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
            page.on("pageerror", lambda error: messages.append(f"error: {error}"))
            page.goto(f"http://127.0.0.1:{port}/index.html")
            page.fill("input[data-md-component='search-query']", word)
            try:
                page.wait_for_selector(".md-search-result__item", state="attached", timeout=60_000)
            except Exception as error:
                raise AssertionError(f"no search result for {word!r}; the page said: {messages}") from error
            links = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
            assert any("practices/listening-framework.html" in link for link in links), (word, links)
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_for_port(port: int, seconds: float = 10) -> None:
    """Wait until something listens on `port` on loopback."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_only_a_chinese_site_splits_chinese_text_into_words_for_search(default_site):
    """Elsewhere Han text is indexed as written: loading jieba's dictionary takes 0.6 s a build."""
    index = json.loads((default_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    about = " ".join(entry["text"] for entry in index["docs"] if entry["location"].startswith("about.html"))
    assert "如何提升品牌的社交媒体成熟度" in about and "\u200b" not in about


def test_a_build_compiles_the_theme_through_the_warm_cache(tmp_path, monkeypatch):
    """The theme's Jinja environments take their loader and compiled templates from the cache."""
    from generator.build import warm_cache
    from generator.build.pipeline import build_playbook
    from tests.helpers.data import MINI

    cache = warm_cache.WarmCache()
    monkeypatch.setattr(warm_cache, "PROCESS_CACHE", cache)
    build_playbook(MINI, tmp_path / "site")
    assert len(cache.templates.code) >= 5  # main.html, base.html, partials...
    assert cache.listings and all(not name.startswith(".") for names in cache.listings.values() for name in names)
