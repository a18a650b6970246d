"""Every regular expression of the package runs in linear time on hostile text.

The patterns are found, not listed: every compiled pattern held by a module or a class of
`generator/`, and a check that no call compiles one inline (where this test could not see it). Each
pattern meets long runs of every character and literal it names, alone and in pairs, under a time
limit: a nested quantifier that backtracks (`(?:a[ \\t]+)*`) fails here within a second.
(Pydantic's `Field(pattern=...)` runs on Rust's regex crate, linear by construction.)
"""

from __future__ import annotations

import ast
import importlib
import itertools
import re
import time

import pytest

from tests.helpers.timing import TooSlow, time_limit
from tests.test_layout import PACKAGE, modules

RUN_LENGTH = 50_000  # a run of one token: a quadratic pattern takes minutes on it
PAIR_LENGTH = 2_000  # a run of two or three tokens: an exponential one never ends on it
TIME_LIMIT = 0.5  # seconds for one run; a linear pattern takes milliseconds
_CALLS = {"compile", "sub", "subn", "match", "search", "fullmatch", "findall", "finditer", "split"}
# What a character category or a negated class stands for in the runs.
_CATEGORY_SAMPLES = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " \t\n",
    "CATEGORY_NOT_SPACE": "a-",
    "CATEGORY_WORD": "a_",
    "CATEGORY_NOT_WORD": " -",
}


def package_patterns() -> dict[str, re.Pattern[str]]:
    """{module.name: pattern} of every compiled pattern a module or one of its classes holds."""
    found = {}
    for name in modules():
        if name == "__main__":  # running it runs the command line
            continue
        module = importlib.import_module(f"generator.{name}" if name else "generator")
        for owner_name, owner in [("", module), *vars(module).items()]:
            if owner_name and not (isinstance(owner, type) and owner.__module__ == module.__name__):
                continue
            for attribute, value in vars(owner).items():
                if isinstance(value, re.Pattern) and value not in found.values():  # imported ones once
                    found[".".join(part for part in (name, owner_name, attribute) if part)] = value
    return found


PATTERNS = package_patterns()


def tokens(pattern: re.Pattern[str]) -> list[str]:
    """The characters and literal strings a pattern names, and samples of its classes."""
    found = {"a", " ", "\n", "\x00"}
    parsed = re._parser.parse(pattern.pattern, pattern.flags)  # type: ignore[attr-defined]

    def walk(items) -> None:
        literal = ""
        for op, value in items:
            op = str(op)
            if op == "LITERAL":
                literal += chr(value)
                found.add(chr(value))
                continue
            if len(literal) > 1:
                found.add(literal)
            literal = ""
            if op in ("NOT_LITERAL", "ANY"):
                found.update("a-")
            elif op == "IN":
                for item_op, item in value:
                    if str(item_op) == "LITERAL":
                        found.add(chr(item))
                    elif str(item_op) == "RANGE":
                        found.update((chr(item[0]), chr(item[1])))
                    elif str(item_op) == "CATEGORY":
                        found.update(_CATEGORY_SAMPLES.get(str(item), ""))
                    elif str(item_op) == "NEGATE":
                        found.update("a- ")
            elif op == "CATEGORY":
                found.update(_CATEGORY_SAMPLES.get(str(value), ""))
            elif op == "BRANCH":
                for branch in value[1]:
                    walk(branch)
            elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                walk(value[2])
            elif op in ("SUBPATTERN",):
                walk(value[3])
            elif op in ("ATOMIC_GROUP",):
                walk(value)
            elif op in ("ASSERT", "ASSERT_NOT"):
                walk(value[1])
            elif op == "GROUPREF_EXISTS":
                walk(value[1])
                if value[2]:
                    walk(value[2])
        if len(literal) > 1:
            found.add(literal)

    walk(parsed)
    return sorted(found)


def hostile_texts(pattern: re.Pattern[str]):
    """(unit, text): long runs of each token, and of each pair with the second once or twice."""
    names = tokens(pattern)
    for token in names:
        yield token, token * (RUN_LENGTH // len(token))
    for first, second in itertools.permutations(names, 2):
        for unit in (first + second, first + second + second):
            yield unit, unit * (PAIR_LENGTH // len(unit)) + "\x00"


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_a_package_pattern_takes_linear_time_on_runs_of_its_own_tokens(name):
    pattern = PATTERNS[name]
    slow = []
    for unit, text in hostile_texts(pattern):
        start = time.perf_counter()
        try:
            with time_limit(TIME_LIMIT):
                pattern.findall(text)
                pattern.fullmatch(text)
        except TooSlow:
            slow.append(f"{unit!r} x {len(text) // len(unit)}")
        if len(slow) > 3 or time.perf_counter() - start > 10 * TIME_LIMIT:
            break
    assert not slow, f"{name} ({pattern.pattern!r}) takes over {TIME_LIMIT} s on runs of {slow}"


def test_the_search_finds_the_patterns_of_modules_and_of_classes():
    assert {"pages.rendering._HASHTAG", "build.warm_cache.Held.REGION"} <= set(PATTERNS)


def test_no_call_compiles_a_pattern_inline():
    """A pattern written inside a call (`re.sub(r"...", ...)`) would escape the test above."""
    inline = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        owners = [tree, *(node for node in ast.walk(tree) if isinstance(node, ast.ClassDef))]
        held = {
            id(node)
            for owner in owners
            for line in owner.body
            if isinstance(line, ast.Assign)
            for node in ast.walk(line)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _CALLS
                and not (node.func.attr == "compile" and id(node) in held)
            ):
                inline.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not inline, f"compile these patterns once, at module or class level: {inline}"
