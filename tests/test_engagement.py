"""The engagement loop: notes and evidence, several respondents, targets, the roadmap and the report
over time, on real files, real builds and the real command line."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.assessment.answers import Assessment, Respondent
from generator.assessment.answers_file import combine_files
from generator.assessment.evaluation import evaluate
from generator.assessment.roadmap import roadmap
from generator.assessment.scoring import score_credits
from generator.model.loading import load_model

from .conftest import MINI, ROOT, edit, run

DEPS = ROOT / "tests" / "fixtures" / "deps"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def answers_file(path: Path, answers: dict[str, str], *, name: str | None = None, extra: str = "") -> Path:
    lines = ([f"respondent: {{name: {name}}}"] if name else []) + [extra] * bool(extra) + ["answers:"]
    lines += [f"  {item}: {value}" for item, value in answers.items()]
    return write(path, "\n".join(lines) + "\n")


def score_json(*args: str) -> dict:
    result = run("score", *args, "--json")
    assert result.exit_code == 0, result.stderr + result.stdout
    return json.loads(result.stdout)


# --- merging several respondents -----------------------------------------------------------


@pytest.mark.parametrize(
    "rule, tooling",
    [
        # metrics-published (weight 2): yes, yes, no -> credits 1, 1, 0; self-service (weight 1) unanswered.
        ("mean", round(2 * (2 / 3) / 3 * 100, 1)),
        ("min", 0.0),
        ("median", round(2 * 1 / 3 * 100, 1)),
    ],
)
def test_several_files_merge_by_the_models_rule(mini_copy, tmp_path, rule, tooling):
    edit(mini_copy / "model.yaml", "scoring:\n", f"scoring:\n  merge: {rule}\n")
    files = [
        answers_file(tmp_path / f"{name}.yaml", {"metrics-published": value, "review-held": review}, name=name)
        for name, value, review in (("Ada", "yes", "yes"), ("Ben", "yes", "partial"), ("Cy", "no", "n/a"))
    ]
    document = score_json(*map(str, files), "--content", str(mini_copy))
    assert document["pillars"]["tooling"] == tooling
    assert [r["name"] for r in document["respondents"]] == ["Ada", "Ben", "Cy"]
    assert document["disagreement"] == [
        {"item": "metrics-published", "spread": 1.0, "values": {"Ada": "yes", "Ben": "yes", "Cy": "no"}},
        {"item": "review-held", "spread": 0.5, "values": {"Ada": "yes", "Ben": "partial", "Cy": "n/a"}},
    ]


def test_an_item_all_call_not_applicable_is_left_out_and_one_nobody_answered_stays_open(tmp_path):
    model = load_model(MINI)
    files = [
        answers_file(tmp_path / f"{n}.yaml", {"metrics-published": "n/a", "review-held": "yes"}, name=n)
        for n in ("Ada", "Ben")
    ]
    evaluation = evaluate(model, combine_files(files, model))
    assert evaluation.credits == {"metrics-published": None, "review-held": 1.0}
    assert evaluation.result.answered == 2 and evaluation.result.pillars["tooling"] == 0.0


def test_merged_scores_equal_scoring_the_merged_credits_on_random_answers(tmp_path):
    model = load_model(ROOT / "content")
    rng = random.Random(11)
    files = []
    for name in ("Ada", "Ben", "Cy"):
        answers = {
            item.id: rng.choice([o.value for o in model.scale_of(item)]) for item in model.items if rng.random() < 0.8
        }
        files.append(answers_file(tmp_path / f"{name}.yaml", answers, name=name))
    document = score_json(*map(str, files))
    expected = {}
    for item in model.items:
        credits = []
        for path in files:
            value = re.search(rf"^  {item.id}: (\S+)$", path.read_text(), re.M)
            if value:
                credits.append(next(o.credit for o in model.scale_of(item) if o.value == value[1]))
        counted = [c for c in credits if c is not None]
        if credits:
            expected[item.id] = sum(counted) / len(counted) if counted else None
    assert {k: document[k] for k in ("stage", "pillars", "axes", "maturity")} == {
        k: v
        for k, v in score_credits(model, expected).as_json().items()
        if k in ("stage", "pillars", "axes", "maturity")
    }


def test_two_files_of_the_same_respondent_are_refused(tmp_path):
    first = answers_file(tmp_path / "a.yaml", {"metrics-published": "yes"}, name="Ada")
    second = answers_file(tmp_path / "b.yaml", {"metrics-published": "no"}, name="ada")
    result = run("score", str(first), str(second), "--content", str(MINI))
    assert result.exit_code == 1 and "b.yaml:1:1: error" in result.stderr and "'ada' also answered" in result.stderr


# --- notes and evidence ------------------------------------------------------------------------


def test_notes_and_evidence_are_read_and_checked(tmp_path):
    good = write(
        tmp_path / "good.yaml",
        "answers:\n  metrics-published:\n    value: partial\n    note: Only on Mondays.\n"
        "    evidence: [https://wiki.example/metrics, Minutes of 3 March]\n  review-held: {note: Not sure yet}\n",
    )
    model = load_model(MINI)
    respondent = combine_files([good], model).respondents[0]
    assert respondent.responses["metrics-published"].evidence == ("https://wiki.example/metrics", "Minutes of 3 March")
    assert respondent.answers == {"metrics-published": "partial"}  # a note alone answers nothing
    bad = write(
        tmp_path / "bad.yaml",
        "answers:\n  metrics-published:\n    value: yes\n    note: " + "x" * 2001 + "\n"
        "    evidence: {a: b}\n  review-held:\n    valu: yes\n",
    )
    result = run("score", str(bad), "--content", str(MINI))
    assert result.exit_code == 1
    assert "bad.yaml:4:11: error: answers.metrics-published.note: a note is 2,001 characters long" in result.stderr
    assert "bad.yaml:5:5: error: answers.metrics-published.evidence: expected a list" in result.stderr
    assert "bad.yaml:7:5: error: answers.review-held.valu: unknown key 'valu' (did you mean 'value'?)" in result.stderr


# --- respondents in a client profile ---------------------------------------------------------------


PROFILE = """name: Acme
slug: acme
assessments:
  - assessed: 2026-05-01
    respondents:
      - name: Ada
        role: Lead
        answers:
          metrics-published: yes
          review-held:
            value: no
            note: "<script>alert(1)</script> [click](javascript:alert(1))"
            evidence: ["javascript:alert(2)", https://wiki.example/review]
      - name: Ben
        file: acme/ben.yaml
"""


@pytest.fixture
def acme(tmp_path) -> Path:
    clients = tmp_path / "clients"
    answers_file(clients / "acme" / "ben.yaml", {"metrics-published": "no", "review-held": "yes"}, name="Benjamin")
    return write(clients / "acme.yaml", PROFILE)


def test_respondents_in_a_profile_build_a_report_with_their_disagreement_and_safe_notes(acme, tmp_path):
    result = run("build", "--client", str(acme), "--content", str(MINI), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    report = (tmp_path / "site" / "acme" / "report.html").read_text(encoding="utf-8")
    assert "Merged from 2 respondents" in report and "Where respondents disagree most" in report
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;" in report and "<script>alert(1)" not in report
    assert (
        'href="javascript:' not in report and "<li>javascript&#58;alert&#40;2&#41;</li>" in report
    )  # text, never a link
    assert '<a href="https://wiki.example/review">' in report
    roadmap_page = (tmp_path / "site" / "acme" / "roadmap.html").read_text(encoding="utf-8")
    assert "Phase 1" in roadmap_page


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "      - name: Ben\n",
            "      - name: ada\n",
            "acme.yaml:14:15: error: assessments[0].respondents[1].name: two respondents are called 'ada' (the first at line 6)",
        ),
        (
            "file: acme/ben.yaml",
            "file: ../outside.yaml",
            "acme.yaml:15:15: error: assessments[0].respondents[1].file: '../outside.yaml' is outside",
        ),
        (
            "        role: Lead\n",
            "        role: Lead\n        file: acme/ben.yaml\n",
            "a respondent needs exactly one of 'answers' or 'file'",
        ),
        (
            "    respondents:\n",
            "    answers: {}\n    respondents:\n",
            "an assessment with respondents has no answers of its own",
        ),
    ],
)
def test_respondent_mistakes_are_named_at_their_line(acme, tmp_path, old, new, message):
    write(tmp_path / "outside.yaml", "answers: {}\n")
    edit(acme, old, new)
    result = run("build", "--client", str(acme), "--content", str(MINI), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert not (tmp_path / "site" / "acme").exists()


def test_a_changed_respondent_file_rebuilds_the_client(acme, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--client", str(acme), "--content", str(MINI), "--out", str(out)).exit_code == 0
    answers_file(acme.parent / "acme" / "ben.yaml", {"metrics-published": "yes", "review-held": "yes"})
    again = run("build", "--client", str(acme), "--content", str(MINI), "--out", str(out))
    assert " built (" in again.stdout, again.stdout


# --- targets and progress to target ---------------------------------------------------------------


@pytest.mark.parametrize(
    "target, overall, levels",
    [
        # tooling: metrics-published (curious, w2) yes, self-service (fluent, w1) no;
        # habits: review-held (curious, w1) partial, decisions-logged (fluent, w3) no.
        ("{stage: fluent}", round((2 + 0.5) / 7 * 100, 1), {"tooling": "fluent", "habits": "fluent"}),
        ("{stage: curious}", round((2 + 0.5) / 3 * 100, 1), {"tooling": "curious", "habits": "curious"}),
        ("{pillars: {habits: fluent}}", round(0.5 / 4 * 100, 1), {"habits": "fluent"}),
        ("{answers: {review-held: partial}}", 100.0, {}),
    ],
)
def test_progress_to_target(tmp_path, target, overall, levels):
    path = answers_file(
        tmp_path / "a.yaml",
        {"metrics-published": "yes", "self-service": "no", "review-held": "partial", "decisions-logged": "no"},
        extra=f"target: {target}",
    )
    document = score_json(str(path), "--content", str(MINI))
    assert document["to_target"]["overall"] == overall
    assert document["target"]["set"] and document["target"]["levels"] == levels


def test_without_a_target_each_pillar_aims_at_its_next_level(tmp_path):
    path = answers_file(tmp_path / "a.yaml", {"metrics-published": "yes", "review-held": "no"})
    document = score_json(str(path), "--content", str(MINI))
    assert document["target"] == {"set": False, "levels": {"tooling": "fluent", "habits": "fluent"}, "answers": {}}


@pytest.mark.parametrize(
    "target, message",
    [
        ("{stage: expert}", "a.yaml:1:17: error: target.stage: unknown stage 'expert'"),
        ("{pillars: {people: fluent}}", "unknown pillar 'people'"),
        ("{pillars: {habits: expert}}", "unknown stage 'expert'"),
        ("{answers: {review-held: n/a}}", "'n/a' is not an answer to aim for"),
        ("{level: fluent}", "unknown key 'level'"),
    ],
)
def test_a_target_naming_what_does_not_exist_is_refused(tmp_path, target, message):
    path = answers_file(tmp_path / "a.yaml", {"metrics-published": "yes"}, extra=f"target: {target}")
    result = run("score", str(path), "--content", str(MINI))
    assert result.exit_code == 1 and message in result.stderr, result.stderr


# --- the roadmap -----------------------------------------------------------------------------------


deps_model = load_model(DEPS)
answer_sets = st.fixed_dictionaries(
    {}, optional={item.id: st.sampled_from([o.value for o in deps_model.scale_of(item)]) for item in deps_model.items}
)


@settings(max_examples=60, deadline=None)
@given(answer_sets, st.sampled_from([None, "reactive", "tracked", "optimised"]))
def test_the_roadmap_never_puts_a_step_before_what_it_requires(answers, stage):
    from generator.assessment.targets import Target

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


# --- the example clients -------------------------------------------------------------------------------


@pytest.fixture
def examples(example_sites) -> Path:
    return example_sites[0]


def test_fjord_shows_three_respondents_who_disagree_with_their_notes(examples):
    report = (examples / "fjord-energi" / "report.html").read_text(encoding="utf-8")
    for name in ("Ingrid Solberg", "Lars Haugen", "Kari Nilsen"):
        assert name in report
    # Lars's note on care-involved (no, yes, no: the widest spread) shows twice: beside the others'
    # answers where they disagree most, and in the appendix.
    assert report.count("Kundeservice svarer på meldinger fra Facebook hver dag, men uten felles rutine.") == 2


def test_fjord_has_a_roadmap_to_its_target_with_live_links(examples):
    page = (examples / "fjord-energi" / "roadmap.html").read_text(encoding="utf-8")
    assert "Phase 1" in page or "Fase 1" in page
    for target in re.findall(r'href="([^"#:]+\.html)(?:#[^"]*)?"', page):
        assert (examples / "fjord-energi" / target).resolve().is_file(), target


def test_a_private_clients_roadmap_is_locked(examples):
    page = (examples / "northwind-retail").glob("**/roadmap.html")
    text = next(page).read_text(encoding="utf-8")
    assert "data-pb-locked=" in text and "Phase 1" not in text


def test_the_benchmark_shows_the_portfolio_spread_and_names_no_other_client(tmp_path):
    clients = tmp_path / "clients"
    for index, (name, value) in enumerate((("Alpha Ltd", "yes"), ("Beta Corp", "partial"), ("Gamma AS", "no"))):
        write(
            clients / f"c{index}.yaml",
            f"name: {name}\nslug: c{index}\n"
            + ("benchmark: true\n" if index == 0 else "")
            + f"assessments:\n  - answers:\n      metrics-published: {value}\n      review-held: yes\n",
        )
    out = tmp_path / "site"
    result = run("build", "--all", "--clients", str(clients), "--content", str(MINI), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    report = (out / "c0" / "report.html").read_text(encoding="utf-8")
    table = report[
        report.index('id="among-all-clients"') : report.index("</table>", report.index('id="among-all-clients"'))
    ]
    # tooling scores of the three: 2*1/3, 2*.5/3, 0 -> 66.7, 33.3, 0: quartiles 16.7, 33.3, 50.
    assert re.search(
        r"<td>Tooling</td>\s*<td[^>]*>66&#46;7</td>\s*<td[^>]*>16&#46;7</td>\s*<td[^>]*>33&#46;3</td>"
        r"\s*<td[^>]*>50</td>",
        table,
    ), table
    for path in (out / "c0").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for other in ("Beta Corp", "Gamma AS", "/c1/", "/c2/", "c1.yaml", "c2.yaml"):
                assert other not in text, (path, other)
    assert "among-all-clients" not in (out / "c1" / "report.html").read_text(encoding="utf-8")
