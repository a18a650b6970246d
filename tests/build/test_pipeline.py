"""The whole job (generator/build/pipeline.py): byte-identical builds, client sites rebuilt only
when something changed, each site at its own address, and crawlers kept to the generic pages."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers.cli import run
from tests.helpers.data import CONTENT, MINI, ROOT
from tests.helpers.files import answers_file, edit, snapshot
from tests.helpers.htmlcheck import read_page


@pytest.mark.slow
def test_builds_are_byte_identical_across_hash_seed_timezone_and_locale(tmp_path):
    outputs = []
    for number, (seed, tz, locale) in enumerate([("1", "UTC", "C.UTF-8"), ("4242", "Asia/Tokyo", "POSIX")]):
        out = tmp_path / f"site{number}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": locale}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--content", str(MINI), "--out", str(out)],
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]
    assert b"<lastmod>2026-11-01</lastmod>" in outputs[0]["sitemap.xml"]


EXAMPLES = ROOT / "clients"


@pytest.mark.slow
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


@pytest.mark.slow
def test_generic_rebuild_keeps_client_sites(client_sites, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--client", str(EXAMPLES / "fjord-energi.yaml"), "--out", str(out)).exit_code == 0
    assert run("build", "--out", str(out)).exit_code == 0
    assert (out / "index.html").is_file() and (out / "fjord-energi/index.html").is_file()


def test_a_changed_respondent_file_rebuilds_the_client(acme, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--client", str(acme), "--content", str(MINI), "--out", str(out)).exit_code == 0
    answers_file(acme.parent / "acme" / "ben.yaml", {"metrics-published": "yes", "review-held": "yes"})
    again = run("build", "--client", str(acme), "--content", str(MINI), "--out", str(out))
    assert " built (" in again.stdout, again.stdout


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


@pytest.mark.slow
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


@pytest.mark.slow
def test_the_generic_site_keeps_crawlers_to_its_own_pages(tmp_path):
    out = tmp_path / "site"
    assert run("build", "--out", str(out), "--site-url", "https://example.org/pb/").exit_code == 0
    robots = (out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[-1] == "Disallow: /pb/" and "Allow: /pb/stages/" in robots and "Allow: /pb/index.html" in robots
    assert not [line for line in robots if "northwind" in line or "fjord" in line]
    links = [url for page in out.rglob("*.html") for _, url, _ in read_page(page).links]
    assert not [url for url in links if "northwind" in url or "lumen" in url or "fjord" in url]
    assert os.path.getsize(out / "robots.txt") < 2_000
