"""The report as a deliverable (generator/pages/report.py): the appendix of every answer only when
asked, as one compact table, and who prepared the report on its printed cover."""

from __future__ import annotations

import html
import re
import subprocess

import pytest

from tests.conftest import ACME_PROFILE
from tests.helpers.cli import run
from tests.helpers.data import MINI
from tests.helpers.files import write
from tests.helpers.pdf import pdf_text, words
from tests.pages.test_report import png


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


ANSWERED = """name: Acme
slug: acme
assessments:
  - assessed: 2026-05-01
    answers: {metrics-published: yes, review-held: yes, self-service: no, decisions-logged: no}
"""
PUBLISHER = "\npublisher:\n  name: Nordlys Advisory\n  logo: nordlys.png\n  email: hello@nordlys.example\n"


@pytest.fixture
def published(project):
    """A project whose settings name a publisher with a logo, and a client with answers."""
    (project / "nordlys.png").write_bytes(png(48, 16, (0x00, 0x66, 0x99)))
    with (project / "playbook.yaml").open("a", encoding="utf-8") as settings:
        settings.write(PUBLISHER)
    write(project / "clients" / "acme.yaml", ANSWERED)
    return project


def test_the_publisher_and_the_confidentiality_line_are_on_the_reports_cover(published):
    result = run("build", "--client", "clients/acme.yaml")
    assert result.exit_code == 0, result.stderr
    site = published / "site" / "acme"
    report = html.unescape((site / "report.html").read_text(encoding="utf-8"))
    cover = report[report.index('class="pb-cover') : report.index('class="pb-summary-page')]
    assert '<img src="assets/playbook/publisher.png" alt="Nordlys Advisory">' in cover
    assert "Prepared by Nordlys Advisory · hello@nordlys.example" in cover
    assert report.count("Confidential: prepared for Acme") == 2  # the cover and the summary
    assert (site / "assets/playbook/publisher.png").read_bytes() == (published / "nordlys.png").read_bytes()


@pytest.mark.slow
def test_without_a_publisher_the_cover_names_no_one_but_stays_confidential(project):
    write(project / "clients" / "acme.yaml", ANSWERED)
    assert run("build", "--client", "clients/acme.yaml").exit_code == 0
    report = html.unescape((project / "site" / "acme" / "report.html").read_text(encoding="utf-8"))
    assert "Prepared by" not in report and "Confidential: prepared for Acme" in report


@pytest.mark.browser
def test_the_printed_cover_names_the_publisher_with_its_logo(published):
    result = run("build", "--client", "clients/acme.yaml", "--pdf", "a4")
    assert result.exit_code == 0, result.stderr
    report = published / "site" / "acme" / "report.pdf"
    cover = words(pdf_text(report, 1))
    assert "Prepared by Nordlys Advisory · hello@nordlys.example Confidential: prepared for Acme" in cover
    images = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(report)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert [line.split()[3:5] for line in images] == [["48", "16"]]  # the publisher's logo
