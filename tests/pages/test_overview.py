"""The report's overview chart of every pillar (generator/pages/overview.py,
templates/partials/overview.svg.j2): a radar for three to ten pillars whose labels never overlap
each other, the rings or the edge, with a text equivalent that states the report's scores; bars
below three pillars, a heatmap above ten; and on paper it leaves the summary on page 2."""

from __future__ import annotations

import html
import itertools
import json
import math
import re

import pytest

from generator.assessment.evaluation import evaluate
from generator.build.pipeline import render_site
from generator.clients.profiles import load_client
from generator.formatting import format_number
from generator.model.loading import load_model
from generator.pages.overview import RADIUS, WIDTH, overview_chart, wrap
from generator.pages.rendering import make_environment
from generator.paths import TEMPLATES
from tests.helpers.browser import chromium
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, FIXTURES, MINI, ROOT
from tests.helpers.files import write
from tests.helpers.pdf import pdf_text, words

MODELS = {"bundled": CONTENT, **{name: FIXTURES / name for name in ("cmmi5", "samm", "long-labels")}}


def series(count: int, kinds=("now", "previous", "target")) -> list[dict]:
    values = [[(17 * i + 40 * k) % 101 for i in range(count)] for k in range(len(kinds))]
    return [{"kind": kind, "label": kind, "values": v} for kind, v in zip(kinds, values, strict=True)]


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def outside_rings(box, centre) -> bool:
    """Whether the box's nearest point to the centre lies beyond the outer ring."""
    nearest_x = min(max(centre[0], box[0]), box[2])
    nearest_y = min(max(centre[1], box[1]), box[3])
    return math.dist(centre, (nearest_x, nearest_y)) > RADIUS


@pytest.mark.parametrize("name", MODELS)
def test_a_models_pillars_get_a_radar_whose_labels_keep_clear_of_each_other_and_the_rings(name):
    names = [pillar.name for pillar in load_model(MODELS[name]).pillars]
    chart = overview_chart(names, series(len(names)))
    assert chart["kind"] == "radar" and len(chart["polygons"]) == 3
    boxes = [label["box"] for label in chart["labels"]]
    for a, b in itertools.combinations(boxes, 2):
        assert not overlap(a, b), (a, b)
    for box in boxes:
        assert outside_rings(box, chart["centre"]) and box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0, box
        assert box[3] <= chart["legend_y"] - 20, box  # above the legend's band


@pytest.mark.parametrize("count", range(3, 11))
def test_long_names_on_three_to_ten_spokes_never_overlap(count):
    names = [f"Pillar {i} of governance and delivery" for i in range(count)]
    chart = overview_chart(names, series(count, ("now",)))
    for a, b in itertools.combinations([label["box"] for label in chart["labels"]], 2):
        assert not overlap(a, b), (count, a, b)


def test_fewer_than_three_pillars_fall_back_to_bars_and_more_than_ten_to_a_heatmap():
    assert overview_chart(["A", "B"], series(2))["bars"] == [{"name": "A", "value": 0}, {"name": "B", "value": 17}]
    heatmap = overview_chart([f"P{i}" for i in range(11)], series(11))
    assert heatmap["kind"] == "heatmap" and heatmap["rows"][1] == {"name": "P1", "values": [17, 57, 97]}


def test_a_heatmap_writes_each_pillars_number_in_a_shaded_cell():
    chart = overview_chart([f"Stream {i}" for i in range(12)], series(12))
    template = make_environment((TEMPLATES,)).from_string(
        '{% from "partials/overview.svg.j2" import overview_svg %}{{ overview_svg(chart, "Score", "x") }}'
    )
    table = html.unescape(template.render(chart=chart, language="nb"))
    assert table.count('<tr><th scope="row">') == 12 and "<polygon" not in table
    assert (
        '<th scope="row">Stream 1</th><td style="--pb-heat: 0.17">17</td><td style="--pb-heat: 0.57">57</td>' in table
    )


def test_a_label_wraps_between_words_and_keeps_a_long_word_whole():
    assert wrap("Threat assessment and response planning") == ["Threat", "assessment and", "response", "planning"]
    assert wrap("Interoperabilitymanagement") == ["Interoperabilitymanagement"]


