"""Python against the contract corpus (tests/contract/cases/*.json): `playbook score`'s rules give
every expected output, and the corpus is what make_corpus writes today. The page's scripts are
held to the same corpus by contract.test.mjs (`node --test tests/contract/`)."""

from __future__ import annotations

import json

import pytest

from . import make_corpus

FILES = sorted(make_corpus.CASES.glob("*.json"))
REGENERATE = "python -m tests.contract.make_corpus"


def groups():
    for path in FILES:
        corpus = json.loads(path.read_text(encoding="utf-8"))
        for group in corpus["groups"]:
            yield pytest.param(corpus["family"], corpus["model"], group, id=f"{path.stem}: {group['description']}")


def test_the_corpus_covers_every_family():
    families = {json.loads(path.read_text(encoding="utf-8"))["family"] for path in FILES}
    assert families == set(make_corpus.FAMILIES), f"tests/contract/cases is incomplete: run {REGENERATE}"


@pytest.mark.parametrize("family, name, group", list(groups()))
def test_python_gives_every_expected_output(family, name, group):
    model = make_corpus.model_for(name, group["variant"])
    for case in group["cases"]:
        actual = make_corpus.expected_output(family, model, case["input"])
        assert actual == case["expected"], f"{family}-{name}: {group['description']}: {case['description']}"


def test_the_corpus_is_current():
    """Changed rules, page data or cases: the committed corpus must be written again."""
    written = make_corpus.corpus_files()
    committed = {path.name: path.read_bytes() for path in FILES}
    stale = sorted(name for name in written.keys() | committed.keys() if written.get(name) != committed.get(name))
    assert not stale, f"tests/contract/cases is out of date ({', '.join(stale)}): run {REGENERATE} and review the diff"
