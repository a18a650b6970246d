"""What a client's checklist page offers beside the respondent's own answers
(generator/pages/checklist_start.py): the team's latest answers, only what several respondents
agree on, no notes, and never a private client's answers; which PDFs its pages offer."""

from __future__ import annotations

import dataclasses
import re

from generator.clients.profiles import load_client
from generator.model.loading import load_model
from generator.pages.rendering import make_environment, render_pages
from generator.pages.views import site_pages
from generator.paths import TEMPLATES
from tests.helpers.data import CONTENT, ROOT

MODEL = load_model(CONTENT)

CLIENTS = ROOT / "clients"


def checklist_of(pages):
    return next(page for page in pages if page.path == "checklist.md")


def test_a_client_has_its_latest_assessment_as_the_teams_answers():
    client = load_client(CLIENTS / "lumen-health.yaml", MODEL)
    page = checklist_of(site_pages(MODEL, client))
    latest = client.assessments[-1].respondents[0]
    assert page.context["client_data"]["team"] == {"answers": latest.answers, "differ": []}
    assert page.context["client_data"]["client"] == "lumen-health"
    assert page.context["team"] == ("Your team answered on 2026-10-20.")


def test_several_respondents_give_what_they_all_answered_alike_and_where_they_differ():
    client = load_client(CLIENTS / "fjord-energi.yaml", MODEL)
    respondents = client.assessments[-1].respondents
    page = checklist_of(site_pages(MODEL, client))
    agreed = {
        item_id: value
        for item_id, value in respondents[0].answers.items()
        if all(r.answers.get(item_id) == value for r in respondents)
    }
    differ = [
        item.id for item in MODEL.items if item.id not in agreed and any(item.id in r.answers for r in respondents)
    ]
    assert page.context["client_data"]["team"] == {"answers": agreed, "differ": differ}
    assert 0 < len(agreed) < len(respondents[0].answers) and differ
    assert page.context["team"].endswith(
        f"Its {len(respondents)} respondents gave {len(agreed)} answers alike; the rest differ."
    )


def test_a_private_client_gets_no_answers_on_its_checklist_page():
    client = load_client(CLIENTS / "northwind-retail.yaml", MODEL)
    assert client.profile.private and client.assessments
    page = checklist_of(site_pages(MODEL, client))
    assert "team" not in page.context["client_data"] and page.context["team"] is None


def test_only_a_private_clients_locked_report_page_offers_its_report_pdf():
    def downloads(slug: str) -> dict[str, list[str]]:
        pages = site_pages(MODEL, load_client(CLIENTS / f"{slug}.yaml", MODEL), ("checklist.pdf", "report.pdf"))
        return {
            page.path: [d["link"] for d in page.context["downloads"]] for page in pages if "downloads" in page.context
        }

    both = ["checklist.pdf", "report.pdf"]
    assert downloads("northwind-retail") == {
        "checklist.md": ["checklist.pdf"],
        "report.md": both,
        "print/checklist.md": ["../checklist.pdf"],
    }
    assert downloads("lumen-health") == {
        "checklist.md": both,
        "report.md": both,
        "print/checklist.md": ["../checklist.pdf", "../report.pdf"],
    }


def test_the_menu_tells_a_client_where_the_file_goes_and_only_the_generic_site_names_the_command():
    def menu_note(client=None):
        page = checklist_of(site_pages(MODEL, client))
        markdown = render_pages([page], make_environment((TEMPLATES,)))["checklist.md"]
        return re.search(r'<p class="pb-menu-note">(.*?)</p>', markdown).group(1)

    generic, client = menu_note(), menu_note(load_client(CLIENTS / "fjord-energi.yaml", MODEL))
    assert "export them to keep a file that playbook score reads." in generic
    assert "playbook" not in client
    assert "when you are done, export them and send the file to the person running the assessment." in client


def test_checklist_filters_offer_each_keys_values_over_the_items_numbers_in_order():
    """One filter per `checklist.filters` key, its values from every item (each element of a
    list), numbers in numeric order; each item carries what it gives each filter."""
    model = load_model(ROOT / "tests" / "fixtures" / "cmmi5")
    page = checklist_of(site_pages(model))
    assert page.context["filters"] == [
        {"key": "difficulty", "label": "Difficulty", "options": ["1", "2", "2.5", "3"]},
        {"key": "tags", "label": "Tags", "options": ["documents", "measures", "planning", "reviews"]},
    ]
    values = page.context["filter_values"]
    assert values["plans-written"] == {"difficulty": ["1"], "tags": ["planning", "documents"]}
    assert values["effort-recorded"] == {}
    markdown = render_pages([page], make_environment((TEMPLATES,)))["checklist.md"]
    assert (
        'data-pb-facts="{&quot;difficulty&quot;:[&quot;1&quot;],&quot;tags&quot;:[&quot;planning&quot;,'
        '&quot;documents&quot;]}"' in markdown
    )
    assert '<select data-pb-filter="tags" autocomplete="off"><option value="">All</option>' in markdown
    assert "Showing 13 of 13 statements</p>" in markdown


def test_a_checklist_without_filters_has_no_filter_controls_or_item_facts():
    page = checklist_of(site_pages(MODEL))
    markdown = render_pages([page], make_environment((TEMPLATES,)))["checklist.md"]
    assert page.context["filters"] == [] and "data-pb-filter" not in markdown and "data-pb-facts" not in markdown


def test_checklist_filters_order_numbers_given_as_text_and_show_text_as_html_does():
    """A spreadsheet gives meta as text: `10` still comes after `2`; a run of spaces is one, so a
    chosen option's value is what the item carries."""
    model = load_model(ROOT / "tests" / "fixtures" / "cmmi5")
    given = ["10", "2", "x  y", "2.5"]
    items = [
        item.model_copy(update={"meta": {"difficulty": value}})
        for item, value in zip(model.items[:4], given, strict=True)
    ]
    model = dataclasses.replace(model, items=items, filters=["difficulty"])
    page = checklist_of(site_pages(model))
    assert page.context["filters"][0]["options"] == ["2", "2.5", "10", "x y"]
    assert page.context["filter_values"][items[2].id] == {"difficulty": ["x y"]}
