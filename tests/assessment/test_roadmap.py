"""The roadmap (generator/assessment/roadmap.py): never a step before what it requires, every
open item the target asks for on it, and the client's plan on the page, each entry on its step."""

from __future__ import annotations

import dataclasses
import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.assessment.answers import Assessment, Respondent
from generator.assessment.evaluation import evaluate
from generator.assessment.roadmap import roadmap
from generator.assessment.targets import Target
from generator.build.pipeline import render_site
from generator.clients.profiles import load_client
from generator.model.loading import load_model
from tests.helpers.data import CONTENT, MINI, ROOT
from tests.helpers.files import write

DEPS = ROOT / "tests" / "fixtures" / "deps"

deps_model = load_model(DEPS)

answer_sets = st.fixed_dictionaries(
    {}, optional={item.id: st.sampled_from([o.value for o in deps_model.scale_of(item)]) for item in deps_model.items}
)


@settings(max_examples=60, deadline=None)
@given(answer_sets, st.sampled_from([None, "reactive", "tracked", "optimised"]))
def test_the_roadmap_never_puts_a_step_before_what_it_requires(answers, stage):
    assessment = Assessment(None, (Respondent("", None, {k: _response(v) for k, v in answers.items()}),))
    evaluation = evaluate(deps_model, assessment, Target(stage=stage) if stage else None)
    phases = roadmap(deps_model, evaluation)
    position = {step.item: (number, index) for number, steps in enumerate(phases) for index, step in enumerate(steps)}
    items = {item.id: item for item in deps_model.items}
    requires = {p.id: p.requires for p in deps_model.practices}
    step_requires = {st.id: st.requires for s in deps_model.stages for st in s.steps}
    for item_id, place in position.items():
        item = items[item_id]
        needed = [
            o
            for o in deps_model.items
            if o.id in position
            and (o.practice in requires.get(item.practice, []) or o.step in step_requires.get(item.step, []))
        ]
        for other in needed:
            assert position[other.id] < place, (other.id, item_id, phases)
    for item_id, aimed in evaluation.aimed.items():  # every open item the target asks for is on it
        credit = evaluation.credits.get(item_id, 0.0)
        assert (item_id in position) == (credit is not None and (credit or 0.0) < aimed)


def _response(value):
    from generator.assessment.answers import Response

    return Response(value)


PLANNED = """name: Acme
slug: acme
language: {language}
target: {{stage: {stage}}}
assessments:
  - assessed: 2026-05-01
    plan:
      {second}: {{owner: Ada Lund, due: 2027-01-31, effort: 3, status: doing, note: "After the | review"}}
      {first}: {{owner: Ben, due: 2026-11-30, effort: s, status: done}}
    answers: {{{answered}: "yes"}}
"""


def _any_answer_counts(model):
    """`model` giving a verdict from the first answer (min_answered 0): these tests look at the
    roadmap's layout, not at how many answers a verdict needs."""
    scoring = model.scoring.model_copy(update={"min_answered": 0})
    return dataclasses.replace(model, info=model.info.model_copy(update={"scoring": scoring}))


def _roadmap_markdown(tmp_path, content, language="en") -> tuple[str, list[str]]:
    """A client's roadmap page (Markdown) with a plan for its first two steps, and its steps in order."""
    model = _any_answer_counts(load_model(content))
    answered, target = model.items[0].id, model.stages[-1].id
    blank = Assessment(None, (Respondent("", None, {answered: _response("yes")}),))
    phases = roadmap(model, evaluate(model, blank, Target(stage=target)))
    order = [step.item for steps in phases for step in steps]
    profile = PLANNED.format(language=language, stage=target, first=order[0], second=order[1], answered=answered)
    client = load_client(write(tmp_path / "acme.yaml", profile), model)
    docs, _ = render_site(model, client)
    return str(docs["roadmap.md"]), order


def test_the_roadmap_page_shows_each_plan_entry_on_its_step_and_empty_cells_elsewhere(tmp_path):
    markdown, order = _roadmap_markdown(tmp_path, MINI)
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "<code>" in line]
    cells = {re.search(r"<code>(.+?)</code>", row)[1].replace("&#45;", "-"): row.split(" | ")[2:] for row in rows}
    assert list(cells) == order and len(order) == 3  # the roadmap's own order, whatever the plan says
    assert cells[order[0]] == ["Ben", "2026&#45;11&#45;30", "S", "Done", " |"]
    assert cells[order[1]] == ["Ada Lund", "2027&#45;01&#45;31", "3 days", "Doing", "After the &#124; review |"]
    assert cells[order[2]] == ["", "", "", "", " |"]
    timeline = markdown[markdown.index("## Timeline") :]
    assert timeline.index("**November 2026**") < timeline.index("Ben") < timeline.index("**January 2027**")


