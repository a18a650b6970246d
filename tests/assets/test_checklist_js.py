"""The checklist page's script (templates/assets/checklist.js) in headless Chromium: answers,
storage, export and import with preview and undo, notes and evidence, live results, a client's
checklist that starts empty beside the team's answers, and imports that fail without changing
anything."""

from __future__ import annotations

import json
import math
import random
import re
import shutil

import pytest

from generator.assessment.answers import Response
from generator.assessment.answers_file import load_answers
from generator.assessment.scoring import score_answers
from generator.build.pipeline import build_playbook
from generator.clients.profiles import load_client
from generator.model.loading import load_model
from tests.helpers.browser import (
    STORAGE_KEY,
    answer,
    as_shown,
    export_answers,
    import_file,
    open_checklist,
    open_menu,
    settled,
    shown,
    storage,
    watch_page,
)
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, MINI, ROOT
from tests.helpers.files import edit
from tests.helpers.fixture_models import CMMI5

pytestmark = pytest.mark.browser

MODEL = load_model(CONTENT)

NAMES = {e.id: e.name for e in [*MODEL.stages, *MODEL.quadrants]}


@pytest.fixture
def checklist_page(browser, site_url):
    """The checklist page in a fresh browser context (empty storage)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "checklist.html")
    open_menu(page)
    yield page
    context.close()


def answer_all(page, answers: dict[str, str]) -> None:
    """Click each answer in turn, as a reader would, in one round trip."""
    page.evaluate(
        """answers => Object.entries(answers).forEach(([id, value]) =>
        document.querySelector(`input[name='pb-${id}'][value='${value}']`).click())""",
        answers,
    )
    settled(page)


@pytest.mark.slow
def test_answers_persist_export_and_score_the_same_on_the_command_line(browser, site_url, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    problems = watch_page(page)
    page.goto(site_url + "checklist.html")
    rng = random.Random(7)
    chosen = {item.id: rng.choice(["yes", "partial", "no", "n/a"]) for item in MODEL.items[::2]}
    for item_id, value in chosen.items():
        answer(page, item_id, value)
    page.reload()
    for item_id, value in chosen.items():
        assert page.locator(f"input[name='pb-{item_id}'][value='{value}']").is_checked()
    exported = export_answers(page, tmp_path)
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    assert exported.name == f"{MODEL.info.id}-{today}.yaml"
    result = run("score", str(exported), "--json")
    assert result.exit_code == 0, result.stderr
    expected = json.loads(result.stdout)
    seen = shown(page)
    assert seen["stage"] == NAMES[expected["stage"]] and seen["quadrant"] == NAMES[expected["quadrant"]]
    assert seen["answered"] == f"{expected['answered']} of {expected['total']}"
    for group in ("axes", "pillars", "stages", "maturity"):
        assert seen[group] == as_shown(group, expected[group])
    assert seen["next_steps"] == expected["next_steps"]
    assert expected["answered"] == len(chosen) and expected["ready"]
    assert problems == []
    context.close()


def test_before_enough_is_answered_there_is_no_verdict_and_the_bar_shows_progress(checklist_page):
    page = checklist_page
    total, needed = len(MODEL.items), math.ceil(MODEL.scoring.min_answered * len(MODEL.items) / 100)
    bar = page.locator("[data-pb-progress]")
    assert bar.locator(".pb-progress-text").inner_text() == f"0 of {total} answered · Keep answering"
    answer_all(page, {item.id: "no" for item in MODEL.items[: needed - 1]})
    seen = shown(page)
    assert (seen["stage"], seen["quadrant"], seen["next_steps"]) == ("not yet", "not yet", [])
    assert page.locator("[data-pb-verdict-text]").inner_text() == (
        f"Not yet assessed: {needed - 1} of {total} answered. Answer 1 more to see where you stand."
    )
    assert (
        page.locator("[data-pb-dot]").is_hidden()
        and page.locator("[data-pb-level]").all_text_contents() == ["not yet"] * 3
    )
    assert bar.locator("[data-pb-progress-count]").inner_text() == f"{needed - 1} of {total} answered"
    assert bar.locator("progress").evaluate("p => [p.value, p.max]") == [needed - 1, total]
    page.mouse.wheel(0, 3000)
    page.wait_for_function("window.scrollY > 2000")
    assert 0 <= bar.bounding_box()["y"] < 100  # still in view, under the header
    answer(page, MODEL.items[needed - 1].id, "no")
    assert (
        shown(page)["stage"]
        == NAMES[score_answers(MODEL, dict.fromkeys([i.id for i in MODEL.items[:needed]], "no")).stage]
    )
    assert shown(page)["next_steps"]
    verdict = score_answers(MODEL, dict.fromkeys([i.id for i in MODEL.items[:needed]], "no")).verdict
    assert page.locator("[data-pb-verdict-text]").inner_text() == " ".join(verdict)
    assert (
        bar.locator("[data-pb-progress-result]").inner_text() == f"{shown(page)['stage']} · {shown(page)['quadrant']}"
    )


def test_with_many_unanswered_the_first_of_them_come_first_and_are_no_next_steps(checklist_page):
    page = checklist_page
    answers = {item.id: "partial" for item in MODEL.items[1::2]}
    answer_all(page, answers)
    expected = score_answers(MODEL, answers).as_json()
    finish = page.locator("[data-pb-finish] a")
    assert finish.all_inner_texts() == [item["text"] for item in expected["finish_first"]] != []
    assert finish.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        f"#pb-item-{item['id']}" for item in expected["finish_first"]
    ]
    assert shown(page)["next_steps"] == expected["next_steps"]
    finish.first.click()
    assert page.evaluate("location.hash") == f"#pb-item-{expected['finish_first'][0]['id']}"


@pytest.mark.parametrize("width, beside", [(390, False), (1280, True)])
def test_the_results_come_after_the_questions_or_beside_them(browser, site_url, width, beside):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(site_url + "checklist.html")
    questions, results = (page.locator(s).bounding_box() for s in (".pb-questions", ".pb-results"))
    if beside:
        assert results["x"] > questions["x"] + questions["width"] - 1 and results["y"] < questions["y"] + 200
    else:
        assert results["y"] > questions["y"] + questions["height"] - 1
    where = (
        "ids => ids.map(id => document.getElementById('pb-item-' + id).getBoundingClientRect().top + window.scrollY)"
    )
    ids = [item.id for item in MODEL.items]
    # Items out of view have an estimated height until they show (content-visibility): lay them all out.
    page.add_style_tag(content=".pb-item { content-visibility: visible !important; }")
    before = page.evaluate(where, ids)
    answer_all(
        page, {item.id: "yes" for item in MODEL.items[:40]}
    )  # results fill in, next steps appear: no question moves
    assert page.evaluate(where, ids) == before
    page.close()


def test_keyboard_answers_and_labels(checklist_page):
    page = checklist_page
    first = MODEL.items[0]
    page.get_by_role("radio", name="Yes").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # moves to "Partly" in the same item, and selects it
    assert page.locator(f"input[name='pb-{first.id}'][value='partial']").is_checked()
    assert page.locator(f"[data-pb-fieldset='{first.id}'] legend").inner_text().endswith(first.text)
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"


def test_bad_import_shows_a_message_and_keeps_answers(checklist_page, tmp_path):
    page = checklist_page
    answer(page, MODEL.items[0].id, "yes")
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers:\n  no-such-item: yes\n")
    page.set_input_files("[data-pb-import]", str(bad))
    message = page.locator("[data-pb-message]")
    message.wait_for(state="visible")
    assert "line 2: unknown checklist item 'no-such-item'" in message.inner_text()
    assert "unchanged" in message.inner_text()
    assert page.locator(f"input[name='pb-{MODEL.items[0].id}'][value='yes']").is_checked()
    good = tmp_path / "good.yaml"
    good.write_text(f"assessed: 2026-11-01\nanswers:\n  {MODEL.items[1].id}: no\n")
    page.set_input_files("[data-pb-import]", str(good))
    page.get_by_role("button", name="Apply import").click()
    page.wait_for_function("document.querySelector('[data-pb-message]').textContent.startsWith('Imported')")
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"


def test_reset_clears_answers_and_storage(checklist_page):
    page = checklist_page
    answer(page, MODEL.items[0].id, "yes")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset").click()
    page.reload()
    assert shown(page)["answered"] == f"0 of {len(MODEL.items)}"


def test_checklist_starts_after_instant_navigation(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "index.html")
    page.evaluate("window.pbMarker = 1")  # survives only if navigation stays instant (no reload)
    page.locator("article a[href$='checklist.html']").first.click()
    page.wait_for_selector("#pb-checklist")
    page.wait_for_function("document.querySelector('[data-pb-stage]').textContent !== '-'")
    assert page.evaluate("window.pbMarker") == 1
    answer(page, MODEL.items[0].id, "yes")
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"
    context.close()


def test_storage_is_per_site(checklist_page):
    page = checklist_page
    answer(page, MODEL.items[0].id, "yes")
    keys = page.evaluate("Object.keys(localStorage)")
    assert [key for key in keys if key.startswith("playbook:")] == [f"playbook:{MODEL.info.id}:answers"]


def test_works_from_file_without_a_server(default_site, browser):
    page = browser.new_page()
    problems = watch_page(page)
    page.goto((default_site / "checklist.html").as_uri())
    answer(page, MODEL.items[0].id, "yes")
    assert shown(page)["answered"] == f"1 of {len(MODEL.items)}"
    assert problems == []
    page.close()


FIRST, SECOND, THIRD, FOURTH = (item.id for item in MODEL.items[:4])

DATA = "JSON.parse(document.getElementById('pb-checklist').dataset.pbModel)"


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
    assert import_files(page, exported) == f"Imported 1 answer from {exported.name}."
    assert note_fields(page, FIRST) == (note, "\n".join(evidence))
    assert page.locator(f"input[name='pb-{FIRST}'][value='partial']").is_checked()
    assert page.locator("[data-pb-respondent='name']").input_value() == "Ada Lund"


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
        assert seen[group] == as_shown(group, expected[group])
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
    assert calls == [  # one migration: each answer travels with its note
        {
            "changes": changes,
            "current": MODEL.info.version,
            "answers": {
                "old-id": {"value": "yes", "note": "Kept through the rename", "evidence": None},
                SECOND: "partial",
            },
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


MINI_MODEL = load_model(MINI)

MINI_FIRST, MINI_SECOND = MINI_MODEL.items[0].id, MINI_MODEL.items[1].id


def state(page) -> dict:
    """Everything an import may change: what the page shows, the checked inputs and the storage."""
    return {
        "shown": shown(page),
        "storage": page.evaluate("JSON.stringify(localStorage)"),
        "checked": page.evaluate("[...document.querySelectorAll('input[data-pb-item]:checked')].map(i => i.id)"),
    }


BAD_IMPORTS = {
    "value-toString": (f"answers:\n  {MINI_SECOND}: toString\n", "line 2: 'toString' is not an answer"),
    "value-__proto__": (f"answers:\n  {MINI_SECOND}: __proto__\n", "line 2: '__proto__' is not an answer"),
    "value-constructor": (f"answers:\n  {MINI_SECOND}: constructor\n", "line 2: 'constructor' is not an answer"),
    "value-valueOf": (f"answers:\n  {MINI_SECOND}: valueOf\n", "line 2: 'valueOf' is not an answer"),
    "value-hasOwnProperty": (
        f"answers:\n  {MINI_SECOND}: hasOwnProperty\n",
        "line 2: 'hasOwnProperty' is not an answer",
    ),
    "id-constructor": ("answers:\n  constructor: yes\n", "line 2: unknown checklist item 'constructor'"),
    "id-tostring": ("answers:\n  tostring: yes\n", "line 2: unknown checklist item 'tostring'"),
    "id-__proto__": ("answers:\n  __proto__: yes\n", "line 2: not part of an answers file: __proto__: yes"),
    "late-error": (f"answers:\n  {MINI_SECOND}: no\n  nope: yes\n", "line 3: unknown checklist item 'nope'"),
    "too-big": ("answers:\n" + "#" * 2_100_000 + "\n", "it is over 2000000 bytes"),
}


@pytest.mark.parametrize("name", sorted(BAD_IMPORTS))
def test_a_failed_import_changes_nothing_and_says_so(mini_page, tmp_path, name):
    text, expected = BAD_IMPORTS[name]
    answer(mini_page, MINI_FIRST, "yes")
    before = state(mini_page)
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    message = import_file(mini_page, path)
    assert message.startswith("Could not import bad.yaml: ") and expected in message, message
    assert message.endswith("Your answers are unchanged.")
    assert state(mini_page) == before  # the storage too: nothing half-saved shows up later


def test_an_import_that_fails_while_scoring_changes_nothing(mini_page, tmp_path):
    """Imported answers are committed only once they have parsed and scored."""
    answer(mini_page, MINI_FIRST, "yes")
    before = state(mini_page)
    mini_page.evaluate("""() => {
        const find = Array.prototype.find;
        Array.prototype.find = function (...args) {
            if (window.pbBreakScoring) throw new Error('scoring broke');
            return find.apply(this, args);
        };
        window.pbBreakScoring = true;
    }""")
    path = tmp_path / "good.yaml"
    path.write_text(f"answers:\n  {MINI_SECOND}: no\n")
    message = import_file(mini_page, path)
    assert message == "Could not import good.yaml: scoring broke. Your answers are unchanged."
    mini_page.evaluate("window.pbBreakScoring = false")
    assert state(mini_page) == before
    assert import_file(mini_page, path) == "Imported 1 answer from good.yaml."
    assert shown(mini_page)["answered"] == f"1 of {len(MINI_MODEL.items)}"


PROFILE = ROOT / "clients" / "lumen-health.yaml"
FJORD = ROOT / "clients" / "fjord-energi.yaml"

LATEST = load_client(PROFILE, MODEL).assessments[-1]
LABELS = {option.value: option.label for option in MODEL.shared_answers or ()}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("clients") / "site"
    result = run("build", "--client", str(PROFILE), "--client", str(FJORD), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "lumen-health"


@pytest.fixture
def client_page(browser, site):
    """The client's checklist in a fresh browser context (empty storage). Each question the page
    asks is kept in `dialogs` and accepted, unless `accept_dialogs` is set to False."""
    context = browser.new_context(accept_downloads=True)
    client_page = context.new_page()
    client_page.problems = watch_page(client_page)
    client_page.dialogs, client_page.accept_dialogs = [], True

    def on_dialog(dialog):
        client_page.dialogs.append(dialog.message)
        dialog.accept() if client_page.accept_dialogs else dialog.dismiss()

    client_page.on("dialog", on_dialog)
    client_page.goto((site / "checklist.html").as_uri())
    open_menu(client_page)
    yield client_page
    assert client_page.problems == []
    context.close()


def checked(page) -> dict[str, str]:
    return dict(
        page.locator("input[data-pb-item]:checked").evaluate_all(
            "inputs => inputs.map(i => [i.dataset.pbItem, i.value])"
        )
    )


def team_lines(page) -> dict[str, str]:
    """The team's answer shown in each item ({} while not comparing)."""
    return dict(
        page.locator("[data-pb-fieldset] .pb-team-answer:visible").evaluate_all(
            "lines => lines.map(p => [p.closest('[data-pb-fieldset]').dataset.pbFieldset, p.textContent])"
        )
    )


