"""Accessibility as a tested property: axe-core on one page of every page type of the generic site,
every example client (a private one locked and unlocked) and a model without a matrix, in the
light and the dark scheme; visible focus, touch targets, the chart's marker and text alternative,
the brand's shades, and the language of theme and content.

axe-core comes from the npm registry at the version tests/accessibility/package-lock.json pins:
`make browser` (which `make test` runs) installs it."""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.build.pipeline import build_playbook
from generator.clients import contrast
from tests.helpers.browser import free_port, served, settled
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, EXAMPLE_PASSPHRASE, ROOT
from tests.helpers.files import edit

AXE = ROOT / "tests" / "accessibility" / "node_modules" / "axe-core" / "axe.min.js"

CLIENTS = sorted((ROOT / "clients").glob("*.yaml"))

CMMI5 = ROOT / "tests" / "fixtures" / "cmmi5"

# WCAG 2.0 to 2.2, A and AA, and axe's best practices (the search dialog's name is one).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # all that the dark scheme changes

# Playwright's default desktop window, and a phone (an iPhone 12 to 15's CSS pixels, touch): the
# theme lays out its drawer, header and tables differently below 1220 px and below 600 px.
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 720}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
}

# One page per type: a path, or a folder whose first page (by name) stands for its kind.
PAGE_TYPES = [
    ("home", "index.html"),
    ("stages", "stages/index.html"),
    ("quadrants", "quadrants/index.html"),
    ("pillars", "pillars/index.html"),
    ("practices", "practices/index.html"),
    ("quadrant", "quadrants/"),
    ("stage", "stages/"),
    ("pillar", "pillars/"),
    ("practice", "practices/"),
    ("checklist", "checklist.html"),
    ("printable checklist", "print/checklist.html"),
    ("about", "about.html"),
    ("report", "report.html"),
    ("roadmap", "roadmap.html"),
    ("extra pages", "pages/index.html"),
    ("extra page", "pages/"),
    ("404", "404.html"),
]

