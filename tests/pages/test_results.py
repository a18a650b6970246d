"""The results panel and the rules behind it (generator/pages/results.py): thresholds with the
bars they judge, drawn with a text alternative, and every answer scale the items use."""

from __future__ import annotations

import html

from generator.model.loading import load_model
from generator.pages.rendering import make_environment
from generator.pages.results import results_view, rules_view
from generator.paths import TEMPLATES
from tests.helpers.data import CONTENT, MINI, ROOT

MODEL = load_model(CONTENT)


def test_the_thresholds_come_with_the_bars_they_judge():
    bars = {bar["group"]: bar for bar in results_view(MODEL)["bars"]}
    assert bars["stages"]["threshold"] == MODEL.scoring.stage_threshold
    assert bars["axes"]["threshold"] == MODEL.scoring.axis_threshold
    assert bars["pillars"]["threshold"] is None and bars["pillars"]["note"] == ""
    assert bars["stages"]["note"] == "The line marks 70%, the completion at which each stage is reached."


def test_the_report_bars_draw_the_threshold_with_a_text_alternative():
    environment = make_environment((TEMPLATES,))
    svg = environment.from_string(
        '{% from "partials/bars.svg.j2" import bars_svg %}'
        '{{ bars_svg(bars, "Stage completion", 100, threshold=70, note="Reached from 70%") }}'
    ).render(bars=[{"name": "Emerging", "value": 80.0}, {"name": "Evolving", "value": 20.0}])
    svg = html.unescape(svg)
    assert '<line x1="386" y1="2" x2="386" y2="64" class="pb-bar-threshold"/>' in svg
    assert 'aria-label="Stage completion. Reached from 70%"' in svg


def test_the_rules_name_every_scale_the_items_use():
    samm = load_model(ROOT / "tests" / "fixtures" / "samm")
    rules = rules_view(samm)
    assert [scale["name"] for scale in rules["scales"]] == ["coverage", "frequency"]
    assert rules_view(load_model(MINI))["scales"][0]["answers"][-1] == {"label": "Does not apply", "credit": None}
    assert (rules["needed"], rules["total"]) == (12, len(samm.items))
