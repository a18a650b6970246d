"""User-facing errors (generator/errors.py): problem lists and choice lists kept short, and every
character a terminal would act on shown escaped, whatever file or file name it came from."""

from __future__ import annotations

import os
import subprocess
import unicodedata

import pytest

from generator import errors
from generator.errors import Problem, format_problems, one_of, visible
from tests.helpers.cli import PLAYBOOK, clean_failure, run
from tests.helpers.data import MINI
from tests.helpers.files import edit


def test_choice_lists_and_problem_lists_are_capped():
    assert one_of(["a", "b"]) == "a, b"
    assert one_of([f"id-{n}" for n in range(500)], "id-42x").startswith("id-42, ")
    assert one_of([f"id-{n}" for n in range(500)], "zzz") == "id-0, id-1, id-2, id-3 and 496 more"
    problems = [Problem("f.yaml", n, 1, "x", "bad") for n in range(1, 501)]
    text = format_problems(problems)
    assert text.count("\n") == errors.MAX_SHOWN_PROBLEMS and text.endswith(
        "... and 400 more problems (fix these first)"
    )


@pytest.mark.slow
def test_client_file_names_that_are_not_utf8(tmp_path):
    good = tmp_path / os.fsdecode(b"caf\xe9.yaml")
    good.write_text("name: Cafe\nslug: cafe\n")
    bad = tmp_path / os.fsdecode(b"b\xff.yaml")
    bad.write_text("name: B\nslug: b\nwieght: 1\n")
    result = subprocess.run(
        [
            *PLAYBOOK,
            "build",
            "--content",
            str(MINI),
            "--client",
            str(good),
            "--client",
            str(bad),
            "--out",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        timeout=60,
    )
    stderr = result.stderr.decode("utf-8")  # every byte printed is UTF-8, the unreadable one as \xff
    assert result.returncode == 1 and "Traceback" not in stderr
    assert "b\\xff.yaml:3:1: error: wieght: unknown key 'wieght'" in stderr
    assert (tmp_path / "site" / "cafe" / "index.html").is_file()


ESCAPES = {
    "csi-clear": "\x1b[2J\x1b[H",
    "osc-title": "\x1b]0;pwned\x07",
    "c1-csi": "\x9b2J",
    "bidi": "\u202e",
    "backspace": "\x08\x08\x08",
    "carriage-return": "\rBuilt ok",
    "delete": "\x7f",
    "line-separator": "\u2028",
    "next-line": "\x85",
    "zero-width": "\u200b",
}


def raw_controls(text: str) -> list[str]:
    return [char for char in text if char != "\n" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")]


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escape_sequences_from_files_never_reach_the_terminal(tmp_path, mini_copy, name):
    sequence = ESCAPES[name]
    quoted = sequence.encode("unicode_escape").decode()  # as YAML escapes: the file itself stays clean
    edit(mini_copy / "model.yaml", "name: Data Culture Check", f'"na{quoted}me": x\nname: Data Culture Check')
    edit(mini_copy / "stages.yaml", "id: fluent", f'id: "flu{quoted}ent"')
    answers = tmp_path / "answers.yaml"
    answers.write_text(f'answers:\n  self-service: "y{quoted}es"\n  "x{quoted}": yes\n')
    for result in (run("validate", str(mini_copy)), run("score", str(answers), "--content", str(MINI))):
        stderr = clean_failure(result)
        assert raw_controls(stderr) == [], stderr
        assert visible(sequence, newlines=False) in stderr


@pytest.mark.slow
def test_escape_sequences_in_file_names_never_reach_the_terminal(tmp_path):
    bad = tmp_path / "evil\x1b[2J.yaml"
    bad.write_text("name: B\nslug: b\nnope: 1\n")
    missing = tmp_path / "gone\x1b]0;x\x07.yaml"
    results = [
        subprocess.run(
            [*PLAYBOOK, "build", "--content", str(MINI), "--client", str(path), "--out", str(tmp_path / "s")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        for path in (bad, missing)
    ]
    for result, code in zip(results, (1, 2), strict=True):
        assert result.returncode == code and "Traceback" not in result.stderr
        assert raw_controls(result.stderr + result.stdout) == [], result.stderr
    assert "evil\\x1b[2J.yaml:3:1: error: nope: unknown key 'nope'" in results[0].stderr
    assert "gone\\x1b]0;x\\x07.yaml" in results[1].stderr


def test_a_newline_in_a_file_name_cannot_forge_a_line_of_output(tmp_path):
    clients = tmp_path / "clients"
    clients.mkdir()
    (clients / "a\nError: 0 of 1 clients failed\nb.yaml").write_text("name: B\nslug: b\nnope: 1\n")
    result = run("build", "--all", "--clients", str(clients), "--content", str(MINI), "--out", str(tmp_path / "s"))
    assert result.exit_code == 1
    assert not any(line.startswith("Error: 0 of 1") for line in (result.stdout + result.stderr).splitlines())
    assert "a\\x0aError: 0 of 1 clients failed\\x0ab.yaml:3:1: error: nope: unknown key" in result.stderr


def test_visible_shows_every_control_character_and_keeps_text():
    assert (
        visible("Fjord Energi AS: ø, 漢字, emoji 🙂, tab\there") == "Fjord Energi AS: ø, 漢字, emoji 🙂, tab\\x09here"
    )
    assert visible("a\nb") == "a\nb" and visible("a\nb", newlines=False) == "a\\x0ab"
    assert visible(os.fsdecode(b"\xff")) == "\\xff"
    assert visible("\U000e0041") == "\\U000e0041"  # a tag character (invisible text)
