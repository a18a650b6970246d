"""Strict YAML loading (generator/yamlio.py): positions kept, dangerous or surprising YAML refused
with its place, numbers decimal only, and only regular files of a sane size read."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.yamlio import parse_yaml
from tests.helpers.cli import PLAYBOOK, clean_failure, run
from tests.helpers.data import MINI
from tests.helpers.files import edit
from tests.helpers.sites import assert_untouched

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


@pytest.mark.parametrize(
    "text, message",
    [
        ("id: x\n!!python/object/apply:os.system ['touch pwned']: 1\n", "is not allowed: remove it"),
        ("a: &a [x]\nb: [*a, *a]\n", "anchor '&a' is not allowed"),
        ("", "expected a mapping with the keys"),
        ("- a\n- b\n", "expected a mapping with the keys 'id', 'name'"),
        ("id: a\n---\nid: b\n", "a second YAML document"),
        ('id: "a\\u202eb"\n', "'a\\u202eb' is not a valid id"),  # shown as an escape, never raw
        ("id: " + "[" * 10_000 + "]" * 10_000 + "\n", "model.yaml:1:"),
    ],
)
def test_loading_attacks_and_shapes(mini_copy, built, text, message):
    out, before = built
    (mini_copy / "model.yaml").write_text(text)
    result = run("build", "--content", str(mini_copy), "--out", str(out))
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output
    assert not Path("pwned").exists()
    assert_untouched(out, before)


@pytest.mark.slow
def test_non_regular_files_are_refused_at_once(tmp_path):
    """A FIFO, a device, a folder, as a client profile, an answers file or a model file: refused at
    once (a FIFO used to hang the command for ever). Each run is bounded by a timeout."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    (model / "checklist.yaml").unlink()
    os.mkfifo(model / "checklist.yaml")
    cases = [
        (["build", "--content", str(MINI), "--client", str(fifo), "--out", str(tmp_path / "site")], "a named pipe"),
        (["score", str(fifo), "--content", str(MINI)], "a named pipe"),
        (["score", "/dev/zero", "--content", str(MINI)], "a device"),
        (["validate", str(model)], "a named pipe"),
    ]
    for args, kind in cases:
        result = subprocess.run([*PLAYBOOK, *args], capture_output=True, text=True, timeout=30)
        assert result.returncode == 1, (args, result.stderr)
        assert f"error: not a regular file ({kind}): give a file" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_an_oversized_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "answers.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(3_000_000_000)  # sparse: reading it would take a while
    started = time.monotonic()
    stderr = clean_failure(run("score", str(huge), "--content", str(MINI)))
    assert "the file is 3,000,000,000 bytes; the limit is 2,000,000" in stderr
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("weight", ["1:30", "017", "0o17", "0x1f", "0b11", "1_000", ".inf", "-.inf", ".nan", "1e3"])
def test_numbers_are_decimal_or_an_error(mini_copy, weight):
    """YAML 1.1 reads 1:30 as 90, 017 as 15, 0x1f as 31 and 1_000 as 1000: all refused (decimal only)."""
    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 1,", f"stage: fluent, weight: {weight},")
    stderr = clean_failure(run("validate", str(mini_copy)))
    assert f"checklist.yaml:3:124: error: items[1].weight: expected a number, found text '{weight}'" in stderr, stderr


@pytest.mark.parametrize("weight, value", [("1.5", 1.5), ("2", 2), (".5", 0.5), ("1.0e+1", 10.0), ("+3", 3)])
def test_decimal_numbers_still_read(mini_copy, weight, value):
    from generator.model.loading import load_model

    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 1,", f"stage: fluent, weight: {weight},")
    assert load_model(mini_copy).items[1].weight == value


def test_a_tagged_number_must_be_decimal_too(mini_copy):
    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 1,", "stage: fluent, weight: !!int 1:30,")
    assert "checklist.yaml:3:124: error: '1:30' is not a decimal number" in clean_failure(
        run("validate", str(mini_copy))
    )
