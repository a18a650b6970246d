"""The pages the checklist script tests open: the default site served at its address, the
default site's checklist in a fresh context, and the mini model's checklist, loaded once per
module and reset before each test."""

from __future__ import annotations

import pytest

from generator.build.pipeline import build_playbook
from generator.model.loading import load_model
from tests.helpers.browser import (
    free_port,
    open_checklist,
    open_menu,
    served,
    shown,
    watch_page,
)
from tests.helpers.data import CONTENT, MINI

MINI_MODEL = load_model(MINI)


@pytest.fixture(scope="module")
def shared_mini_page(browser, mini_site):
    """The mini model's checklist page, loaded once for the module (a page per test costs more
    than the tests); each test starts from Reset."""
    context = browser.new_context()
    page = context.new_page()
    page.problems = watch_page(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto((mini_site / "checklist.html").as_uri())
    open_menu(page)
    yield page
    context.close()


@pytest.fixture
def mini_page(shared_mini_page):
    shared_mini_page.get_by_role("button", name="Reset").click()
    shared_mini_page.evaluate("localStorage.clear()")
    shared_mini_page.problems.clear()
    assert shown(shared_mini_page)["answered"] == f"0 of {len(MINI_MODEL.items)}"
    yield shared_mini_page
    assert shared_mini_page.problems == []


@pytest.fixture
def context(browser):
    """A fresh browser context (empty storage) that accepts downloads."""
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context, default_site):
    """The default site's checklist page; no console errors or failed requests by the end."""
    page = open_checklist(context, default_site)
    yield page
    assert page.problems == []


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The default site built for, and served at, a loopback address: instant navigation needs
    the page's origin to match the site_url the site was built with."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("served") / "site"
    build_playbook(CONTENT, out, site_url=url)
    with served(out, port) as served_url:
        assert served_url == url
        yield url
