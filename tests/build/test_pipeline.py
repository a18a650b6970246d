"""Publishing under a sub-folder: every site, client sites included, points at its own address."""

from __future__ import annotations

import functools
import threading
import urllib.error
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import CONTENT, ROOT, run
from .htmlcheck import read_page

SITE_URL = "https://example.org/pb/"
SLUGS = ("fjord-energi", "lumen-health")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The generic site and two client sites, built for SITE_URL into <root>/pb/."""
    root = tmp_path_factory.mktemp("published")
    out = root / "pb"
    assert run("build", "--content", str(CONTENT), "--out", str(out), "--site-url", SITE_URL).exit_code == 0
    clients = [arg for slug in SLUGS for arg in ("--client", str(ROOT / "clients" / f"{slug}.yaml"))]
    result = run("build", "--content", str(CONTENT), *clients, "--out", str(out), "--site-url", SITE_URL, "--jobs", "1")
    assert result.exit_code == 0, result.output
    return root


def canonical(page: Path) -> str:
    return next(url for tag, url, attrs in read_page(page).links if tag == "link" and attrs.get("rel") == "canonical")


def test_each_site_has_canonical_links_and_a_sitemap_of_its_own(published):
    out = published / "pb"
    assert canonical(out / "index.html") == SITE_URL + "index.html"
    for slug in SLUGS:
        assert canonical(out / slug / "checklist.html") == f"{SITE_URL}{slug}/checklist.html"
        sitemap = (out / slug / "sitemap.xml").read_text(encoding="utf-8")
        assert f"<loc>{SITE_URL}{slug}/index.html</loc>" in sitemap and f"<loc>{SITE_URL}index.html" not in sitemap


def test_each_404_page_works_when_served_from_the_published_folder(published):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(published))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for folder in ("pb", *(f"pb/{slug}" for slug in SLUGS)):
            links = [
                url
                for tag, url, _ in read_page(published / folder / "404.html").links
                if url.startswith("/") and not url.startswith("//")
            ]
            assert links and all(url.startswith(f"/{folder}/") for url in links), folder
            for url in sorted(set(links)):
                with urllib.request.urlopen(base + url.partition("#")[0]) as response:
                    assert response.status == 200, url
    finally:
        server.shutdown()
