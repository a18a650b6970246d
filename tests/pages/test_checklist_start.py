"""What the checklist page starts with (generator/pages/checklist_start.py): a client's latest
assessment, only what several respondents agree on, and never a private client's answers."""

from __future__ import annotations

from generator.clients.profiles import load_client
from generator.model.loading import load_model
from generator.pages.views import site_pages
from tests.helpers.data import CONTENT, ROOT

MODEL = load_model(CONTENT)

CLIENTS = ROOT / "clients"


def checklist_of(pages):
    return next(page for page in pages if page.path == "checklist.md")


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
