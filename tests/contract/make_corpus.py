"""The checklist's rules as one language-neutral contract: JSON cases that `playbook score` (Python)
and the checklist page's scripts (templates/assets/*.js) must both satisfy.

Each file of cases/ holds one family of rules for one model, as groups in the manner of
JSON-Schema-Test-Suite: the rules data exactly as the checklist page receives it (`data`, what
the page parses from data-pb-model), and cases of `input` and the `expected` output. Python
writes the expected outputs; tests/contract/test_contract_python.py checks that Python still
gives them, and tests/contract/contract.test.mjs that the page's scripts do.

    python -m tests.contract.make_corpus     # rewrite tests/contract/cases/*.json

Families and the entry points on each side (the page's are those checklist.js calls):
- scoring: one respondent's answers -> `score_answers(...).as_json()` / `PlaybookScoring.score`
  (without `raw`);
- merging: several respondents -> `evaluate(...)`'s result and disagreement /
  `PlaybookScoring.scoreCredits(data, mergeCredits(...))` and `disagreement`;
- answers-file: a file's text -> accepted with answers, notes, respondent and migration, or
  refused: `load_answers` (after `playbook migrate` for a file made on an older model version,
  which the page carries over itself) / `PlaybookAnswers.parseAnswers`;
- migration: answers over a changes log -> `migrate_answers` / `PlaybookMigration.migrate`.

A group's `variant` names what differs from the model's files (scoring rules, a changes log),
so that Python can rebuild the same model. Every random choice comes from a fixed seed.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from generator.assessment.answers import Assessment, Respondent, Response
from generator.assessment.answers_file import load_answers
from generator.assessment.evaluation import evaluate
from generator.assessment.migration import UnknownVersion, migrate_answers, migrate_file
from generator.assessment.scoring import score_answers
from generator.errors import ContentError
from generator.model.loading import load_model
from generator.model.model import Model
from generator.model.schema import Change, Scoring
from generator.model.translation import I18N_FOLDER, load_translated
from generator.pages.views import site_pages
from generator.urls import CHECKLIST_PAGE

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
FIXTURES = ROOT / "tests" / "fixtures"
MODELS = {
    "default": ROOT / "content",
    "mini": ROOT / "models" / "mini",
    "cmmi5": FIXTURES / "cmmi5",
    "samm": FIXTURES / "samm",
    "deps": FIXTURES / "deps",
}
# A model in one of its translations: (the model, the folder of its overlay files, the language).
TRANSLATED = {"mini-nb": ("mini", FIXTURES / "mini-nb", "nb")}
# A group of cases: its description, the variant of the model it uses (None: the model's files),
# and its cases (description, input).
Case = tuple[str, dict[str, Any]]
Group = tuple[str, dict[str, Any] | None, list[Case]]
RANDOM_SETS = 30  # random answer sets per model and family
MERGED_SETS = 20  # random sets of respondents per model (and 8 more per other merge rule)
ANSWERS_CORPUS = FIXTURES / "answers-corpus"


# --- models and the page's data ------------------------------------------------------------------


@functools.cache
def _base_model(name: str) -> Model:
    if name in MODELS:
        return load_model(MODELS[name])
    base, overlay, language = TRANSLATED[name]
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "model"
        shutil.copytree(MODELS[base], copy)
        shutil.copytree(overlay, copy / I18N_FOLDER / language, ignore=shutil.ignore_patterns("*.md"))
        return load_translated(load_model(copy), language)


def model_for(name: str, variant: dict[str, Any] | None = None) -> Model:
    """The model `name` as a group of cases uses it: its scoring rules, version and changes log
    replaced by the group's `variant` ({"scoring": {...}, "version": ..., "changes": [...]})."""
    model = _base_model(name)
    if not variant:
        return model
    update: dict[str, Any] = {}
    if "scoring" in variant:
        update["scoring"] = Scoring.model_validate({**model.scoring.model_dump(), **variant["scoring"]})
    if "version" in variant:
        update["version"] = variant["version"]
    if "changes" in variant:
        update["changes"] = [Change.model_validate(change) for change in variant["changes"]]
    return dataclasses.replace(model, info=model.info.model_copy(update=update))