def test_a_clients_checklist_starts_empty_and_shows_the_team_only_when_asked(client_page):
    banner = client_page.locator("[data-pb-team]")
    assert banner.is_visible() and banner.locator("[data-pb-team-text]").inner_text() == (
        "Your team answered on 2026-10-20."
    )
    assert checked(client_page) == {} and team_lines(client_page) == {}
    assert shown(client_page)["answered"] == f"0 of {len(MODEL.items)}" and storage(client_page) is None

    compare = client_page.get_by_role("button", name="Compare with the team")
    compare.click()
    assert compare.get_attribute("aria-pressed") == "true"
    assert team_lines(client_page) == {
        item.id: f"Team: {LABELS[LATEST.answers[item.id]]}" if item.id in LATEST.answers else "Team: not answered"
        for item in MODEL.items
    }
    assert checked(client_page) == {} and storage(client_page) is None  # nothing became the reader's

    first = MODEL.items[0].id
    answer(client_page, first, "no")
    assert checked(client_page) == {first: "no"} and len(team_lines(client_page)) == len(MODEL.items)
    compare.click()
    assert compare.get_attribute("aria-pressed") == "false" and team_lines(client_page) == {}
    client_page.reload()
    assert checked(client_page) == {first: "no"} and team_lines(client_page) == {}


