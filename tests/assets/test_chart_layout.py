"""The matrix's position marker never covers a text of the chart: the live dot of the checklist
(templates/assets/checklist.js) at the corners, the middle and the threshold of both axes, in
English and in Norwegian, on a desktop and a phone; and the build's dots (report, portfolio),
placed by the same rule (templates/partials/matrix_position.j2)."""

from __future__ import annotations

import jinja2
import pytest

from generator.model.loading import load_model
from generator.numbers import chart_position
from generator.paths import TEMPLATES
from tests.helpers.browser import settled
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, ROOT

MODEL = load_model(CONTENT)

ACROSS, UPWARDS = (axis.id for axis in MODEL.axes)

# What the items of an axis are answered with, in turn, for a score on it of 0, about 25 (the
# middle of a lower cell), just under the threshold (the edge of a lower cell), 50 (the threshold),
# about 75 (the middle of an upper cell) and 100.
SCORES = {
    "0": ["no"],
    "about 25": ["no", "partial"],
    "under 50": ["no"] + ["partial"] * 99,
    "50": ["partial"],
    "about 75": ["partial", "yes"],
    "100": ["yes"],
}

CASES = [(across, upwards) for across in SCORES for upwards in SCORES]

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

TEMPLATE_FILES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True
)

POSITION = TEMPLATE_FILES.get_template("partials/matrix_position.j2")

PORTFOLIO = TEMPLATE_FILES.get_template("portfolio.html.j2")


def answers_for(across: str, upwards: str) -> dict[str, str]:
    """Every item answered so that the two axes score as named in SCORES (an item on neither axis: no)."""
    answers, counts = {}, {ACROSS: 0, UPWARDS: 0}
    for item in MODEL.items:
        if item.axis is None:
            answers[item.id] = "no"
            continue
        values = SCORES[across if item.axis == ACROSS else upwards]
        answers[item.id] = values[counts[item.axis] % len(values)]
        counts[item.axis] += 1
    return answers


# The boxes, in CSS pixels, of the live dot (with its ring) and of every text on the chart: the
# SVG's texts and the cells' names (a range over the text: the link itself spans the whole cell).
BOXES = """() => {
    const chart = document.querySelector('#pb-checklist .pb-matrix-chart');
    const dot = chart.querySelector('[data-pb-dot]');
    const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    const ring = parseFloat(getComputedStyle(dot).strokeWidth) / 2 * dot.getCTM().a;
    const d = dot.getBoundingClientRect();
    const texts = [...chart.querySelectorAll('svg text, .pb-cell-link')].map(element => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return {text: element.textContent, ...box(range.getBoundingClientRect())};
    });
    return {hidden: dot.hasAttribute('hidden'), cx: Number(dot.getAttribute('cx')), cy: Number(dot.getAttribute('cy')),
            dot: {left: d.left - ring, top: d.top - ring, right: d.right + ring, bottom: d.bottom + ring}, texts};
}"""


def overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture(scope="module")
def norwegian_site(tmp_path_factory):
    """Fjord Energi, the Norwegian example client: the bundled model's Norwegian names."""
    out = tmp_path_factory.mktemp("fjord") / "site"
    result = run("build", "--client", str(ROOT / "clients" / "fjord-energi.yaml"), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "fjord-energi"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_live_dot_never_covers_a_text_of_the_matrix(browser, default_site, norwegian_site, language, size):
    site = default_site if language == "en" else norwegian_site
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto((site / "checklist.html").as_uri())
    assert page.get_attribute("html", "lang") == language
    page.locator("[data-pb-details] > summary").click()  # the chart waits under "Scores in detail"
    covered = []
    for across, upwards in CASES:
        answers = answers_for(across, upwards)
        page.evaluate(
            """answers => Object.entries(answers).forEach(([id, value]) =>
            document.querySelector(`input[name='pb-${id}'][value='${value}']`).click())""",
            answers,
        )
        settled(page)
        raw = page.evaluate(
            """answers => PlaybookScoring.score(
                JSON.parse(document.getElementById('pb-checklist').dataset.pbModel), answers).raw.axes""",
            answers,
        )
        x, y = (chart_position(raw[axis], MODEL.scoring.axis_threshold) for axis in (ACROSS, UPWARDS))
        boxes = page.evaluate(BOXES)
        assert not boxes["hidden"]
        # the script draws the dot where the build draws the report's
        assert (round(boxes["cx"], 2), round(boxes["cy"], 2)) == (
            float(POSITION.module.matrix_x(x)),
            float(POSITION.module.matrix_y(y)),
        )
        assert len(boxes["texts"]) == 4 + len(MODEL.quadrants)
        covered += [f"{across}/{upwards}: {t['text']}" for t in boxes["texts"] if overlaps(boxes["dot"], t)]
    assert covered == []
    context.close()


def test_every_dot_the_build_draws_keeps_inside_its_cell_below_the_name():
    """Chart positions across both axes, the threshold and both ends: the dot with its ring lies
    inside the cell of its quadrant, below the band of the cell's name."""
    ring = 9 + 1.5
    for x in (0, 0.1, 25, 49.99, 50, 75, 99.9, 100):
        column = 1 if x >= 50 else 0
        cx = float(POSITION.module.matrix_x(x))
        assert 64 + column * 166 <= cx - ring and cx + ring <= 64 + column * 166 + 160, x
    for y in (0, 0.1, 25, 49.99, 50, 75, 99.9, 100):
        row = 0 if y >= 50 else 1
        cy = float(POSITION.module.matrix_y(y))
        assert 14 + row * 161 + 44 <= cy - ring and cy + ring <= 14 + row * 161 + 155, y


@pytest.mark.browser
def test_the_portfolio_dots_and_their_names_never_cover_a_cells_name(browser, tmp_path):
    """The portfolio page (templates/portfolio.html.j2, plain data in) with a client at each of the
    positions the checklist test reaches: no dot, nor a client's name beside it, covers a text of
    the chart other than that name."""
    positions = (0, 25, 49.9, 50, 75, 100)
    matrix = {
        "across": {"name": "Investment", "low": "Low investment", "high": "High investment"},
        "upwards": {"name": "Innovation", "low": "Low", "high": "High"},
        "cells": [
            {"name": name, "column": i % 2, "row": i // 2}
            for i, name in enumerate(("Contenders", "#SocialFirst", "Observers", "Konservative"))
        ],
        "dots": [{"name": f"Client {x}/{y}", "x": x, "y": y} for x in positions for y in positions],
    }
    context = {
        "title": "Portfolio",
        "model": {"name": "M", "version": "1"},
        "columns": [],
        "rows": [],
        "not_assessed": [],
        "matrix": matrix,
    }
    page_file = tmp_path / "index.html"
    page_file.write_text(PORTFOLIO.render(context), encoding="utf-8")
    page = browser.new_page()
    page.goto(page_file.as_uri())
    covered = page.evaluate("""() => {
        const box = e => e.getBoundingClientRect(), meet = (a, b) =>
            a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const fixed = [...document.querySelectorAll('svg text:not(.dot-label)')];
        const marks = [...document.querySelectorAll('svg circle.dot, svg text.dot-label')];
        return marks.flatMap(m => fixed.filter(t => meet(box(m), box(t))).map(t => `${m.textContent}: ${t.textContent}`));
    }""")
    assert page.locator("svg circle.dot").count() == len(positions) ** 2
    assert covered == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_no_text_of_the_reports_bar_charts_covers_a_bar_or_another_text(browser, norwegian_site, size):
    """The bar charts of the Norwegian client's report and roadmap (the longer words): each name
    and value stays clear of the bars, the threshold line and every other text."""
    page = browser.new_page(viewport=SIZES[size])
    charts = 0
    for path in ("report.html", "roadmap.html"):
        page.goto((norwegian_site / path).as_uri())
        charts += page.locator("svg.pb-bars-chart").count()
        covered = page.evaluate("""() => [...document.querySelectorAll('svg.pb-bars-chart')].flatMap(svg => {
            const box = e => e.getBoundingClientRect(), meet = (a, b) =>
                a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            const texts = [...svg.querySelectorAll('text')], shapes = [...svg.querySelectorAll('rect, line')];
            return texts.flatMap((t, i) => [...shapes, ...texts.slice(i + 1)].filter(s => meet(box(t), box(s)))
                .map(s => `${t.textContent} x ${s.textContent || s.getAttribute('class')}`));
        })""")
        assert covered == [], path
    assert charts >= 4
    page.close()
