"""The checklist page in the engagement loop (headless Chromium): a note and evidence with each
answer, files of several respondents merged as `playbook score` merges them, and answers made on
another version of the model carried over through PlaybookMigration."""

from __future__ import annotations

import json
import random
import shutil

import pytest

from generator.assessment.answers import Response
from generator.assessment.answers_file import load_answers
from generator.build.pipeline import build_playbook
from generator.model.loading import load_model

from .browser import chromium, export_answers, watch_page
from .conftest import CONTENT, MINI, edit, run
from .test_browser_checklist import answer, shown

MODEL = load_model(CONTENT)
FIRST, SECOND, THIRD, FOURTH = (item.id for item in MODEL.items[:4])
DATA = "JSON.parse(document.getElementById('pb-checklist').dataset.pbModel)"
STORAGE_KEY = "JSON.parse(document.getElementById('pb-checklist').dataset.pbClient).storageKey"


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def context(browser):
    """A fresh browser context (empty storage) that accepts downloads."""
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context, default_site):
    """The default site's checklist page; no console errors or failed requests by the end."""
    page = open_checklist(context, default_site)
    yield page
    assert page.problems == []


def open_checklist(context, site):
    page = context.new_page()
    page.problems = watch_page(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto((site / "checklist.html").as_uri())
    return page


def write_note(page, item_id: str, note: str, evidence: str) -> None:
    box = page.locator(f"[data-pb-note-for='{item_id}']")
    if not box.evaluate("box => box.open"):
        box.locator("summary").click()
    box.locator("[data-pb-note]").fill(note)
    box.locator("[data-pb-evidence]").fill(evidence)


def note_fields(page, item_id: str) -> tuple[str, str]:
    box = page.locator(f"[data-pb-note-for='{item_id}']")
    return box.locator("[data-pb-note]").input_value(), box.locator("[data-pb-evidence]").input_value()


def import_files(page, *paths) -> str:
    """Import `paths` through the page's Import button; the message it gives."""
    page.evaluate("document.querySelector('[data-pb-message]').textContent = ''")
    page.set_input_files("[data-pb-import]", [str(path) for path in paths])
    page.wait_for_function("document.querySelector('[data-pb-message]').textContent !== ''", timeout=5000)
    return page.locator("[data-pb-message]").inner_text()


def storage(page) -> str | None:
    """What the page keeps in this browser."""
    return page.evaluate(f"localStorage.getItem({STORAGE_KEY})")


def test_a_note_and_evidence_survive_reload_export_import_and_the_command_line(page, tmp_path):
    note = 'Only the service desk does this today.\nSee "the policy" #3 for what is left: ünïcode ✓'
    evidence = ["https://intranet.example/policy", "Board minutes, March"]
    answer(page, FIRST, "partial")
    write_note(page, FIRST, note, "\n".join(evidence) + "\n\n")
    write_note(page, SECOND, "No owner yet.", "")  # a note on an item not answered yet
    page.fill("[data-pb-respondent='name']", "Ada Lund")
    page.fill("[data-pb-respondent='role']", "Head of service")
    page.reload()
    assert note_fields(page, FIRST) == (note, "\n".join(evidence))
    assert note_fields(page, SECOND) == ("No owner yet.", "")
    assert page.locator("[data-pb-respondent='name']").input_value() == "Ada Lund"

    exported = export_answers(page, tmp_path)
    text = exported.read_text(encoding="utf-8")
    assert f"  {FIRST}:\n    value: partial\n    note: " in text and f"\n  {SECOND}:\n    note: " in text
    result = run("score", str(exported), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["respondents"] == [{"name": "Ada Lund", "role": "Head of service", "answered": 1}]
    responses = load_answers(exported, MODEL).respondents[0].responses
    assert responses == {FIRST: Response("partial", note, tuple(evidence)), SECOND: Response(None, "No owner yet.")}

    page.get_by_role("button", name="Reset").click()
    assert note_fields(page, FIRST) == ("", "") and storage(page) is None
    assert import_files(page, exported) == f"Imported 1 answers from {exported.name}."
    assert note_fields(page, FIRST) == (note, "\n".join(evidence))
    assert page.locator(f"input[name='pb-{FIRST}'][value='partial']").is_checked()
    assert page.locator("[data-pb-respondent='name']").input_value() == "Ada Lund"


def test_the_page_reads_answers_files_as_playbook_score_does(page, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(
        f"""# written by hand
model: {MODEL.info.id}
model_version: "{MODEL.info.version}"
respondent: {{name: Ada O'Brien, role: Head of service}}
assessed: 2026-11-01
target:
  stage: {MODEL.stages[-1].id}
answers:
  {FIRST}: yes  # a comment
  {SECOND}:
    value: partial
    note: "Only the service desk does this today."
    evidence:
      - https://intranet.example/policy
      - "Board minutes, March"
  {THIRD}: {{value: 'no', note: 'It''s planned # not a comment', evidence: "one, two"}}
  {FOURTH}:
    note: Not started
    evidence: [one, "two, three", 'four']
""",
        encoding="utf-8",
    )
    in_page = page.evaluate(
        f"text => window.PlaybookAnswers.parseAnswers({DATA}, text)", path.read_text(encoding="utf-8")
    )
    assessment = load_answers(path, MODEL)
    respondent = assessment.respondents[0]
    assert in_page["respondent"] == {"name": respondent.name, "role": respondent.role}
    assert in_page["answers"] == respondent.answers
    assert in_page["notes"] == {
        item_id: {"note": r.note or "", "evidence": list(r.evidence)}
        for item_id, r in respondent.responses.items()
        if r.note or r.evidence
    }
    assert in_page["migration"] is None


def test_answers_stored_before_notes_existed_still_load(page):
    page.evaluate(f"localStorage.setItem({STORAGE_KEY}, JSON.stringify({{'{FIRST}': 'yes', 'answers': 'no'}}))")
    page.reload()
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"
    assert page.locator(f"input[name='pb-{FIRST}'][value='yes']").is_checked()


def test_evidence_keeps_at_most_twenty_lines_and_says_so(page):
    write_note(page, FIRST, "", "\n".join(f"piece {n}" for n in range(1, 23)))
    assert page.locator("[data-pb-message]").inner_text() == (
        "Evidence keeps at most 20 lines of 2000 characters: the rest is not saved."
    )
    stored = json.loads(storage(page))["notes"][FIRST]
    assert stored == {"note": "", "evidence": [f"piece {n}" for n in range(1, 21)]}


def test_the_notes_print_and_empty_ones_take_no_space(page):
    write_note(page, FIRST, "Printed with its item.\nOn two lines.", "https://intranet.example/policy")
    page.emulate_media(media="print")
    printed = page.locator(f"[data-pb-note-print='{FIRST}']")
    assert printed.is_visible()
    assert [line for line in printed.inner_text().split("\n") if line] == [
        "Printed with its item.",
        "On two lines.",
        "https://intranet.example/policy",
    ]
    assert page.locator(f"[data-pb-note-print='{SECOND}']").bounding_box() is None
    assert page.locator("[data-pb-note-for]").evaluate_all("boxes => boxes.every(box => !box.offsetParent)")
    page.emulate_media(media="screen")
    assert not printed.is_visible()


def merge_model(rule: str, tmp_path):
    """The model folder and built site for `rule`: the bundled model (mean), else a mini copy."""
    if rule == "mean":
        return CONTENT, None
    content = tmp_path / "model"
    shutil.copytree(MINI, content)
    edit(content / "model.yaml", "  max_next_steps: 5\n", f"  max_next_steps: 5\n  merge: {rule}\n")
    build_playbook(content, tmp_path / "site")
    return content, tmp_path / "site"


@pytest.mark.parametrize("rule", ["mean", "min", "median"])
def test_three_files_show_merged_as_playbook_score_merges_them(context, default_site, tmp_path, rule):
    content, site = merge_model(rule, tmp_path)
    model = load_model(content)
    assert model.scoring.merge == rule
    names = {e.id: e.name for e in [*model.stages, *model.quadrants]}
    rng = random.Random(rule)
    first = model.items[0].id  # the widest disagreement, first in model order: the first row
    files, sets = [], []
    for name, answer_to_first in (("ada", "yes"), ("bo", "no"), ("chen", None)):
        answers = {item.id: rng.choice(model.scale_of(item)).value for item in model.items[1:] if rng.random() < 0.8}
        lines = [f"  {k}: {v}\n" for k, v in answers.items()]
        if answer_to_first:
            answers[first] = answer_to_first
            lines.append(f'  {first}:\n    value: {answer_to_first}\n    note: "{name} says so"\n')
        head = "respondent: {name: Ada Lund}\n" if name == "ada" else ""  # the others are named by their files
        files.append(tmp_path / f"{name}.yaml")
        files[-1].write_text(head + "answers:\n" + "".join(lines), encoding="utf-8")
        sets.append(answers)
    result = run("score", *map(str, files), "--json", "--content", str(content))
    assert result.exit_code == 0, result.stderr
    expected = json.loads(result.stdout)

    page = open_checklist(context, site or default_site)
    answer(page, model.items[0].id, "yes")
    before = storage(page)
    page.set_input_files("[data-pb-import]", [str(path) for path in files])
    page.locator("[data-pb-merged]").wait_for(state="visible")
    assert page.locator("[data-pb-merged-title]").inner_text() == "Showing the merged answers of 3 respondents"
    seen = shown(page)
    assert seen["stage"] == names[expected["stage"]] and seen["quadrant"] == names[expected["quadrant"]]
    assert seen["answered"] == f"{expected['answered']} of {expected['total']}"
    for group in ("axes", "pillars", "stages", "maturity"):
        assert seen[group] == expected[group]
    assert seen["next_steps"] == expected["next_steps"]
    in_page = page.evaluate(
        f"""sets => {{
        const data = {DATA}, scoring = window.PlaybookScoring;
        const r = scoring.scoreCredits(data, scoring.mergeCredits(data, sets));
        delete r.raw;
        return r;
    }}""",
        sets,
    )
    assert in_page == {key: expected[key] for key in in_page}
    rows = page.locator("[data-pb-disagree]")
    assert rows.evaluate_all("rows => rows.map(row => row.dataset.pbDisagree)") == [
        row["item"] for row in expected["disagreement"]
    ]
    labels = {option.value: option.label for option in model.scale_of(model.items[0])}
    assert [
        [line for line in cell.split("\n") if line] for cell in rows.first.locator(".pb-respondent").all_inner_texts()
    ] == [["Ada Lund", labels["yes"], "ada says so"], ["bo", labels["no"], "bo says so"], ["chen", "not answered"]]
    assert page.locator("input[data-pb-item]").evaluate_all("inputs => inputs.every(i => i.disabled && !i.checked)")
    assert storage(page) == before  # the merged view never touches the page's own answers

    page.get_by_role("button", name="Back to your answers").click()
    assert page.locator("[data-pb-merged]").is_hidden() and page.locator("[data-pb-disagreement]").is_hidden()
    assert shown(page)["answered"] == f"1 of {len(model.items)}"
    first = page.locator(f"input[name='pb-{model.items[0].id}'][value='yes']")
    assert first.is_checked() and first.is_enabled()
    assert storage(page) == before
    assert page.problems == []


def test_two_files_of_one_respondent_are_refused(page, tmp_path):
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(f"respondent: {{name: Ada Lund}}\nanswers:\n  {FIRST}: yes\n", encoding="utf-8")
    second.write_text(f"respondent:\n  name: ada lund\n  role: Lead\nanswers:\n  {FIRST}: no\n", encoding="utf-8")
    answer(page, SECOND, "yes")
    before = (shown(page), storage(page))
    assert import_files(page, first, second) == (
        "Could not import: first.yaml and second.yaml are both answers of "
        "ada lund; give each file its own respondent name. Your answers are unchanged."
    )
    assert page.locator("[data-pb-merged]").is_hidden()
    assert (shown(page), storage(page)) == before


STUB = """first => {
    window.pbCalls = [];
    window.PlaybookMigration = { migrate: (changes, current, answers, version) => {
        window.pbCalls.push({ changes, current, answers: { ...answers }, version });
        if (version === '0.1') throw new Error('the model has no changes from version 0.1');
        const carried = {};
        Object.keys(answers).forEach(id => { carried[id === 'old-id' ? first : id] = answers[id]; });
        return { answers: carried, changed: ['old-id is now ' + first, 'gone was retired; its answer is dropped'],
                 answerAgain: ['old-id' in answers ? first : 'gone'] };
    } };
}"""


def test_a_file_made_on_another_model_version_is_carried_over(page, tmp_path):
    page.evaluate(STUB, FIRST)
    old = tmp_path / "old.yaml"
    old.write_text(
        f'model_version: "0.9"\nanswers:\n  old-id:\n    value: yes\n    note: "Kept through the rename"\n'
        f"  {SECOND}: partial\n",
        encoding="utf-8",
    )
    assert import_files(page, old) == (
        f"Imported 2 answers from old.yaml. Carried over from version 0.9: 2 changes; answer 1 item ({FIRST}) again."
    )
    assert page.locator("[data-pb-changes] li").all_inner_texts() == [
        f"old-id is now {FIRST}",
        "gone was retired; its answer is dropped",
    ]
    calls = page.evaluate("window.pbCalls")
    changes = page.evaluate(f"{DATA}.changes")
    assert calls == [
        {
            "changes": changes,
            "current": MODEL.info.version,
            "answers": {"old-id": "yes", SECOND: "partial"},
            "version": "0.9",
        },
        {
            "changes": changes,
            "current": MODEL.info.version,
            "answers": {"old-id": {"note": "Kept through the rename", "evidence": None}},
            "version": "0.9",
        },
    ]
    assert page.locator(f"input[name='pb-{FIRST}'][value='yes']").is_checked()
    assert page.locator(f"input[name='pb-{SECOND}'][value='partial']").is_checked()
    assert note_fields(page, FIRST) == ("Kept through the rename", "")

    before = (shown(page), storage(page))
    older = tmp_path / "older.yaml"
    older.write_text(f"model_version: '0.1'\nanswers:\n  {THIRD}: no\n", encoding="utf-8")
    assert import_files(page, older) == (
        "Could not import older.yaml: the model has no changes from version 0.1. Your answers are unchanged."
    )
    assert (shown(page), storage(page)) == before
    assert page.locator("[data-pb-changes] li").count() == 0


def preview(page, path) -> list[str]:
    """Choose `path` to import; the preview's title, counts and each change, in order."""
    page.set_input_files("[data-pb-import]", str(path))
    box = page.locator("[data-pb-preview]")
    box.wait_for(state="visible")
    box.locator("summary").click()
    return [box.locator("[data-pb-preview-title]").inner_text(), *box.locator("li").all_inner_texts()]


def test_an_import_shows_what_it_changes_applies_on_confirm_and_can_be_undone(page, tmp_path):
    answer(page, FIRST, "yes")
    answer(page, SECOND, "no")
    write_note(page, SECOND, "Ours", "")
    before = (shown(page), storage(page))
    path = tmp_path / "theirs.yaml"
    path.write_text(f"answers:\n  {FIRST}: partial\n  {THIRD}:\n    value: yes\n    note: Theirs\n", encoding="utf-8")
    assert preview(page, path) == [
        "Import theirs.yaml? It replaces the answers on this page:",
        "Answers: 1 added, 1 changed, 1 removed.",
        "Notes and evidence: 1 added, 0 changed, 1 removed.",
        f"{THIRD}: Yes (new)",
        f"{FIRST}: Yes → Partly",
        f"{SECOND}: No (removed)",
        f"{THIRD}: note added",
        f"{SECOND}: note removed",
    ]
    assert (shown(page), storage(page)) == before  # nothing changes before the confirmation

    page.get_by_role("button", name="Cancel").click()
    assert page.locator("[data-pb-message]").inner_text() == "Import cancelled: your answers are unchanged."
    assert page.locator("[data-pb-preview]").is_hidden() and (shown(page), storage(page)) == before

    preview(page, path)
    page.get_by_role("button", name="Apply import").click()
    assert page.locator("[data-pb-message]").inner_text() == "Imported 2 answers from theirs.yaml."
    assert page.locator(f"input[name='pb-{FIRST}'][value='partial']").is_checked()
    assert not page.locator(f"input[name='pb-{SECOND}']:checked").count() and note_fields(page, THIRD) == ("Theirs", "")
    after = storage(page)
    page.reload()
    assert storage(page) == after and page.locator("[data-pb-undo]").is_hidden()  # undo lasts until the page goes

    answer(page, FIRST, "yes")
    answer(page, SECOND, "no")
    mine = (shown(page), storage(page))
    preview(page, path)
    page.get_by_role("button", name="Apply import").click()
    page.get_by_role("button", name="Undo import").click()
    assert page.locator("[data-pb-message]").inner_text() == "Import undone: your answers are back as they were."
    assert (shown(page), storage(page)) == mine and page.locator("[data-pb-undo]").is_hidden()


def test_undo_ends_with_the_next_change(page, tmp_path):
    answer(page, FIRST, "yes")
    path = tmp_path / "file.yaml"
    path.write_text(f"answers:\n  {SECOND}: no\n", encoding="utf-8")
    preview(page, path)
    page.get_by_role("button", name="Apply import").click()
    assert page.locator("[data-pb-undo]").is_visible()
    answer(page, THIRD, "yes")
    assert page.locator("[data-pb-undo]").is_hidden()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# nothing yet\n",
        "answers:\n",
        f"answers:\n  {FIRST}:\n  {SECOND}: ~\n",
        f"answers:\n  {FIRST}:\n    note: Only a note\n",
    ],
    ids=["empty", "comments", "no-answers", "all-unanswered", "notes-only"],
)
def test_a_file_that_answers_nothing_is_refused_and_changes_nothing(page, tmp_path, text):
    answer(page, FIRST, "yes")
    write_note(page, FIRST, "Keep me", "")
    before = (shown(page), storage(page))
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    assert import_files(page, path) == (
        "Could not import empty.yaml: it answers no checklist item. Your answers are unchanged."
    )
    assert page.locator("[data-pb-preview]").is_hidden() and (shown(page), storage(page)) == before