def test_starting_from_the_teams_answers_asks_before_it_replaces_the_readers_own(client_page):
    start = client_page.get_by_role("button", name="Start from the team's answers")
    start.click()  # nothing of the reader's yet: no question
    assert client_page.dialogs == [] and checked(client_page) == LATEST.answers
    assert client_page.locator("[data-pb-message]").inner_text() == (
        f"Started from the team's answers: {len(LATEST.answers)} filled in. Change any that are not yours."
    )
    first = MODEL.items[0].id
    answer(client_page, first, "no")
    write_note(client_page, first, "Mine", "")
    client_page.get_by_label("Your name").fill("Sam Okafor")
    client_page.reload()
    open_menu(client_page)
    mine = {**LATEST.answers, first: "no"}
    assert checked(client_page) == mine

    client_page.accept_dialogs = False
    start.click()
    assert client_page.dialogs == ["Replace your answers with the team's latest answers? Your notes stay."]
    assert checked(client_page) == mine
    client_page.get_by_role("button", name="Reset").click()
    assert client_page.dialogs[-1] == "Clear all answers on this page?" and checked(client_page) == mine

    client_page.accept_dialogs = True
    start.click()
    assert checked(client_page) == LATEST.answers and note_fields(client_page, first) == ("Mine", "")
    assert json.loads(storage(client_page))["respondent"] == {"name": "Sam Okafor"}
    client_page.get_by_role("button", name="Reset").click()
    assert checked(client_page) == {} and storage(client_page) is None


