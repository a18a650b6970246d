"""The bundled model's actions are first steps, not their statements turned into commands.

An action may reuse at most half of its statement's content words: the words left once each
language's stop words are removed, with plural and definite endings folded (a crude stemmer is
enough to catch a restated statement). Chinese is split into words with jieba, as the search
index does."""

from __future__ import annotations

import re

import jieba
import pytest

from generator.model.loading import load_model
from generator.model.translation import load_translated
from tests.helpers.data import CONTENT, LANGUAGES

MODEL = load_model(CONTENT)
LIMIT = 0.5

STOP_WORDS = {
    "en": set(
        """a an the and or but nor of to in on for with by at from as into onto over under about after
        before between through during without within up down off out again once if whether while until
        because so than then there here is are be been being it its this that these those we our us you
        your they their them he she his her who whom which what when where how why not no all any each
        every some most more many much few only also just even own one ones such very can could may
        might must shall should will would do does did done have has had other another same too both
        either neither everyone someone anyone""".split()
    ),
    "nb": set(
        """og eller men for til i på av med fra om som at å er var blir ble har hadde kan skal vil må bør
        den det de dem denne dette disse en et ei vi oss vår vårt våre dere deres du deg din ditt dine
        han hun hans hennes sin sitt sine seg man hver hvert alle alt noen noe ingen ikke også bare så
        enn da der her hvor hva hvem hvilke hvilken hvordan når mer mest mange mye få selv både enten
        etter før over under mellom gjennom uten innen ut opp inn ned""".split()
    ),
    "zh": set(
        "的 了 和 与 及 以及 或 或者 在 是 有 我们 你 你们 其 这 那 每 每个 一个 都 也 并 而 把 被 对 从 让 为 中 上 等 之 就 会 能 要".split()
    ),
}
ENDINGS = {
    "en": ("ies", "es", "s"),
    "nb": ("ene", "ane", "er", "en", "et", "e"),
    "zh": (),
}


def content_words(text: str, language: str) -> set[str]:
    """The statement's or action's content words, lower case, stop words out, endings folded."""
    if language == "zh":
        tokens = [t for t in jieba.lcut(text) if re.search(r"\w", t)]
    else:
        tokens = re.findall(r"[^\W\d_]+", text.lower())
    words = set()
    for token in tokens:
        if token in STOP_WORDS[language] or (language != "zh" and len(token) < 3):
            continue
        for ending in ENDINGS[language]:
            if token.endswith(ending) and len(token) > len(ending) + 3:
                token = token[: -len(ending)]
                break
        words.add(token)
    return words


def reuse(statement: str, action: str, language: str) -> float:
    """The share of the statement's content words that the action repeats."""
    said = content_words(statement, language)
    return len(said & content_words(action, language)) / len(said) if said else 0.0


@pytest.mark.slow
def test_reuse_flags_a_statement_turned_into_a_command():
    statement = "We reply to the questions and complaints customers send us through social media."
    assert (
        reuse(statement, "Reply to the questions and complaints that customers send you through social media.", "en")
        == 1
    )
    assert reuse("Vi svarer på spørsmålene kundene sender.", "Svar på spørsmålene kundene sender.", "nb") >= 0.5
    assert reuse("我们回复客户发来的问题。", "回复客户发来的问题。", "zh") == 1


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_no_action_reuses_more_than_half_of_its_statement(language):
    model = MODEL if language == "en" else load_translated(MODEL, language)
    shares = {item.id: reuse(item.text, item.action or "", language) for item in model.items}
    over = {item_id: round(share, 2) for item_id, share in shares.items() if share > LIMIT}
    assert not over, f"{language}: actions that restate their statement: {over}"


def test_every_item_says_what_yes_requires_and_how_to_judge_partly():
    for language in ["en", *LANGUAGES]:
        model = MODEL if language == "en" else load_translated(MODEL, language)
        for item in model.items:
            assert 1 <= len(item.criteria) <= 3 and item.guidance, (language, item.id)
        assert all(option.description for option in model.info.scoring.answers), language
