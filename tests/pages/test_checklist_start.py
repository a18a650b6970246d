"""The checklist page's build-time side: first in the navigation, the assessment a client's page
starts from (never a private client's), and the thresholds and rules its results explain."""

from __future__ import annotations

import html

from generator.clients.profiles import load_client
from generator.model.loading import load_model
from generator.pages.rendering import make_environment
from generator.pages.results import results_view, rules_view
from generator.pages.views import site_pages
from generator.paths import TEMPLATES

from .conftest import CONTENT, MINI, ROOT

MODEL = load_model(CONTENT)
CLIENTS = ROOT / "clients"


def checklist_of(pages):
    return next(page for page in pages if page.path == "checklist.md")


def test_the_checklist_comes_right_after_the_home_page():
    assert [page.path for page in site_pages(MODEL)][:2] == ["index.md", "checklist.md"]
    client = load_client(CLIENTS / "lumen-health.yaml", MODEL)
    assert [page.path for page in site_pages(MODEL, client)][:4] == [
        "index.md",
        "checklist.md",
        "report.md",
        "roadmap.md",
    ]


def test_a_client_starts_from_its_latest_assessment():
    client = load_client(CLIENTS / "lumen-health.yaml", MODEL)
    page = checklist_of(site_pages(MODEL, client))
    latest = client.assessments[-1].respondents[0]
    assert page.context["client_data"]["start"]["answers"] == latest.answers
    assert page.context["client_data"]["client"] == "lumen-health"
    assert page.context["started"] == "Started from your assessment of 2026-10-20."


def test_several_respondents_fill_in_only_what_they_all_answered_alike():
    client = load_client(CLIENTS / "fjord-energi.yaml", MODEL)
    respondents = client.assessments[-1].respondents
    page = checklist_of(site_pages(MODEL, client))
    agreed = {
        item_id: value
        for item_id, value in respondents[0].answers.items()
        if all(r.answers.get(item_id) == value for r in respondents)
    }
    assert page.context["client_data"]["start"] == {"answers": agreed, "notes": {}}
    assert 0 < len(agreed) < len(respondents[0].answers)
    assert page.context["started"].endswith(
        f"It merges {len(respondents)} respondents: only the {len(agreed)} answers they all gave alike are filled in."
    )


def test_a_private_client_gets_no_answers_on_its_checklist_page():
    client = load_client(CLIENTS / "northwind-retail.yaml", MODEL)
    assert client.profile.private and client.assessments
    page = checklist_of(site_pages(MODEL, client))
    assert "start" not in page.context["client_data"] and page.context["started"] is None


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