def test_answers_kept_by_the_old_prefilled_start_load_as_the_readers_own(client_page):
    first = MODEL.items[0].id
    kept = {**LATEST.answers, first: "no"}
    record = {"answers": kept, "notes": {}, "respondent": {"name": "Sam"}, "started": True}
    client_page.evaluate(f"record => localStorage.setItem({STORAGE_KEY}, JSON.stringify(record))", record)
    client_page.reload()
    assert checked(client_page) == kept and client_page.get_by_label("Your name").input_value() == "Sam"
    second = MODEL.items[1].id
    answer(client_page, second, "n/a" if kept.get(second) != "n/a" else "no")
    assert "started" not in json.loads(storage(client_page))


def test_an_export_is_named_for_the_client_and_the_respondent(client_page, tmp_path):
    client_page.get_by_role("button", name="Start from the team's answers").click()
    today = client_page.evaluate("new Date().toISOString().slice(0, 10)")
    assert export_answers(client_page, tmp_path).name == f"lumen-health-{today}.yaml"
    client_page.get_by_label("Your name").fill("Åse Ødegård-Okafor")
    path = export_answers(client_page, tmp_path)
    assert path.name == f"lumen-health-ase-odegard-okafor-{today}.yaml"
    text = path.read_text(encoding="utf-8")
    assert f'\nmodel_version: "{MODEL.info.version}"\nclient: lumen-health\n' in text
    assert '\nrespondent:\n  name: "Åse Ødegård-Okafor"\n' in text
    result = run("score", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answered"] == len(LATEST.answers)


def test_an_import_over_answers_started_from_the_team_is_previewed_and_undone(client_page, tmp_path):
    client_page.get_by_role("button", name="Start from the team's answers").click()
    before = storage(client_page)
    path = tmp_path / "mine.yaml"
    path.write_text(f"client: fjord-energi\nanswers:\n  {MODEL.items[0].id}: no\n", encoding="utf-8")
    client_page.set_input_files("[data-pb-import]", str(path))
    client_page.locator("[data-pb-preview]").wait_for(state="visible")
    removed = len(LATEST.answers) - 1
    assert client_page.locator("[data-pb-preview-summary]").inner_text() == (
        f"Answers: 0 added, 1 changed, {removed} removed.\nNotes and evidence: 0 added, 0 changed, 0 removed.\n"
        "These answers were exported from another client's site (fjord-energi), not from Lumen Health's."
    )
    client_page.get_by_role("button", name="Apply import").click()
    assert checked(client_page) == {MODEL.items[0].id: "no"}
    client_page.get_by_role("button", name="Undo import").click()
    assert checked(client_page) == LATEST.answers and storage(client_page) == before


def test_the_team_of_several_respondents_shows_where_they_differ_in_the_sites_language(browser, site):
    fjord = load_client(FJORD, MODEL)
    respondents = fjord.assessments[-1].respondents
    page = browser.new_page()
    problems = watch_page(page)
    page.goto((site.parent / "fjord-energi" / "checklist.html").as_uri())
    page.get_by_role("button", name="Sammenlign med teamet").click()
    lines = team_lines(page)
    item = next(i.id for i in MODEL.items if len({r.answers.get(i.id) for r in respondents} - {None}) > 1)
    agreed = next(
        i
        for i in MODEL.items
        if len({r.answers.get(i.id) for r in respondents} - {None}) == 1 and all(i.id in r.answers for r in respondents)
    )
    assert lines[item] == "Teamet: svarene spriker"
    assert lines[agreed.id].startswith("Teamet: ") and lines[agreed.id] != "Teamet: ikke besvart"
    assert checked(page) == {} and problems == []
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_each_question_sits_inside_its_card(browser, default_site, width):
    """A fieldset draws its legend across its top border; the question must sit below it, inside."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto((default_site / "checklist.html").as_uri())
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.pb-item')].slice(0, 12).map(card => {
            const border = parseFloat(getComputedStyle(card).borderTopWidth);
            return [card.getBoundingClientRect().top + border, card.querySelector('legend').getBoundingClientRect().top];
        })"""
    )
    context.close()
    assert len(boxes) == 12 and all(legend >= inner_top for inner_top, legend in boxes), boxes