def test_a_norwegian_clients_roadmap_speaks_norwegian(tmp_path):
    markdown, _ = _roadmap_markdown(tmp_path, CONTENT, language="nb")
    assert "| # | Steg | Ansvarlig | Frist | Innsats | Status | Notat |" in markdown
    assert "## Fase 1" in markdown and "## Tidslinje" in markdown and "3 dager" in markdown
    assert "Pågår" in markdown and "Ferdig" in markdown
    assert "**november 2026**" in markdown and "**januar 2027**" in markdown


def test_the_report_prints_the_roadmap_after_the_commentary_without_links(tmp_path):
    """On paper the report carries the roadmap, each phase a table with the plan's cells; the links
    and the screen's own roadmap page stay on screen."""
    model = _any_answer_counts(load_model(MINI))
    answered, target = model.items[0].id, model.stages[-1].id
    blank = Assessment(None, (Respondent("", None, {answered: _response("yes")}),))
    order = [step.item for steps in roadmap(model, evaluate(model, blank, Target(stage=target))) for step in steps]
    profile = PLANNED.format(language="en", stage=target, first=order[0], second=order[1], answered=answered)
    profile = profile.replace("    plan:", "    commentary: Our view.\n    plan:")
    client = load_client(write(tmp_path / "acme.yaml", profile), model)
    report = str(render_site(model, client)[0]["report.md"])
    printed = report[
        report.index('<section class="pb-print-only pb-print-roadmap">') : report.index(
            "</section>", report.index("pb-print-roadmap")
        )
    ]
    assert report.index("## Commentary") < report.index("pb-print-roadmap") < report.index("## Where you stand")
    rows = re.findall(r"<tr><td>(\d+)</td><td>(.*?)<span", printed)
    texts = {item.id: item.action or item.text for item in model.items}
    assert [html.unescape(text) for _, text in rows] == [texts[item] for item in order]
    assert (
        '<td>Ben</td><td class="pb-nowrap">2026&#45;11&#45;30</td><td class="pb-nowrap">S</td><td>Done</td>' in printed
    )
    assert "href" not in printed and "November 2026" in printed


def test_the_roadmap_page_shows_a_fractional_target_and_the_score_now_beside_it(tmp_path):
    profile = 'name: S\nslug: s\ntarget: {pillars: {threats: "1.5", hardening: level-2}}\nassessments:\n'
    profile += '  - assessed: 2026-05-01\n    answers: {threats-a1: "1", threats-a2: "0.25"}\n'
    model = _any_answer_counts(load_model(ROOT / "tests" / "fixtures" / "samm"))
    docs, _ = render_site(model, load_client(write(tmp_path / "s.yaml", profile), model))
    assert "| Threat assessment | Foundations (0&#46;6) | 1&#46;5 | 42&#37; |" in str(docs["roadmap.md"])
    assert "| Environment hardening | Not started | Structured | 0&#37; |" in str(docs["roadmap.md"])


def test_a_phased_target_shows_each_phase_by_date_and_the_latest_is_the_target(tmp_path):
    profile = 'name: S\nslug: s\ntargets:\n  - {by: 2027-12-31, pillars: {threats: "2", hardening: level-2}}\n'
    profile += '  - {by: 2027-06-30, pillars: {threats: "1.5"}}\nassessments:\n'
    profile += '  - assessed: 2026-05-01\n    answers: {threats-a1: "1", threats-a2: "0.25"}\n'
    model = _any_answer_counts(load_model(ROOT / "tests" / "fixtures" / "samm"))
    client = load_client(write(tmp_path / "s.yaml", profile), model)
    assert [str(phase.by) for phase in client.milestones] == ["2027-06-30", "2027-12-31"]
    assert client.target == client.milestones[-1] and client.target.scores == {"threats": 2.0}
    markdown = str(render_site(model, client)[0]["roadmap.md"])
    assert "| 2027&#45;06&#45;30 | Threat assessment&#58; 1.5 | 42&#37; |" in markdown
    assert (
        "| 2027&#45;12&#45;31 | Threat assessment&#58; 2; Environment hardening&#58; Structured | 16&#37; |" in markdown
    )
    assert "| Threat assessment | Foundations (0&#46;6) | 2 | 31&#37; |" in markdown


def test_the_example_client_lumen_shows_its_plan_and_its_commentary():
    model = load_model(CONTENT)
    client = load_client(ROOT / "clients" / "lumen-health.yaml", model)
    docs, _ = render_site(model, client)
    assert "| Priya Nair | 2026&#45;11&#45;30 | S | Done | Agreed with the care team |" in str(docs["roadmap.md"])
    assert "## Commentary\n\nLumen has moved quickly" in str(docs["report.md"])
    assert [w for w in client.warnings if "plan" in w.where] == []
