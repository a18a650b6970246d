"""The page's number formatting (templates/assets/shared.js: formatNumber, formatPercent,
pluralOf) against its Python twin (generator/formatting.py), run in node without a browser."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from generator.formatting import format_number, format_percent, plural_category
from generator.paths import ASSETS

LANGUAGES = ("en", "nb", "zh", "de")
VALUES = (0, 1, 0.842, 2.05, 7.3333, 56.45, 66.7, -1.25, 100, 1e-4)
DECIMALS = (None, 0, 1, 3)

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")


def page_outputs(cases: list[list]) -> list[str]:
    """What shared.js writes for each [function, language, value, decimals] case."""
    script = f"""
        const vm = require("vm"), fs = require("fs");
        const page = vm.createContext({{}}); page.window = page;
        vm.runInContext(fs.readFileSync({json.dumps(str(ASSETS / "shared.js"))}, "utf8"), page);
        const shared = page.PlaybookShared;
        const cases = {json.dumps(cases)};
        console.log(JSON.stringify(cases.map(([f, language, value, decimals]) => shared[f](language, value, decimals))));
    """
    return json.loads(subprocess.run(["node", "-e", script], capture_output=True, check=True, text=True).stdout)


def test_the_page_formats_numbers_as_python_does():
    cases, expected = [], []
    for language in LANGUAGES:
        for value in VALUES:
            for decimals in DECIMALS:
                cases += [["formatNumber", language, value, decimals], ["formatPercent", language, value, decimals]]
                expected += [format_number(language, value, decimals), format_percent(language, value, decimals)]
            cases.append(["pluralOf", language, value, None])
            expected.append(plural_category(language, value))
    assert page_outputs(cases) == expected