@pytest.mark.parametrize("checklist", ["generic", "client"])
def test_on_a_phone_the_first_question_shows_on_the_first_screen(browser, default_site, site, checklist):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(((default_site if checklist == "generic" else site) / "checklist.html").as_uri())
    question = page.locator(".pb-item").first.locator("legend").bounding_box()
    context.close()
    assert question["y"] + question["height"] <= 844, question  # the whole question, above the fold


def test_next_unanswered_takes_focus_to_the_next_open_item_then_says_all_are_answered(mini_page):
    page = mini_page
    items = page.eval_on_selector_all("[data-pb-fieldset]", "items => items.map(item => item.dataset.pbFieldset)")
    answer(page, items[0], "yes")
    answer(page, items[2], "no")
    page.locator(f"input[name='pb-{items[0]}']").first.focus()
    page.get_by_role("button", name="Next unanswered").click()
    assert page.evaluate("document.activeElement.dataset.pbItem") == items[1]
    page.get_by_role("button", name="Next unanswered").click()
    assert page.evaluate("document.activeElement.dataset.pbItem") == items[3]
    for item_id in items:
        answer(page, item_id, "yes")
    page.get_by_role("button", name="Next unanswered").click()
    assert page.locator("[data-pb-message]").inner_text() == "Every item is answered."


