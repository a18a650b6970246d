"""One corpus of answers files for both readers: `playbook score` and the checklist page's parser
accept every file of tests/fixtures/answers-corpus/accepted (reading the same answers and notes)
and refuse every file of refused/ (the page: without changing anything)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.assessment.answers_file import load_answers
from generator.model.loading import load_model

from .browser import chromium
from .conftest import CONTENT, ROOT, run

CORPUS = ROOT / "tests" / "fixtures" / "answers-corpus"
FILES = sorted(CORPUS.glob("*/*.yaml"))
MODEL = load_model(CONTENT)
PARSE = """text => {
    const data = JSON.parse(document.getElementById('pb-checklist').dataset.pbModel);
    try {
        const parsed = window.PlaybookAnswers.parseAnswers(data, text);
        return {answers: parsed.answers, notes: parsed.notes};
    } catch (error) {
        return {error: error.message};
    }
}"""


@pytest.fixture(scope="module")
def checklist_page(default_site):
    with chromium() as browser:
        page = browser.new_page()
        page.goto((default_site / "checklist.html").as_uri())
        yield page


def test_the_corpus_has_both_kinds():
    assert {path.parent.name for path in FILES} == {"accepted", "refused"} and len(FILES) > 30


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_command_line_and_the_page_accept_and_refuse_the_same_files(checklist_page, path: Path):
    accepted = path.parent.name == "accepted"
    scored = run("score", str(path), "--json", "--content", str(CONTENT))
    in_page = checklist_page.evaluate(PARSE, path.read_bytes().decode("utf-8"))
    assert (scored.exit_code == 0, "error" not in in_page) == (accepted, accepted), (scored.output, in_page)
    if accepted:
        respondent = load_answers(path, MODEL).respondents[0]
        assert in_page["answers"] == respondent.answers
        assert in_page["notes"] == {
            item_id: {"note": r.note or "", "evidence": list(r.evidence)}
            for item_id, r in respondent.responses.items()
            if r.note or r.evidence
        }
