"""Opening a private page (templates/assets/private.js) in headless Chromium: the passphrase opens
exactly what the clear build shows, a remembered key expires and can be forgotten, plain http is
explained, a changed ciphertext says so, and the prompt speaks the site's language after instant
navigation."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.helpers.browser import chromium
from tests.helpers.cli import run
from tests.helpers.data import EXAMPLE_PASSPHRASE, ROOT
from tests.helpers.files import edit

pytestmark = pytest.mark.browser


@pytest.mark.slow
def test_the_passphrase_opens_the_page_exactly_as_the_clear_build_shows_it(private_sites):
    private, plain = private_sites
    with chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        page.goto((private / "report.html").as_uri())
        page.fill("input[name=passphrase]", "not the right passphrase")
        page.click("button[type=submit]")
        page.wait_for_function("document.querySelector('.pb-locked-error').textContent !== ''", timeout=30_000)
        assert page.text_content(".pb-locked-error") == "That passphrase does not open this page."
        page.fill("input[name=passphrase]", EXAMPLE_PASSPHRASE)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-pb-locked]", state="detached", timeout=30_000)
        page.evaluate("document.querySelector('.pb-locked-forget').remove()")  # the page's own, after the page
        opened = page.inner_html("article")
        page.reload()  # remembered for the session: opens without asking
        page.wait_for_selector("[data-pb-locked]", state="detached", timeout=30_000)
        page.goto((plain / "report.html").as_uri())
        assert opened == page.inner_html("article")
        context.close()


NAME = "Object.keys(localStorage).find(k => k.startsWith('playbook:key:'))"
KEPT = f"JSON.parse(localStorage.getItem({NAME}))"


def test_remembering_lasts_thirty_days_and_forgetting_asks_again(private_sites):
    private, _ = private_sites
    with chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        page.goto((private / "report.html").as_uri())
        page.fill("input[name=passphrase]", EXAMPLE_PASSPHRASE)
        page.check("input[name=remember]")
        page.click("button[type=submit]")
        page.wait_for_selector("[data-pb-locked]", state="detached", timeout=30_000)
        days = page.evaluate(f"({KEPT}.expires - Date.now()) / 864e5")
        assert 29.9 < days <= 30
        # Expired: a new tab (no session) asks again, and the stale key is gone.
        page.evaluate(f"localStorage.setItem({NAME}, JSON.stringify({{...{KEPT}, expires: 1}}))")
        other = context.new_page()
        other.goto((private / "report.html").as_uri())
        other.wait_for_selector(".pb-locked-form:not([hidden])")
        assert other.evaluate(NAME) is None
        # Forgetting, under the opened page: the next visit asks again.
        page.click(".pb-locked-forget")
        page.wait_for_selector(".pb-locked-form:not([hidden])")
        assert page.evaluate(NAME) is None
        assert page.evaluate("Object.keys(sessionStorage).some(k => k.startsWith('playbook:key:'))") is False
        context.close()


def test_without_webcrypto_the_panel_says_the_page_needs_https(private_sites):
    """Plain http (an intranet) has no `crypto.subtle`: the panel says why it cannot open, instead
    of a form that does nothing."""
    private, _ = private_sites
    with chromium() as browser:
        page = browser.new_page()
        page.add_init_script("Object.defineProperty(window.crypto, 'subtle', { value: undefined })")
        page.goto((private / "report.html").as_uri())
        page.wait_for_selector(".pb-locked-insecure:not([hidden])")
        assert page.text_content(".pb-locked-insecure") == (
            "This page opens only over a secure connection: use its https:// address."
        )
        assert page.locator(".pb-locked-form").is_hidden()


def test_a_changed_ciphertext_says_the_page_is_damaged(private_sites, tmp_path):
    private, _ = private_sites
    copy = tmp_path / "site"
    shutil.copytree(private, copy)
    report = copy / "report.html"
    html = report.read_text(encoding="utf-8")
    cipher = re.search(r"ciphertext&quot;: &quot;([A-Za-z0-9+/]{8})", html)[1]
    report.write_text(html.replace(cipher, cipher[::-1], 1), encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page()
        page.goto(report.as_uri())
        page.fill("input[name=passphrase]", EXAMPLE_PASSPHRASE)
        page.click("button[type=submit]")
        page.wait_for_function("document.querySelector('.pb-locked-error').textContent !== ''", timeout=30_000)
        assert "changed or damaged" in page.text_content(".pb-locked-error")


@pytest.mark.slow
def test_the_prompt_speaks_the_site_language_and_opens_after_instant_navigation(tmp_path, monkeypatch):
    """Fjord Energi (Norwegian) made private, served at its address: reached by a click (Material's
    instant navigation swaps the page in), the prompt is in Norwegian and the page opens."""
    from tests.helpers.browser import free_port, served

    clients = tmp_path / "clients"
    shutil.copytree(ROOT / "clients", clients)
    edit(clients / "fjord-energi.yaml", "slug: fjord-energi\n", "slug: fjord-energi\nprivate: true\n")
    monkeypatch.setenv("PLAYBOOK_PASSPHRASE_FJORD_ENERGI", "fjell-og-fjord-og-nordlys")
    port = free_port()
    out = tmp_path / "out"
    assert (
        run(
            "build",
            "--client",
            str(clients / "fjord-energi.yaml"),
            "--out",
            str(out),
            "--site-url",
            f"http://127.0.0.1:{port}/",
        ).exit_code
        == 0
    )
    with served(out, port) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url + "fjord-energi/index.html")
        page.click("article a.md-button--primary")
        page.wait_for_selector("[data-pb-locked]")
        assert "Denne siden er privat" in page.text_content("[data-pb-locked]")
        page.fill("input[name=passphrase]", "fjell-og-fjord-og-nordlys")
        page.click("button[type=submit]")
        page.wait_for_selector("[data-pb-locked]", state="detached", timeout=30_000)
        assert page.locator("article svg.pb-bars-chart").count() >= 3
