"""Headless Chromium from Debian's packages, driven by Playwright (never a browser download)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from generator.build.pdf import CHROMIUM, FLAGS  # the tests' browser is the one the PDFs print with

# Whether the running test is marked `browser`: tests/conftest.py sets it before each test. The fast
# lane (-m "not browser") must never launch Chromium, so an unmarked test that would, fails.
BROWSER_ALLOWED = True
UNMARKED = (
    "this test launches Chromium but is not marked `browser`: mark this test `browser` "
    "(pytestmark = pytest.mark.browser in its module, or @pytest.mark.browser on it)"
)


def require_browser_mark() -> None:
    """Fail the running test, loudly, unless it is marked `browser`."""
    if not BROWSER_ALLOWED:
        pytest.fail(UNMARKED)


@contextmanager
def chromium() -> Iterator:
    """A launched browser; fails (not skips) when Chromium is missing, saying how to install it, and
    in a test not marked `browser`."""
    require_browser_mark()
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: apt-get install chromium (or run .ci/run)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def watch_page(page) -> list[str]:
    """Collect console errors, page errors and failed requests of `page` into a list."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # A load cut short by the next navigation (ERR_ABORTED) is not a fault of the page.
    page.on(
        "requestfailed",
        lambda r: (
            problems.append(f"request failed: {r.url} ({r.failure})") if r.failure != "net::ERR_ABORTED" else None
        ),
    )
    return problems


def free_port() -> int:
    """A loopback port that is free now (for a site built with that port in its site_url)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(folder, port: int = 0) -> Iterator[str]:
    """Serve `folder` over HTTP on loopback (`port`, or any free one); yields the base URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def scored_in_page(page, answers: dict[str, str]) -> dict:
    """What the open checklist page's script makes of `answers`, in the shape of `score --json`."""
    return page.evaluate(
        """answers => {
        const data = JSON.parse(document.getElementById('pb-checklist').dataset.pbModel);
        const r = window.PlaybookScoring.score(data, answers);
        delete r.raw;
        return r;
    }""",
        answers,
    )


def open_menu(page) -> None:
    """Open the checklist's menu (the answers file, reset, print, the respondent's name), as a reader would."""
    menu = page.locator("details.pb-menu")
    if not menu.evaluate("menu => menu.open"):
        menu.locator("summary").click()


def export_answers(page, folder: Path) -> Path:
    """Click "Export answers" and keep the file in `folder`, under the name the page gave it."""
    open_menu(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers").click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def settled(page) -> None:
    """Wait until the checklist shows the results of the last answer (it updates them after the
    answer's own frame has painted)."""
    page.wait_for_function("!document.querySelector('#pb-checklist[data-pb-updating]')")


STORAGE_KEY = "JSON.parse(document.getElementById('pb-checklist').dataset.pbClient).storageKey"


def open_checklist(context, site):
    page = context.new_page()
    page.problems = watch_page(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto((site / "checklist.html").as_uri())
    open_menu(page)
    return page


def storage(page) -> str | None:
    """What the page keeps in this browser."""
    return page.evaluate(f"localStorage.getItem({STORAGE_KEY})")


def import_file(page, path) -> str:
    """Import `path` through the page's Import button; the message it gives."""
    page.evaluate("document.querySelector('[data-pb-message]').textContent = ''")
    page.set_input_files("[data-pb-import]", str(path))
    page.wait_for_function(
        "/^(Imported|Could not import)/.test(document.querySelector('[data-pb-message]').textContent)"
        " || !document.querySelector('[data-pb-preview]').hidden",
        timeout=5000,
    )
    if page.locator("[data-pb-preview]").is_visible():  # the page held answers: confirm the import
        page.get_by_role("button", name="Apply import").click()
    return page.locator("[data-pb-message]").inner_text()


def shown(page) -> dict:
    """What the page shows, in the shape of `playbook score --json`."""
    settled(page)
    return page.evaluate("""() => {
        const root = document.getElementById('pb-checklist');
        const bars = {};
        root.querySelectorAll('[data-pb-bar]').forEach(bar => {
            const [group, id] = bar.dataset.pbBar.split(':');
            const value = bar.querySelector('[data-pb-value]').textContent;
            (bars[group] ||= {})[id] = Number(value.replace(/[%\\s\u00a0]/g, '').replace(',', '.'));
        });
        const details = [...root.querySelectorAll('[data-pb-step-details] li')].map(li => li.textContent);
        const steps = [...root.querySelectorAll('[data-pb-steps] li')].map((li, i) => ({
            text: li.querySelector('a').textContent + (li.querySelector('.pb-step-more')?.textContent || ''),
            why: li.querySelector('.pb-why').textContent,
            detail: details[i], link: li.querySelector('a').getAttribute('href')}));
        return {stage: root.querySelector('[data-pb-stage]').textContent,
                quadrant: root.querySelector('[data-pb-quadrant]').textContent,
                answered: root.querySelector('[data-pb-answered]').textContent, ...bars, next_steps: steps};
    }""")


PERCENT_GROUPS = ("axes", "pillars", "stages")


def as_shown(group: str, scores: dict[str, float]) -> dict[str, float]:
    """`score --json` scores of `group` as the page shows them: whole percentages, one decimal on
    a 0..N score (the exact value rounded half up, as the page's Intl.NumberFormat does)."""
    step = Decimal(1) if group in PERCENT_GROUPS else Decimal("0.1")
    return {key: float(Decimal(value).quantize(step, rounding=ROUND_HALF_UP)) for key, value in scores.items()}


def answer(page, item_id: str, value: str) -> None:
    page.locator(f"input[name='pb-{item_id}'][value='{value}']").check()
    settled(page)