def test_each_section_counts_its_own_answers(mini_page):
    page = mini_page
    sections = {
        stage.id: [item.id for item in MINI_MODEL.items if item.stage == stage.id] for stage in MINI_MODEL.stages
    }
    first, second = list(sections)
    answer(page, sections[first][0], "partial")
    counts = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('h2 [data-pb-section-count]')]
            .map(node => [node.dataset.pbSectionCount, node.textContent]))"""
    )
    assert counts == {
        first: f"1 of {len(sections[first])} answered",
        second: f"0 of {len(sections[second])} answered",
    }
    listed = page.locator(f".pb-sections [data-pb-section-count='{first}']").text_content()
    assert listed == counts[first]


def test_the_results_lead_with_the_verdict_and_keep_the_numbers_in_the_details(mini_page):
    page = mini_page
    answers = {item.id: "yes" if n % 2 else "partial" for n, item in enumerate(MINI_MODEL.items)}
    for item_id, value in answers.items():
        answer(page, item_id, value)
    result = score_answers(MINI_MODEL, answers)
    assert page.locator("[data-pb-verdict-text]").inner_text() == " ".join(result.verdict)
    assert result.verdict[0].startswith("You are at ")
    steps = page.locator("[data-pb-steps] li")
    assert steps.count() == len(result.next_steps) > 0
    assert not any(ch.isdigit() for ch in "".join(steps.locator(".pb-why").all_inner_texts()))
    details = page.locator("[data-pb-details]")
    assert details.evaluate("d => d.open") is False and page.locator("[data-pb-bar]").first.is_hidden()
    assert page.locator("[data-pb-step-details] li").all_text_contents() == [s.detail for s in result.next_steps]
    details.locator("summary").click()
    assert page.locator("[data-pb-bar]").first.is_visible()
    details.evaluate("d => { d.open = false; }")


def test_the_norwegian_checklist_writes_its_numbers_and_reasons_in_norwegian(browser, tmp_path):
    """Fjord Energi (nb), started from the team's answers: its bars write whole percentages with a
    no-break space and scores with a decimal comma, and its next steps' numbers a comma too
    (shared.js formatNumber and formatPercent, through scoring.js say)."""
    out = tmp_path / "site"
    assert run("build", "--client", str(ROOT / "clients" / "fjord-energi.yaml"), "--out", str(out)).exit_code == 0
    context = browser.new_context()
    page = context.new_page()
    problems = watch_page(page)
    page.goto((out / "fjord-energi" / "checklist.html").as_uri())
    page.get_by_role("button", name="Start fra teamets svar").click()
    settled(page)
    values = page.locator("[data-pb-bar] [data-pb-value]").all_text_contents()
    numbers = page.locator("[data-pb-step-details] li").all_text_contents()
    context.close()
    assert problems == []
    assert values and all(re.fullmatch(r"\d+(\u00a0%|,\d)?", value) for value in values), values
    assert any("," in value for value in values) and any("\u00a0%" in value for value in values)
    assert numbers and not [line for line in numbers if re.search(r"\d\.\d", line)]
    assert any(re.search(r"vekt \d+(,\d+)?\b", line) for line in numbers), numbers


def test_with_every_answered_item_met_no_empty_next_steps_heading_shows(browser, tmp_path):
    """Many unanswered, the answered all met: the page lists what to answer first and shows no
    "Recommended next steps" heading over an empty list."""
    build_playbook(CMMI5, tmp_path / "site")  # a model without a matrix: no quadrant's next step
    context = browser.new_context()
    page = open_checklist(context, tmp_path / "site")
    model = load_model(CMMI5)
    met = {i.id: next(o.value for o in model.scale_of(i) if o.credit == 1) for i in model.items[:7]}
    for item, value in met.items():  # past min_answered, with over a fifth still open
        answer(page, item, value)
    settled(page)
    assert page.locator("[data-pb-finish] a").count() > 0
    assert page.locator("[data-pb-steps] li").count() == 0
    assert page.get_by_role("heading", name="Recommended next steps").is_hidden()
    unmet = model.items[7]
    answer(
        page, unmet.id, next(o.value for o in model.scale_of(unmet) if o.credit == 0)
    )  # an answered item not met: a next step, under its heading
    settled(page)
    assert page.locator("[data-pb-steps] li").count() > 0
    assert page.get_by_role("heading", name="Recommended next steps").is_visible()
    assert page.problems == []
    context.close()