def page_data(model: Model) -> dict[str, Any]:
    """The rules data of the model's checklist page, as the page's script parses it."""
    (checklist,) = [page for page in site_pages(model) if page.path == CHECKLIST_PAGE]
    return json.loads(json.dumps(checklist.context["data"]))


# --- the Python side of each family ------------------------------------------------------------


def score_one(model: Model, case: dict[str, Any]) -> dict[str, Any]:
    return score_answers(model, case["answers"]).as_json()


def score_several(model: Model, case: dict[str, Any]) -> dict[str, Any]:
    respondents = tuple(
        Respondent(r["name"], None, {item: Response(value) for item, value in r["answers"].items()})
        for r in case["respondents"]
    )
    evaluation = evaluate(model, Assessment(None, respondents))
    return {
        "result": evaluation.result.as_json(),
        "disagreement": [{"item": row["item"], "spread": row["spread"]} for row in evaluation.disagreement],
    }


def read_answers_file(model: Model, case: dict[str, Any]) -> dict[str, Any]:
    """What `playbook score` makes of the file: refused, or its answers, notes and respondent.
    A file made on an older model version is first carried over as `playbook migrate` does (the
    command `playbook score` names), as the page's import does by itself."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.yaml"
        path.write_bytes(case["file"].encode("utf-8"))
        migration = None
        try:
            assessment = load_answers(path, model)
        except ContentError as error:
            if not any("playbook migrate" in problem.message for problem in error.problems):
                return {"accepted": False}
            try:
                text, migrations = migrate_file(path, model)
                path.write_text(text, encoding="utf-8")
                assessment = load_answers(path, model)
            except ContentError:
                return {"accepted": False}
            [(_, migration)] = migrations
    respondent = assessment.respondents[0]
    return {
        "accepted": True,
        "answers": respondent.answers,
        "notes": {
            item: {"note": r.note or "", "evidence": list(r.evidence)}
            for item, r in respondent.responses.items()
            if r.note or r.evidence
        },
        "respondent": {"name": respondent.name, **({"role": respondent.role} if respondent.role else {})}
        if respondent.name
        else None,
        "migration": {
            "from": migration.previous,
            "changed": list(migration.changed),
            "answerAgain": list(migration.answer_again),
        }
        if migration
        else None,
    }


def migrate(model: Model, case: dict[str, Any]) -> dict[str, Any]:
    try:
        answers, migration, _ = migrate_answers(model, case["answers"], case["version"])
    except UnknownVersion as error:
        return {"error": str(error)}
    return {"answers": answers, "changed": list(migration.changed), "answerAgain": list(migration.answer_again)}


FAMILIES = {"scoring": score_one, "merging": score_several, "answers-file": read_answers_file, "migration": migrate}


def expected_output(family: str, model: Model, case_input: dict[str, Any]) -> Any:
    """What Python gives for one case, as JSON data."""
    return json.loads(json.dumps(FAMILIES[family](model, case_input)))


# --- the cases ----------------------------------------------------------------------------------


def random_answers(model: Model, rng: random.Random, share: float | None = None) -> dict[str, str]:
    """Answers to a random share of the items (a fresh share each time unless given)."""
    share = rng.random() if share is None else share
    return {item.id: rng.choice(model.scale_of(item)).value for item in model.items if rng.random() < share}


def _first_with(model: Model, credit_wanted) -> dict[str, str]:
    """Every item answered with the first option of its scale whose credit passes `credit_wanted`."""
    answers = {}
    for item in model.items:
        option = next((o for o in model.scale_of(item) if credit_wanted(o.credit)), None)
        if option:
            answers[item.id] = option.value
    return answers


def edge_answer_sets(model: Model, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """Hand-picked answer sets: none, all n/a, all met, none met, and counts exactly at the
    `min_answered` and finish-first limits."""
    count = len(model.items)
    needed = math.ceil(model.scoring.min_answered * count / 100)
    finish_limit = 20 * count // 100  # unanswered items above 20 percent: finish them first
    full = {item.id: max(model.scale_of(item), key=lambda o: o.credit or 0).value for item in model.items}
    sets = [
        ("nothing answered", {}),
        ("every item met", full),
        ("every item at no credit", _first_with(model, lambda credit: credit == 0)),
    ]
    if _first_with(model, lambda credit: credit is None):  # a scale with n/a
        sets.append(("every item not applicable", _first_with(model, lambda credit: credit is None)))
    ids = [item.id for item in model.items]
    for label, answered in [
        ("exactly min_answered items answered", needed),
        ("one item short of min_answered", needed - 1),
        ("unanswered items exactly at the finish-first limit", count - finish_limit),
        ("one unanswered item over the finish-first limit", count - finish_limit - 1),
    ]:
        if 0 <= answered <= count:
            chosen = set(rng.sample(ids, answered))
            sets.append((label, {k: v for k, v in random_answers(model, rng, 1.0).items() if k in chosen}))
    half_na = {
        item.id: (_first_with(model, lambda credit: credit is None).get(item.id) or full[item.id])
        if index % 2
        else full[item.id]
        for index, item in enumerate(model.items)
    }
    sets.append(("every other item not applicable, the rest met", half_na))
    return sets


def _raw_score(model: Model, answers: dict[str, str], field: str, group: str) -> float | None:
    """The score of the items whose `field` is `group` before rounding, summed as both sides sum
    it (None when no weight applies)."""
    earned = possible = 0.0
    for item in model.items:
        if getattr(item, field) != group:
            continue
        value = answers.get(item.id)
        credit = next((o.credit for o in model.scale_of(item) if o.value == value), 0.0) if value else 0.0
        if credit is None:
            continue
        earned += item.weight * credit
        possible += item.weight
    return earned / possible * 100 if possible else None


def threshold_groups(name: str, rng: random.Random) -> list[Group]:
    """Groups whose stage (and axis) threshold is exactly a stage's (an axis's) score of one
    answer set, and the next number above it: met at the threshold, not met just under it."""
    model = model_for(name)
    answers = random_answers(model, rng, 0.9)
    stage = model.stages[min(1, len(model.stages) - 1)].id
    for item in model.items:  # the first stage met in full, so that the second one decides the stage
        if item.stage == model.stages[0].id and stage != item.stage:
            answers[item.id] = max(model.scale_of(item), key=lambda o: o.credit or 0).value
    groups: list[Group] = []
    completion = _raw_score(model, answers, "stage", stage)
    if completion:
        for label, threshold in [("at", completion), ("just above", math.nextafter(completion, math.inf))]:
            groups.append(
                (
                    f"stage_threshold {label} the completion of stage {stage}",
                    {"scoring": {"stage_threshold": threshold}},
                    [(f"stage {stage} {label} its threshold", {"answers": answers})],
                )
            )
    if model.axes:
        score = _raw_score(model, answers, "axis", model.axes[0].id)
        if score:
            for label, threshold in [("at", score), ("just above", math.nextafter(score, math.inf))]:
                groups.append(
                    (
                        f"axis_threshold {label} the score of axis {model.axes[0].id}",
                        {"scoring": {"axis_threshold": threshold}},
                        [(f"axis {model.axes[0].id} {label} its threshold", {"answers": answers})],
                    )
                )
    count = len(model.items)
    for answered in sorted({1, count // 3, count - 1} - {0}):
        percent = 100 * answered / count  # min_answered that asks for exactly `answered` items, as floats go
        chosen = set(rng.sample([i.id for i in model.items], answered))
        picked = {k: v for k, v in random_answers(model, rng, 1.0).items() if k in chosen}
        groups.append(
            (
                f"min_answered {percent!r} percent, with {answered} of {count} items answered",
                {"scoring": {"min_answered": percent}},
                [(f"{answered} answered at min_answered {percent!r}", {"answers": picked})],
            )
        )
    return groups


def scoring_groups(name: str) -> list[Group]:
    rng = random.Random(f"scoring:{name}")
    model = model_for(name)
    cases: list[Case] = [(label, {"answers": answers}) for label, answers in edge_answer_sets(model, rng)]
    cases += [(f"random answers #{n}", {"answers": random_answers(model, rng)}) for n in range(RANDOM_SETS)]
    groups: list[Group] = [(f"{name}: one respondent", None, cases)]
    if name != "mini-nb":
        groups += threshold_groups(name, rng)
    return groups


def merging_groups(name: str) -> list[Group]:
    rng = random.Random(f"merging:{name}")
    model = model_for(name)
    not_applicable = _first_with(model, lambda credit: credit is None)
    full = _first_with(model, lambda credit: credit == 1)
    none = _first_with(model, lambda credit: credit == 0)

    def respondents(*answer_sets):
        return {"respondents": [{"name": f"Respondent {n + 1}", "answers": a} for n, a in enumerate(answer_sets)]}

    hand_picked = [
        ("two respondents, nothing answered", respondents({}, {})),
        ("two respondents who agree on everything", respondents(full, dict(full))),
        ("one met everything, one nothing", respondents(full, none)),
        ("one met everything, one says not applicable throughout", respondents(full, not_applicable)),
        ("three say not applicable throughout", respondents(not_applicable, not_applicable, not_applicable)),
        ("one answered everything, one nothing", respondents(full, {})),
        ("four respondents: met, none, met, none (an even count)", respondents(full, none, full, none)),
    ]
    randoms = [
        (f"random respondents #{n}", respondents(*(random_answers(model, rng) for _ in range(rng.randint(2, 4)))))
        for n in range(MERGED_SETS)
    ]
    groups: list[Group] = [
        (f"{name}: several respondents, merged by {model.scoring.merge}", None, hand_picked + randoms)
    ]
    if name in ("mini", "samm", "deps"):
        for rule in sorted({"mean", "min", "median"} - {model.scoring.merge}):
            rng = random.Random(f"merging:{name}:{rule}")
            cases = hand_picked + [
                (
                    f"random respondents #{n}",
                    respondents(*(random_answers(model, rng, 0.8) for _ in range(rng.randint(2, 5)))),
                )
                for n in range(8)
            ]
            groups.append((f"{name}: several respondents, merged by {rule}", {"scoring": {"merge": rule}}, cases))
        for rule in ("mean", "median"):
            rng = random.Random(f"merging:{name}:{rule}:zero")
            cases = (
                hand_picked
                + [
                    (
                        "one met everything, one left all blank, one says not applicable",
                        respondents(full, {}, not_applicable),
                    ),
                ]
                + [
                    (
                        f"random respondents #{n}",
                        respondents(*(random_answers(model, rng, 0.6) for _ in range(rng.randint(2, 5)))),
                    )
                    for n in range(8)
                ]
            )
            variant = {"scoring": {"merge": rule, "unanswered": "zero"}}
            groups.append((f"{name}: several respondents, merged by {rule}, a blank counts 0", variant, cases))
    if name == "mini":
        groups.append(fine_credits_group())
    return groups


# Credits with a fourth decimal, where rounding half up and half to even part ways (0.0625).
FINE_CREDITS = [
    {"value": "all", "label": "All", "credit": 1},
    {"value": "most", "label": "Most", "credit": 0.6875},
    {"value": "some", "label": "Some", "credit": 0.0625},
    {"value": "none", "label": "None", "credit": 0},
    {"value": "n/a", "label": "Does not apply", "credit": None},
]


def fine_credits_group() -> Group:
    """Two respondents on a scale of fine credits: the spreads of disagreement need their last
    digit rounded alike."""
    ids = [item.id for item in model_for("mini").items]
    cases = [
        (
            "some against none: a spread of 0.0625",
            {
                "respondents": [
                    {"name": "A", "answers": dict.fromkeys(ids, "some")},
                    {"name": "B", "answers": dict.fromkeys(ids, "none")},
                ]
            },
        ),
        (
            "most against some: a spread of 0.625",
            {
                "respondents": [
                    {"name": "A", "answers": dict.fromkeys(ids, "most")},
                    {"name": "B", "answers": dict.fromkeys(ids, "some")},
                ]
            },
        ),
    ]
    return ("mini on a scale of fine credits", {"scoring": {"answers": FINE_CREDITS}}, cases)


def _flow(value: str) -> str:
    return value if value[0].isalpha() and value not in ("yes", "no") else json.dumps(value)


def answers_file_text(answers: dict[str, str], style: str, top: dict[str, str]) -> str:
    """An answers file as a person (or the page's export) might write it, in one of a few styles."""
    lines = [f"{key}: {json.dumps(value)}" for key, value in top.items()]
    if style == "flow":
        return "\n".join([*lines, "answers: {" + ", ".join(f"{k}: {_flow(v)}" for k, v in answers.items()) + "}", ""])
    lines.append("answers:")
    for n, (item, value) in enumerate(answers.items()):
        quoted = json.dumps(value) if style == "quoted" else value
        if n % 3 == 0:
            lines += [f"  {item}:", f"    value: {quoted}", f"    note: {json.dumps(f'Note {n} on {item}.')}"]
            if n % 2 == 0:
                lines += ["    evidence:", f"      - https://intranet.example/{item}", '      - "Minutes, p. 4"']
        elif n % 3 == 1 and style == "quoted":
            lines.append(f'  {item}: {{value: {quoted}, evidence: ["https://example.org/{item}"]}}  # flow')
        else:
            lines.append(f"  {item}: {quoted}")
    return "\n".join(lines) + "\n"


def hand_written_file(model: Model) -> str:
    """An answers file with comments, a flow respondent, a target, and answers plain, as a block,
    as a flow mapping (quotes doubled, a '#' inside quotes) and as a note with no value."""
    first, second, third, fourth = (item.id for item in model.items[:4])
    values = [o.value for o in model.scale_of(model.items[2])]
    return f"""# written by hand
model: {model.info.id}
model_version: "{model.info.version}"
respondent: {{name: Ada O'Brien, role: Head of service}}
assessed: 2026-11-01
target:
  stage: {model.stages[-1].id}
answers:
  {first}: {json.dumps(model.scale_of(model.items[0])[0].value)}  # a comment
  {second}:
    value: {json.dumps(model.scale_of(model.items[1])[-1].value)}
    note: "Only the service desk does this today."
    evidence:
      - https://intranet.example/policy
      - "Board minutes, March"
  {third}: {{value: '{values[1]}', note: 'It''s planned # not a comment', evidence: "one, two"}}
  {fourth}:
    note: Not started
    evidence: [one, "two, three", 'four']
"""


# A changes log over the small model's items, for answers made on its (invented) versions 0.1 and 0.2.
MINI_CHANGES = [
    {
        "previous": "0.1",
        "version": "0.2",
        "renamed": {"metrics-weekly": "metrics-published"},
        "split": {"data-access": ["self-service", "review-held"]},
        "merged": {},
        "retired": ["old-dashboard"],
        "rescaled": {},
    },
    {
        "previous": "0.2",
        "version": "0.3",
        "renamed": {},
        "split": {},
        "merged": {"decisions-logged": ["decisions-noted", "evidence-kept"]},
        "retired": [],
        "rescaled": {"review-held": {"yes": "partial"}},
    },
]


def answers_file_groups(name: str) -> list[Group]:
    rng = random.Random(f"answers-file:{name}")
    model = model_for(name)
    ids = [item.id for item in model.items]
    cases = []
    if name == "default":
        for path in sorted(ANSWERS_CORPUS.glob("*/*.yaml")):
            cases.append((f"answers-corpus/{path.parent.name}/{path.name}", {"file": path.read_bytes().decode()}))
    for n in range(RANDOM_SETS // 3):
        answers = random_answers(model, rng, 0.6) or {ids[0]: model.scale_of(model.items[0])[0].value}
        style = ("block", "quoted", "flow")[n % 3]
        top = {"model": model.info.id, "model_version": model.info.version} if n % 2 else {}
        cases.append((f"random answers, {style} style", {"file": answers_file_text(answers, style, top)}))
    first = model.items[0]
    values = [o.value for o in model.scale_of(first)]
    cases += [
        ("a value of another case", {"file": f"answers:\n  {first.id}: {values[0].upper()}X\n"}),
        ("an id of no item", {"file": f"answers:\n  {first.id}-x: {values[0]}\n"}),
        ("another model's id", {"file": f"model: other-model\nanswers:\n  {first.id}: {values[0]}\n"}),
        (
            "a version the changes log does not know",
            {"file": f"model_version: '0.0.1'\nanswers:\n  {first.id}: {values[0]}\n"},
        ),
        (
            "a respondent with name and role",
            {"file": f"respondent: {{name: Ada Lund, role: Head of service}}\nanswers:\n  {first.id}: {values[-1]}\n"},
        ),
        ("a respondent as a block", {"file": f"respondent:\n  name: '  Ben  '\nanswers:\n  {first.id}: {values[0]}\n"}),
        (
            "a note without an answer beside an answer",
            {"file": f"answers:\n  {first.id}:\n    note: only a note\n  {ids[-1]}: {values[0]}\n"},
        ),
    ]
    cases.append(("written by hand: every part of the format at once", {"file": hand_written_file(model)}))
    cases += alias_files(model)
    groups: list[Group] = [(f"{name}: answers files", None, cases)]
    if name == "mini":
        groups.append(mini_migration_files(model))
    return groups


def alias_files(model: Model) -> list[tuple[str, dict[str, str]]]:
    """Answers keyed by items' aliases: each alias alone, then an item keyed twice (refused)."""
    aliased = [item for item in model.items if item.aliases]
    if not aliased:
        return []
    value = model.scale_of(aliased[0])[0].value
    every = "".join(f"  {alias}: {model.scale_of(item)[-1].value}\n" for item in aliased for alias in item.aliases[:1])
    cases = [("answers keyed by aliases", {"file": f"answers:\n{every}"})]
    for alias in aliased[0].aliases:
        cases.append((f"the alias {alias}", {"file": f"answers:\n  {alias}: {value}\n"}))
        twice = f"answers:\n  {aliased[0].id}: {value}\n  {alias}: {value}\n"
        cases.append((f"an item keyed by its id and the alias {alias}", {"file": twice}))
    return cases


def mini_migration_files(model: Model) -> Group:
    """Answers files made on older versions of the small model, carried over with their notes."""
    variant = {"changes": MINI_CHANGES}
    old = {
        "metrics-weekly": "yes",
        "data-access": "partial",
        "old-dashboard": "no",
        "decisions-noted": "yes",
        "evidence-kept": "yes",
    }
    note = {"note": "Checked in March.", "evidence": ["https://intranet.example/x"]}

    def file(version: str, answers: dict[str, Any]) -> dict[str, str]:
        lines = [f"model_version: {json.dumps(version)}", "answers:"]
        for item, entry in answers.items():
            if isinstance(entry, dict):
                lines += [f"  {item}:", *(f"    {k}: {json.dumps(v)}" for k, v in entry.items())]
            else:
                lines.append(f"  {item}: {entry}")
        return {"file": "\n".join(lines) + "\n"}

    cases = [
        ("made on 0.1: every kind of change", file("0.1", old)),
        ("made on 0.1: merged items answered differently", file("0.1", {**old, "evidence-kept": "no"})),
        ("made on 0.1: merged items, one unanswered", file("0.1", {"decisions-noted": "yes", "metrics-weekly": "no"})),
        ("made on 0.2: the rescaled answer", file("0.2", {"review-held": "yes", "self-service": "no"})),
        (
            "made on 0.1: notes follow renamed and split items",
            file(
                "0.1", {"metrics-weekly": {"value": "yes", **note}, "data-access": {"value": "no", "note": "Only IT."}}
            ),
        ),
        (
            "made on 0.1: a note on a retired item",
            file("0.1", {"old-dashboard": {"value": "no", **note}, "metrics-weekly": "partial"}),
        ),
        (
            "made on 0.1: notes on merged items answered alike",
            file("0.1", {"decisions-noted": {"value": "yes", "note": "Logged."}, "evidence-kept": {"value": "yes"}}),
        ),
        ("made on 0.1: only retired items answered", file("0.1", {"old-dashboard": "yes"})),
        ("made on 0.3, the current version", file("0.3", {"review-held": "yes"})),
    ]
    return ("mini with a changes log: files made on older versions", variant, cases)


IDS = ["a", "b", "c", "d", "e", "1", "2", "10", "constructor", "x-y"]
VALUES = ["yes", "no", "partial", "n/a", "constructor"]


def random_log(rng: random.Random) -> list[dict]:
    """A log of random changes (not always a valid one: both sides must agree on anything)."""
    log = []
    for number in range(rng.randint(0, 4)):

        def some(count: int) -> list[str]:
            return rng.sample(IDS, rng.randint(0, count))

        log.append(
            {
                "previous": f"v{number}",
                "version": f"v{number + 1}",
                "renamed": {old: rng.choice(IDS) for old in some(3)},
                "split": {old: some(3) or [rng.choice(IDS)] for old in some(2)},
                "merged": {new: some(3) for new in some(2)},
                "retired": some(2),
                "rescaled": {item: {rng.choice(VALUES): rng.choice(VALUES) for _ in range(2)} for item in some(2)},
            }
        )
    return log


def migration_groups(name: str) -> list[Group]:
    rng = random.Random(f"migration:{name}")
    model = model_for(name)
    versions = [change.previous for change in model.info.changes] + [model.info.version, "0.0.1"]
    ids = [item.id for item in model.items]
    own = [
        (f"answers made on {version}", {"answers": random_answers(model, rng), "version": version})
        for version in versions
    ]
    groups: list[Group] = [(f"{name}: its own changes log", None, own)] if name == "default" else []
    if name == "mini":
        cases = [
            (f"answers made on {version}", {"answers": answers, "version": version})
            for version in ("0.1", "0.2", "0.3", "0.9")
            for answers in (
                {
                    k: rng.choice(VALUES)
                    for k in rng.sample(
                        ids + ["metrics-weekly", "data-access", "old-dashboard", "decisions-noted", "evidence-kept"], 5
                    )
                }
                for _ in range(3)
            )
        ]
        groups.append(("mini with a changes log", {"changes": MINI_CHANGES}, cases))
        for n in range(40):
            log = random_log(rng)
            current = f"v{len(log)}"
            cases = []
            for _ in range(5):
                version = rng.choice([f"v{k}" for k in range(len(log) + 1)] + ["v9"])
                answers = {item: rng.choice(VALUES) for item in rng.sample(IDS, rng.randint(0, len(IDS)))}
                cases.append((f"answers made on {version}", {"answers": answers, "version": version}))
            groups.append((f"random log #{n}", {"version": current, "changes": log}, cases))
    return groups


CORPUS = {
    "scoring": (scoring_groups, ["default", "mini", "cmmi5", "samm", "deps", "mini-nb"]),
    "merging": (merging_groups, ["default", "mini", "cmmi5", "samm", "deps", "mini-nb"]),
    "answers-file": (answers_file_groups, ["default", "mini", "cmmi5", "samm", "deps"]),
    "migration": (migration_groups, ["default", "mini"]),
}


def merge_patch(old: Any, new: Any) -> Any:
    """The JSON Merge Patch (RFC 7386) that turns `old` into `new`: objects merge key by key,
    anything else is replaced. The page's data has no null member a patch would have to set."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return new
    patch = {key: None for key in old if key not in new}
    for key, value in new.items():
        if key not in old or old[key] != value:
            assert value is not None, f"a merge patch cannot set {key} to null"
            patch[key] = merge_patch(old.get(key), value)
    return patch


def apply_patch(data: Any, patch: Any) -> Any:
    """`data` with a JSON Merge Patch applied (a new object; `data` is left as it is)."""
    if not isinstance(patch, dict):
        return patch
    out = dict(data) if isinstance(data, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = apply_patch(out.get(key), value)
    return out


# Cases where the page and Python disagree today: the page's runner reports them as to do (with
# the reason) instead of failing; Python's runner still checks Python's output. Remove an entry
# once both sides agree.
KNOWN_DIVERGENCES: dict[tuple[str, str], str] = {}


def _line(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def corpus_document(family: str, name: str) -> dict[str, Any]:
    """One file of cases: the model's page data, and groups of cases, each with the variant of the
    model it uses and that variant's page data as a merge patch on the model's."""
    make_groups, _ = CORPUS[family]
    data = page_data(model_for(name))
    groups = []
    for description, variant, cases in make_groups(name):
        model = model_for(name, variant)
        groups.append(
            {
                "description": description,
                "variant": variant or {},
                "patch": merge_patch(data, page_data(model)) if variant else {},
                "cases": [
                    {
                        "description": text,
                        "input": given,
                        "expected": expected_output(family, model, given),
                        **({"todo": KNOWN_DIVERGENCES[family, text]} if (family, text) in KNOWN_DIVERGENCES else {}),
                    }
                    for text, given in cases
                ],
            }
        )
    return {"family": family, "model": name, "data": data, "groups": groups}


def corpus_text(document: dict[str, Any]) -> str:
    """A file of cases as JSON with sorted keys, one case (and the data) to a line: a changed
    case is a changed line."""
    groups = []
    for group in document["groups"]:
        cases = ",\n".join("   " + _line(case) for case in group["cases"])
        head = ", ".join(f"{_line(key)}: {_line(group[key])}" for key in ("description", "patch", "variant"))
        groups.append(f'  {{{head},\n   "cases": [\n{cases}\n  ]}}')
    parts = [f' "data": {_line(document["data"])}', f' "family": {_line(document["family"])}']
    parts.append(' "groups": [\n' + ",\n".join(groups) + "\n ]")
    parts.append(f' "model": {_line(document["model"])}')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def corpus_files() -> dict[str, bytes]:
    """{file name: bytes} of every file of cases/, as they should be now."""
    files = {}
    for family, (_, names) in CORPUS.items():
        for name in names:
            document = corpus_document(family, name)
            text = corpus_text(document)
            assert json.loads(text) == document, "corpus_text must write the document as it is"
            files[f"{family}-{name}.json"] = text.encode("utf-8")
    return files


def main() -> None:
    CASES.mkdir(exist_ok=True)
    files = corpus_files()
    for stale in sorted(set(p.name for p in CASES.glob("*.json")) - set(files)):
        (CASES / stale).unlink()
    for name, data in files.items():
        (CASES / name).write_bytes(data)
    total = sum(len(data) for data in files.values())
    print(f"wrote {len(files)} files ({total:,} bytes) to {CASES.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