def client_with_history(tmp_path, model):
    """A client with two assessments answering every item (different answers) and a target."""
    answers = [
        {
            item.id: model.scale_of(item)[(i + shift) % len(model.scale_of(item))].value
            for i, item in enumerate(model.items)
        }
        for shift in (0, 1)
    ]
    profile = f"name: Acme\nslug: acme\ntarget: {{stage: {model.stages[-1].id}}}\nassessments:\n"
    profile += "".join(f"  - assessed: 2026-0{n + 1}-01\n    answers: {json.dumps(a)}\n" for n, a in enumerate(answers))
    return load_client(write(tmp_path / "acme.yaml", profile), model)


@pytest.mark.parametrize("name", ["bundled", "cmmi5", "samm"])
def test_the_charts_text_equivalent_states_the_reports_pillar_scores(tmp_path, name):
    model = load_model(MODELS[name])
    client = client_with_history(tmp_path, model)
    now, before = (evaluate(model, a, client.target).result.pillars for a in client.assessments[::-1])
    report = html.unescape(str(render_site(model, client)[0]["report.md"]))
    descs = re.findall(r'<desc id="pb-overview(?:-print)?-desc">(.*?)</desc>', report)
    assert len(descs) == 2 and descs[0] == descs[1]  # on paper and on screen
    language = model.info.language
    for pillar in model.pillars:
        stated = re.search(rf"{re.escape(pillar.name)}: 2026-02-01 ([\d.,]+), 2026-01-01 ([\d.,]+), Target", descs[0])
        assert stated and stated.groups() == (
            format_number(language, now[pillar.id], 1),
            format_number(language, before[pillar.id], 1),
        ), pillar.id
    assert report.count('class="pb-overview-series pb-overview-target"') == 4  # polygon and legend, twice


def test_a_model_of_two_pillars_shows_their_bars_on_paper_and_no_radar(tmp_path):
    model = load_model(MINI)
    report = str(render_site(model, client_with_history(tmp_path, model))[0]["report.md"])
    assert report.count('class="pb-overview pb-overview-bars"') == 1 and "<polygon" not in report


@pytest.mark.browser
@pytest.mark.parametrize("count", [3, 6, 10])
def test_each_label_as_a_browser_draws_it_lies_within_the_box_the_layout_gave_it(count):
    names = [pillar.name for pillar in load_model(FIXTURES / "long-labels").pillars]
    names = (names * 2)[:count]
    chart = overview_chart(names, series(count))
    template = make_environment((TEMPLATES,)).from_string(
        '{% from "partials/overview.svg.j2" import overview_svg %}{{ overview_svg(chart, "Score", "x") }}'
    )
    css = (TEMPLATES / "assets" / "playbook.css").read_text(encoding="utf-8")
    font = "body { font-family: Roboto, -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif; }"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 640, "height": 900})
        page.set_content(f"<style>{css}{font}</style><body class='md-typeset'>{template.render(chart=chart)}</body>")
        drawn = page.eval_on_selector_all(
            ".pb-overview-label",
            "texts => texts.map(t => { const b = t.getBBox(); "
            "return [t.dataset.pbBox, [b.x, b.y, b.x + b.width, b.y + b.height]]; })",
        )
    assert len(drawn) == count
    for box, (left, top, right, bottom) in drawn:
        given = [float(n) for n in box.split()]
        assert given[0] <= left + 0.5 and given[1] <= top + 0.5 and right <= given[2] + 0.5 and bottom <= given[3] + 0.5


@pytest.mark.browser
def test_the_summary_page_with_the_chart_still_fits_on_page_two(tmp_path):
    out = tmp_path / "site"
    result = run("build", "--client", str(ROOT / "clients" / "lumen-health.yaml"), "--out", str(out), "--pdf", "a4")
    assert result.exit_code == 0, result.output
    report = out / "lumen-health" / "report.pdf"
    page = words(pdf_text(report, 2))
    assert "Summary" in page and "2026-10-20 2026-02-10 Target Strengths" in page and "Next steps 1. " in page
    assert "answers moved up" in page and "Your assessment" in words(pdf_text(report, 3))