SITE_TYPES = {name for name, _ in PAGE_TYPES} - {"report", "roadmap", "extra pages", "extra page"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The generic site with every example client in folders below it, a model without a matrix
    (cmmi5/) and a German client of the English-only model (lumen-de/), served from one address
    that the sites are built for (the 404 pages link it absolutely)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    root = tmp_path_factory.mktemp("accessibility") / "site"
    build_playbook(CONTENT, root, site_url=base)
    result = run(
        "build", "--all", "--clients", str(ROOT / "clients"), "--out", str(root), "--site-url", base, "--jobs", "2"
    )
    assert result.exit_code == 0, result.output
    build_playbook(CMMI5, root / "cmmi5", site_url=f"{base}cmmi5/")
    german = tmp_path_factory.mktemp("german")
    shutil.copytree(ROOT / "clients" / "assets", german / "assets")
    profile = german / "lumen-de.yaml"
    shutil.copy(ROOT / "clients" / "lumen-health.yaml", profile)
    edit(profile, "slug: lumen-health\n", "slug: lumen-de\n")
    edit(profile, "language: en\n", "language: de\n")
    assert run("build", "--client", str(profile), "--out", str(root), "--site-url", base).exit_code == 0
    with served(root, port) as url:
        yield root, url


@pytest.fixture(scope="module")
def axe(published) -> str:
    """The address of axe-core, served beside the sites (the browser then compiles it once); without
    it the tests skip, saying how to install it (in CI they fail)."""
    if not AXE.is_file():
        message = (
            f"axe-core is not installed ({AXE.relative_to(ROOT)} is missing): run `make browser` "
            "or `npm ci --prefix tests/accessibility`"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root, url = published
    shutil.copy(AXE, root / AXE.name)
    return url + AXE.name


def page_types(site: Path) -> list[tuple[str, str]]:
    """(type, path) of one page of every type that `site` has."""
    found = []
    for name, path in PAGE_TYPES:
        if path.endswith("/"):
            pages = sorted(p for p in (site / path).glob("*.html") if p.name != "index.html")
            path = f"{path}{pages[0].name}" if pages else ""
        if path and (site / path).is_file():
            found.append((name, path))
    return found


def serious_violations(page, axe: str, rules: list[str] | None = None) -> list[str]:
    """axe's serious and critical violations on the open page: id, impact, target and help of each.

    Checklist items out of view are not rendered (content-visibility: auto) until scrolled to, and
    axe then misreads their colours: every item is laid out first, as a reader scrolling would."""
    page.add_style_tag(content=".pb-item { content-visibility: visible !important; }")
    page.add_script_tag(url=axe)
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": TAGS}
    result = page.evaluate("options => axe.run(document, options)", {"runOnly": only, "resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}) at {' '.join(node['target'])}: {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def audit(
    browser, axe: str, url: str, site: Path, scheme: str, size: str, kinds: set[str] | None = None
) -> dict[str, list[str]]:
    """{page type: violations} for one page of every type of `site` (or of `kinds`), at `url`, in
    `scheme`, at `size` (one browser context). A private page is checked locked, then again opened
    with the example passphrase."""
    context = browser.new_context(color_scheme=scheme, **SIZES[size])
    page = context.new_page()
    rules = COLOUR_RULES if scheme == "dark" else None
    found: dict[str, list[str]] = {}
    for name, path in page_types(site):
        if kinds and name not in kinds:
            continue
        page.goto(url + path)
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        if page.locator("[data-pb-locked]").count():
            found[f"{name}, locked"] = serious_violations(page, axe, rules)
            unlock(page)
        found[name] = serious_violations(page, axe, rules)
    context.close()
    return found


def unlock(page) -> None:
    page.fill("input[name=passphrase]", EXAMPLE_PASSPHRASE)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-pb-locked]", state="detached", timeout=30_000)


def report(found: dict[str, list[str]]) -> str:
    return "serious or critical violations:\n" + "\n".join(
        f"{name}: {violation}" for name, violations in found.items() for violation in violations
    )


# The dark scheme changes only colours: it is checked on the generic site and on the client whose
# brand colours are the hardest to keep readable (blue-grey and a dark amber), which keeps the suite fast.
# Every site is checked at both sizes.
SITES = [pytest.param(None, scheme, id=f"generic-{scheme}") for scheme in ("light", "dark")]

SITES += [pytest.param(client, "light", id=f"{client.stem}-light") for client in CLIENTS]

SITES += [pytest.param(client, "dark", id=f"{client.stem}-dark") for client in CLIENTS if client.stem == "fjord-energi"]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("client, scheme", SITES)
def test_no_serious_axe_violations_on_any_page_type(published, browser, axe, client, scheme, size):
    root, url = published
    folder = f"{client.stem}/" if client else ""
    found = audit(browser, axe, url + folder, root / folder, scheme, size)
    assert SITE_TYPES | ({"report", "roadmap"} if client else set()) <= set(found)
    private = client is not None and "\nprivate: true\n" in client.read_text(encoding="utf-8")
    assert ("report, locked" in found) == private
    assert not any(found.values()), report(found)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violations_without_a_matrix(published, browser, axe, scheme, size):
    root, url = published
    assert "quadrants" not in dict(page_types(root / "cmmi5"))
    found = audit(browser, axe, f"{url}cmmi5/", root / "cmmi5", scheme, size, kinds={"home", "checklist"})
    assert set(found) == {"home", "checklist"}
    assert not any(found.values()), report(found)


@pytest.mark.browser
def test_a_client_in_a_language_the_model_lacks_gets_one_language_throughout(published, browser):
    """No German model: the content is English, and so is the theme around it (one `lang` is right
    for every block, and the search speaks English too)."""
    root, url = published
    page = browser.new_page()
    for path in ("lumen-de/index.html", "lumen-de/report.html"):
        page.goto(url + path)
        assert page.get_attribute("html", "lang") == "en"
        assert page.evaluate("document.querySelector('article').closest('[lang]').lang") == "en"
        assert page.get_attribute(".md-search__input", "placeholder") == "Search"
        assert page.evaluate("[...document.querySelectorAll('[lang]')].map(e => e.lang)") == ["en"]
    assert '"lang":["en"]' in (root / "lumen-de" / "search" / "search_index.json").read_text(encoding="utf-8")
    page.close()


# The colour behind an element: the first ancestor's (or its own) that has a background.
BACKGROUND = """element => {
    for (let e = element; e; e = e.parentElement) {
        const colour = getComputedStyle(e).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)') return colour;
    }
    return 'rgb(255, 255, 255)';
}"""

FOCUSABLE = {  # a control of every kind on the checklist page
    "radio": ".pb-options input[type=radio]",
    "button": ".md-typeset button.md-button",
    "link": ".md-typeset p a[href]",
    "summary": ".md-typeset summary",
    "text input": ".md-typeset input[type=text]",
    "palette toggle": ".md-header__option input.md-option",
}


def focus_ring(page, selector: str) -> dict:
    """Screenshots (PNG, base64) around the first visible `selector` before and after keyboard focus,
    its focus outline, the colour behind it (CSS colours) and the shots' size in pixels."""
    toggle = selector == FOCUSABLE["palette toggle"]  # hidden radios, drawn by one visible label
    handle = page.locator(selector).first if toggle else page.locator(selector).locator("visible=true").first
    shown = page.locator(".md-header__option > label:not([hidden])") if toggle else handle
    shown.scroll_into_view_if_needed()
    box = shown.bounding_box()
    clip = {"x": box["x"] - 8, "y": box["y"] - 8, "width": box["width"] + 16, "height": box["height"] + 16}
    before = page.screenshot(clip=clip)
    page.keyboard.press("Shift")  # keyboard use: focus from here on is shown (:focus-visible)
    handle.focus()
    page.wait_for_timeout(50)
    after = page.screenshot(clip=clip)
    ring = shown.evaluate(f"""(shown) => {{
        const style = getComputedStyle(shown);
        return {{width: parseFloat(style.outlineWidth), style: style.outlineStyle, colour: style.outlineColor,
                behind: ({BACKGROUND})(shown.parentElement)}};
    }}""")
    page.evaluate("document.activeElement.blur()")
    return {
        **ring,
        "before": base64.b64encode(before).decode(),
        "after": base64.b64encode(after).decode(),
        "pixels": round(clip["width"]) * round(clip["height"]),
    }


def changed_pixels(page, before: str, after: str) -> int:
    """How many pixels differ (by more than a little, in any channel) between two PNG screenshots."""
    return page.evaluate(
        """async ([before, after]) => {
        const pixels = async (png) => {
            const image = new Image();
            image.src = 'data:image/png;base64,' + png;
            await image.decode();
            const canvas = document.createElement('canvas');
            canvas.width = image.width; canvas.height = image.height;
            const context = canvas.getContext('2d');
            context.drawImage(image, 0, 0);
            return context.getImageData(0, 0, image.width, image.height).data;
        };
        const [a, b] = [await pixels(before), await pixels(after)];
        let changed = 0;
        for (let i = 0; i < a.length; i += 4) {
            if (Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2])) > 40) changed++;
        }
        return changed;
    }""",
        [before, after],
    )


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_control_shows_a_clear_focus_ring(published, browser, scheme):
    root, url = published
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{url}fjord-energi/checklist.html")  # brand colours and a header in blue-grey
    page.locator("details.pb-menu > summary").click()  # the name field waits in the menu
    rings = {kind: focus_ring(page, selector) for kind, selector in FOCUSABLE.items()}
    compare = context.new_page()
    for kind, ring in rings.items():
        changed = changed_pixels(compare, ring["before"], ring["after"])
        assert changed >= ring["pixels"] * 0.05, f"{kind}: focused and unfocused differ in {changed} pixels only"
        assert ring["width"] >= 2 and ring["style"] == "solid", f"{kind}: {ring}"
        behind = opaque(ring["behind"])
        assert contrast.ratio(opaque(ring["colour"], behind), behind) >= 3, f"{kind}: {ring}"
    context.close()


@pytest.mark.browser
def test_the_footer_links_have_names_on_a_phone(published, browser, axe):
    """On a phone the theme shows the footer's "Previous" link as a bare arrow: its title must
    still name it for a screen reader."""
    _, url = published
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page.goto(url + "checklist.html")
    assert page.locator(".md-footer__link--prev").count() == 1
    assert serious_violations(page, axe, ["link-name"]) == []
    page.close()


@pytest.mark.browser
def test_tables_that_scroll_on_a_phone_can_be_reached_by_keyboard(published, browser, axe):
    """A table wider than a phone scrolls in its wrapper: the wrapper takes the focus, with a name.
    A private page's tables arrive once it is unlocked, unwrapped: such a table takes them itself."""
    _, url = published
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    regions = tables = 0
    for path in ("checklist.html", "lumen-health/report.html", "northwind-retail/report.html"):
        page.goto(url + path)
        if page.locator("[data-pb-locked]").count():
            unlock(page)
        page.wait_for_timeout(100)  # the theme wraps tables as it shows the page, then we mark them
        assert serious_violations(page, axe, ["scrollable-region-focusable"]) == [], path
        regions += page.locator(".md-typeset__scrollwrap[tabindex='0'][role='region'][aria-label]").count()
        tables += page.locator("table[tabindex='0'][aria-label]:not([role])").count()
    assert regions >= 1 and tables >= 1
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_comparison_with_the_team_has_no_serious_violations_on_a_phone(published, browser, axe, scheme):
    """The team's answer under each item and the pressed "Compare" button, in the brand colours
    that are hardest to keep readable (Fjord Energi's blue-grey and dark amber)."""
    _, url = published
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme, is_mobile=True)
    page = context.new_page()
    page.goto(url + "fjord-energi/checklist.html")
    # Items out of view are laid out only when shown (content-visibility): axe would read the colour
    # behind their text from wherever the estimated sizes put it. Lay them all out.
    page.add_style_tag(content=".pb-item { content-visibility: visible !important; }")
    page.get_by_role("button", name="Sammenlign med teamet").click()
    assert page.locator(".pb-team-answer:visible").count() > 50
    assert serious_violations(page, axe, COLOUR_RULES if scheme == "dark" else None) == []
    context.close()


@pytest.mark.browser
def test_answers_and_buttons_are_44px_touch_targets_on_a_phone(published, browser):
    _, url = published
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    for path in ("checklist.html", "northwind-retail/checklist.html", "lumen-health/checklist.html"):
        page.goto(url + path)
        small = page.evaluate("""() => [...document.querySelectorAll(
                '.pb-options label, .md-content button, .md-content .md-button')]
            .filter(e => e.getClientRects().length)
            .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
            .filter(([, r]) => r.width < 44 || r.height < 44)
            .map(([text, r]) => `${text}: ${Math.round(r.width)}x${Math.round(r.height)}`)""")
        assert page.locator(".pb-options label").count() > 50
        assert small == [], path
    page.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_you_are_here_marker_keeps_3_to_1_on_every_cell(published, browser, scheme):
    _, url = published
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    for client in CLIENTS:
        page.goto(f"{url}{client.stem}/report.html")
        if page.locator("[data-pb-locked]").count():
            unlock(page)
        colours = page.evaluate(f"""() => {{
            const fill = e => getComputedStyle(e).fill, stroke = e => getComputedStyle(e).stroke;
            const dot = document.querySelector('.pb-dot-now');
            return {{page: ({BACKGROUND})(dot.closest('svg')), dot: fill(dot), ring: stroke(dot),
                    cells: [...document.querySelectorAll('rect.pb-cell')].map(fill)}};
        }}""")
        background = opaque(colours["page"])
        for cell in colours["cells"]:
            cell = opaque(cell, background)
            dot, ring = opaque(colours["dot"], cell), opaque(colours["ring"], cell)
            assert contrast.ratio(dot, ring) >= 3
            assert max(contrast.ratio(dot, cell), contrast.ratio(ring, cell)) >= 3, (client.stem, colours)
    context.close()


@pytest.mark.slow
def test_the_reports_chart_states_the_position_and_scores(published):
    root, _ = published
    report = (root / "lumen-health" / "report.html").read_text(encoding="utf-8")
    title = html.unescape(re.search(r'<title id="pb-matrix-title">([^<]*)</title>', report)[1])
    assert re.fullmatch(r"Lumen Health: #SocialFirst \(Investment \d+(\.\d+)?, Innovation \d+(\.\d+)?\)", title), title


@pytest.mark.browser
def test_the_checklists_chart_states_the_position_as_answers_change(published, browser):
    _, url = published
    page = browser.new_page()
    page.goto(f"{url}checklist.html")
    page.evaluate("document.querySelectorAll('.pb-options input[value=yes]').forEach(radio => radio.click())")
    settled(page)
    name = page.text_content("[data-pb-position]")
    assert re.fullmatch(r"Your position: #SocialFirst \(Investment 100%, Innovation 100%\)", name), name
    page.close()


@pytest.mark.browser
def test_the_palette_follows_the_system_and_toggles_on_every_site(published, browser):
    root, url = published
    for folder in ("", *(f"{p.stem}/" for p in CLIENTS)):
        home = (root / folder / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'data-md-color-media="([^"]+)" data-md-color-scheme="(\w+)"', home) == [
            ("(prefers-color-scheme: light)", "default"),
            ("(prefers-color-scheme: dark)", "slate"),
        ]
        assert len(re.findall(r'class="md-option"[^>]* aria-label="[^"]+"', home)) == 2
    page = browser.new_context(color_scheme="dark").new_page()
    page.goto(f"{url}fjord-energi/index.html")
    page.click(".md-header__option label:visible")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.close()


def opaque(colour: str, background: str = "#ffffff") -> str:
    """A CSS rgb()/rgba() colour as #rrggbb, drawn over `background`."""
    channels = [float(c) for c in re.findall(r"[\d.]+", colour)]
    red, green, blue = (round(c) for c in channels[:3])
    alpha = channels[3] if len(channels) > 3 else 1.0
    return contrast.over(f"#{red:02x}{green:02x}{blue:02x}{round(alpha * 255):02x}", background)
