"""Translations: overlays by id, a fallback per text, content and theme in one language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import run
from tests.helpers.data import MINI, ROOT
from tests.helpers.files import edit

OVERLAY = ROOT / "tests" / "fixtures" / "mini-nb"


@pytest.fixture
def translated(tmp_path) -> Path:
    """The small model with a partial Norwegian translation."""
    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    (model / "i18n" / "nb").mkdir(parents=True)
    for name in ("model.yaml", "stages.yaml"):
        shutil.copy2(OVERLAY / name, model / "i18n" / "nb" / name)
    return model


def test_validate_notes_what_each_language_leaves_untranslated(translated):
    result = run("validate", str(translated))
    assert result.exit_code == 0, result.stderr
    assert (
        "i18n/nb/stages.yaml: note: 4 of 10 texts translated; shown in en: stages.curious.description" in result.stderr
    )
    assert "i18n/nb/checklist.yaml: note: 0 of 4 texts translated" in result.stderr
    status = run("i18n", "status", "--content", str(translated))
    assert "nb: 8 of 87 texts (9%)" in status.stdout


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "    name: Nysgjerrig\n",
            "    nmae: Nysgjerrig\n",
            "stages.yaml:3:5: error: stages.curious.nmae: unknown key 'nmae' (did you mean 'name'?)",
        ),
        ("  curious:\n", "  curios:\n", "stages.yaml:2:3: error: stages.curios: 'curios' is not in the base file"),
        (
            "        text: Bli",
            "        practices: [weekly-review]\n        text: Bli",
            "error: stages.curious.steps.shared-metrics.practices: only texts are translated here",
        ),
        (  # an overlay's Markdown is checked as the base file's, at the overlay's own line
            "    summary: Teamet vil ha data, men har lite.\n",
            "    summary: Teamet vil ha data, men har lite.\n    description: Se [her](javascript:alert(1)).\n",
            "stages.yaml:5:5: error: stages.curious.description: link 'javascript:alert(1)' (text 'her') is not allowed",
        ),
    ],
)
def test_broken_overlays_are_errors_at_their_place(translated, old, new, message):
    edit(translated / "i18n" / "nb" / "stages.yaml", old, new)
    result = run("validate", str(translated))
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert (
        run("build", "--content", str(translated), "--language", "nb", "--out", str(translated.parent / "s")).exit_code
        == 1
    )


def test_a_site_in_a_translation_is_in_that_language_throughout(translated, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--content", str(translated), "--language", "nb", "--out", str(out)).exit_code == 0
    stage = (out / "stages" / "curious.html").read_text(encoding="utf-8")
    assert '<html lang="nb"' in stage and '<h1 id="nysgjerrig">Nysgjerrig' in stage
    assert "Bli enige om tre felles måltall" in stage
    assert "The team wants data" not in stage
    assert "Nothing in the generator knows about this model." in (out / "index.html").read_text(encoding="utf-8")
    assert run("build", "--content", str(translated), "--language", "zh", "--out", str(out)).exit_code == 2


def test_a_client_site_is_in_its_language_only_when_the_model_has_it(translated, tmp_path):
    (tmp_path / "clients").mkdir()
    profile = tmp_path / "clients" / "acme.yaml"
    profile.write_text("name: Acme\nslug: acme\nlanguage: nb\n", encoding="utf-8")
    assert (
        run("build", "--content", str(translated), "--client", str(profile), "--out", str(tmp_path / "out")).exit_code
        == 0
    )
    assert '<html lang="nb"' in (tmp_path / "out" / "acme" / "stages" / "curious.html").read_text(encoding="utf-8")
    assert (
        run("build", "--content", str(MINI), "--client", str(profile), "--out", str(tmp_path / "plain")).exit_code == 0
    )
    page = (tmp_path / "plain" / "acme" / "stages" / "curious.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in page  # no Norwegian text to show: theme and content stay in English together
