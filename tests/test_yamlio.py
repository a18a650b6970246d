"""Strict YAML loading: positions kept, dangerous or surprising YAML refused with its place."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.yamlio import parse_yaml

FILE = Path("f.yaml")


def error_of(raw: bytes) -> str:
    with pytest.raises(ContentError) as caught:
        parse_yaml(raw, FILE)
    (problem,) = caught.value.problems
    return str(problem)


def test_values_and_their_positions():
    document = parse_yaml(b"a: 1\nb:\n  - x\n  - {c: 2026-11-01}\n", FILE)
    assert document.data == {"a": 1, "b": ["x", {"c": __import__("datetime").date(2026, 11, 1)}]}
    assert document.mark(("b", 1, "c")) == (4, 6)
    assert document.mark(("b", 0)) == (3, 5)
    assert document.mark(("b", 1, "missing")) == (4, 5)


def test_text_scalars_keep_what_was_written():
    assert parse_yaml(b"a: yes\nb: 1.10\nc: on\nd:\n", FILE, text_scalars=True).data == {
        "a": "yes",
        "b": "1.10",
        "c": "on",
        "d": None,
    }


@pytest.mark.parametrize(
    "raw, expected",
    [
        (
            b"x: !!python/object/apply:os.system ['true']\n",
            "f.yaml:1:4: error: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: remove it",
        ),
        (b"a: &x [1]\nb: *x\n", "f.yaml:1:4: error: anchor '&x' is not allowed: write the value out in full"),
        (b"a: 1\nb: 2\na: 3\n", "f.yaml:3:1: error: duplicate key 'a' (first on line 1): keep one"),
        (b"a: 1\n---\nb: 2\n", "f.yaml:2:1: error: a second YAML document ('---'): keep one document per file"),
        (
            b"a: " + b"9" * 5000 + b"\n",
            "f.yaml:1:4: error: a number with 5000 characters is too long: shorten it or quote it",
        ),
        (b"a: caf\xe9\n", "f.yaml:1:7: error: this byte is not UTF-8: save the file as UTF-8"),
        (b"a: b\x00c\n", "f.yaml:1:5: error: the control character U+0000 is not allowed in YAML: remove it"),
    ],
)
def test_refused_yaml(raw, expected):
    assert error_of(raw) == expected


def test_deep_nesting_and_billion_laughs_fail_fast():
    assert error_of(b"a:\n\tb: 1\n").startswith(
        "f.yaml:2:1: error: invalid YAML: found character that cannot start any token"
    )
    # Past our own cap, the YAML library may refuse first (PyYAML 6.0.4's libyaml does): either
    # way the file is refused at a place on line 1, quickly, and the message is about nesting.
    started = time.perf_counter()
    assert re.fullmatch(r"f\.yaml:1:\d+: error: .*nesting.*", error_of(b"[" * 10_000 + b"]" * 10_000))
    assert time.perf_counter() - started < 1
    block = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(60)).encode()
    assert error_of(block + b"  " * 60 + b"x: 1\n").startswith("f.yaml:41:")
    laughs = b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    started = time.perf_counter()
    assert "anchor '&a' is not allowed" in error_of(laughs)
    assert time.perf_counter() - started < 1


def test_oversized_file_is_refused():
    assert "the limit is 2,000,000" in error_of(b"a: " + b"x" * 2_000_001)


def test_bom_and_nfd_text_load_as_nfc():
    assert parse_yaml("\ufeffa: cafe\u0301\n".encode(), FILE).data == {"a": "caf\u00e9"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_input_only_ever_raises_the_content_error(raw):
    try:
        parse_yaml(raw, FILE)
    except ContentError:
        pass
