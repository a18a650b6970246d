"""The checklist's merged view (several answers files imported at once) shows under each item what
the merge made of it and the spread of the respondents' answers, and clears it on the way back."""

from __future__ import annotations

import pytest

from generator.model.loading import load_model
from tests.helpers.browser import open_checklist, settled
from tests.helpers.data import CONTENT

pytestmark = pytest.mark.browser

MODEL = load_model(CONTENT)

A, B, C, D, E, F = (item.id for item in MODEL.items[:6])

# Three respondents' answers to the first six items (the mean merges them).
FILES = {
    "ada": {A: "yes", B: "yes", C: "no", D: "n/a", F: "yes"},
    "bo": {A: "yes", B: "yes", F: "partial"},
    "chen": {A: "no", B: "yes"},
}


def test_each_item_shows_its_merged_answer_and_spread_until_back(context, default_site, tmp_path):
    paths = []
    for name, answers in FILES.items():
        paths.append(tmp_path / f"{name}.yaml")
        paths[-1].write_text("answers:\n" + "".join(f"  {k}: {v}\n" for k, v in answers.items()), encoding="utf-8")
    page = open_checklist(context, default_site)
    page.set_input_files("[data-pb-import]", [str(path) for path in paths])
    page.locator("[data-pb-merged]").wait_for(state="visible")
    settled(page)
    lines = page.locator("[data-pb-merged-for]")
    assert lines.count() == len(MODEL.items)
    shown = dict(
        lines.evaluate_all("lines => lines.filter(l => !l.hidden).map(l => [l.dataset.pbMergedFor, l.textContent])")
    )
    assert {k: shown[k] for k in (A, B, C, D, E, F)} == {
        A: "Merged: Partly (Yes 2, No 1)",  # a mean of 0.67: Partly is nearest
        B: "Merged: Yes (Yes 3)",
        C: "Merged: No (No 1, not answered 2)",
        D: "Merged: Not applicable (Not applicable 1, not answered 2)",
        E: "Merged: not answered",
        F: "Merged: Partly (Yes 1, Partly 1, not answered 1)",  # 0.75, as near Yes as Partly: the lower
    }
    assert page.locator(f"#pb-item-{A} [data-pb-merged-for]").is_visible()
    page.get_by_role("button", name="Back to your answers").click()
    assert lines.evaluate_all("lines => lines.every(l => l.hidden && !l.textContent)")
    assert page.problems == []
