"""The report as a deliverable (generator/pages/report.py): the appendix of every answer only when
asked, as one compact table, and who prepared the report on its printed cover."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import ACME_PROFILE
from tests.helpers.cli import run
from tests.helpers.data import MINI
from tests.helpers.files import write


def _report(profile, out, *flags: str) -> str:
    result = run("build", "--client", str(profile), "--content", str(MINI), "--out", str(out), *flags)
    assert result.exit_code == 0, result.stderr
    return (out / "acme" / "report.html").read_text(encoding="utf-8")


def _appendix_tables(report: str) -> list[str]:
    """The tables after the appendix heading (the report's last section)."""
    _, found, after = report.partition('id="appendix-every-answer"')
    return re.findall(r"<table>.*?</table>", after, re.S) if found else []


def test_the_report_has_no_appendix_by_default(acme, tmp_path):
    report = _report(acme, tmp_path / "site")
    assert "Appendix: every answer" not in report and _appendix_tables(report) == []


@pytest.mark.parametrize("asked", ["flag", "profile"])
def test_the_appendix_is_one_table_of_every_answer_per_respondent(acme, tmp_path, asked):
    if asked == "profile":
        write(acme, ACME_PROFILE.replace("assessments:", "report:\n  appendix: true\nassessments:"))
    report = _report(acme, tmp_path / "site", *(["--appendix"] if asked == "flag" else []))
    [table] = _appendix_tables(report)
    headers = re.findall(r"<th[^>]*>(.*?)</th>", table)
    assert headers == ["Item", "Ada", "Ben", "Merged"]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    cells = {
        html.unescape(re.search(r"<code>(.*?)</code>", r).group(1)): re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        for r in rows
    }
    assert sorted(cells) == ["metrics-published", "review-held"]
    assert [c.strip() for c in cells["metrics-published"][1:3]] == ["Done", "Not yet"]
    assert "<strong>" in cells["metrics-published"][3]  # the merged answer


def test_appendix_is_refused_for_the_generic_site(tmp_path):
    result = run("build", "--content", str(MINI), "--out", str(tmp_path / "site"), "--appendix")
    assert result.exit_code == 2 and "--appendix apply to client builds" in result.stderr
