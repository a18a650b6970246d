"""PDFs (generator/build/pdf.py and `playbook pdf`): Chromium prints the pages, poppler reads
them back; a missing renderer is an error that says how to install it."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from generator.build import pdf
from generator.model.loading import load_model
from tests.helpers.cli import run
from tests.helpers.data import CONTENT
from tests.helpers.htmlcheck import read_page
from tests.helpers.pdf import page_count, pdf_text, words

MODEL = load_model(CONTENT)


@pytest.fixture(scope="module")
def checklist_pdf(default_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    written = pdf.write_pdfs(default_site, out)
    assert written == [out / "checklist.pdf"]
    return written[0]


@pytest.mark.browser
def test_pdf_has_every_item_and_the_organisation_on_every_page(checklist_pdf):
    text = words(pdf_text(checklist_pdf))
    for item in MODEL.items:
        assert item.id in text, item.id
        assert words(item.text) in text, item.id
    pages = page_count(checklist_pdf)
    assert len(MODEL.items) / 25 <= pages <= len(MODEL.items) / 3
    for number in range(1, pages + 1):
        page_text = words(pdf_text(checklist_pdf, number))
        assert MODEL.info.name in page_text and f"Page {number} of {pages}" in page_text


@pytest.mark.browser
def test_pdf_first_page_is_not_blank(checklist_pdf):
    pgm = subprocess.run(
        ["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", str(checklist_pdf)], capture_output=True, check=True
    ).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    width, height = int(header.group(1)), int(header.group(2))
    pixels = pgm[header.end() :]
    assert len(pixels) == width * height
    inked = sum(1 for value in pixels if value < 200)
    assert 0.01 < inked / len(pixels) < 0.5  # text and boxes, but not a filled page


@pytest.mark.browser
def test_pdf_command_writes_letter_pdf_atomically(default_site, tmp_path):
    out = tmp_path / "pdfs"
    result = run("pdf", "--site", str(default_site), "--out", str(out), "--paper", "letter")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["checklist.pdf"]  # no temporary files left
    info = subprocess.run(["pdfinfo", str(out / "checklist.pdf")], capture_output=True, text=True).stdout
    assert "(letter)" in info


def test_missing_chromium_is_an_error_with_the_install_hint(default_site, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "CHROMIUM", str(tmp_path / "no-chromium"))
    result = run("pdf", "--site", str(default_site), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "apt-get install chromium" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_playwright_is_an_error_with_the_install_hint(default_site, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    result = run("pdf", "--site", str(default_site), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "pip install playwright" in result.stderr


def test_site_without_the_printable_page_is_refused(tmp_path):
    result = run("pdf", "--site", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "print/checklist.html" in result.stderr


def test_running_header_and_footer_are_escaped_css_strings():
    css = pdf.running_css('A"}<b>\\\n', "M<i>", "1")
    assert '@top-left { content: "A\\22 \\7d \\3c b\\3e \\5c \\a ";' in css
    assert "<" not in css and '"Page " counter(page) " of " counter(pages)' in css
    assert "@page :first" not in css and "@page :first" in pdf.running_css("A", "M", "1", cover=True)


def test_running_header_and_footer_take_the_pages_words():
    css = pdf.running_css("A", "M", "1.1", version_word="versjon", pages="Side {page} av {pages}")
    assert '"M \\b7  versjon 1\\2e 1"' in css and '"Side " counter(page) " av " counter(pages)' in css


@pytest.mark.slow
@pytest.mark.browser
def test_client_pdfs_carry_the_clients_name_and_report(tmp_path):
    from tests.helpers.data import ROOT

    result = run("pdf", "--client", str(ROOT / "clients" / "lumen-health.yaml"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    checklist, report = tmp_path / "lumen-health" / "checklist.pdf", tmp_path / "lumen-health" / "report.pdf"
    assert "Lumen Health" in pdf_text(checklist, 1)
    text = words(pdf_text(report))
    assert "Your assessment" in text and "Lumen Health" in text and "Recommended next steps" in text
    assert "Progress since 2026-02-10" in text
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["checklist.pdf", "report.pdf"]


@pytest.mark.slow
@pytest.mark.browser
def test_build_with_pdf_puts_linked_pdfs_into_the_site(tmp_path):
    from tests.helpers.data import MINI, ROOT
    from tests.helpers.htmlcheck import broken_links

    out = tmp_path / "site"
    assert run("build", "--content", str(MINI), "--out", str(out), "--pdf", "letter").exit_code == 0
    assert "Data Culture Check" in pdf_text(out / "checklist.pdf", 1)
    hrefs = {url for _, url, _ in read_page(out / "checklist.html").links}
    assert "checklist.pdf" in hrefs and "report.pdf" not in hrefs
    assert broken_links(out) == []
    client = ROOT / "clients" / "lumen-health.yaml"
    assert run("build", "--client", str(client), "--out", str(out), "--pdf", "a4").exit_code == 0
    site = out / "lumen-health"
    assert "Progress since 2026-02-10" in words(pdf_text(site / "report.pdf"))
    assert "report.pdf" in {url for _, url, _ in read_page(site / "report.html").links}
    assert (out / "checklist.pdf").is_file()  # the generic site around it is untouched


def test_build_with_pdf_fails_early_without_the_renderer(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "CHROMIUM", str(tmp_path / "no-chromium"))
    result = run("build", "--out", str(tmp_path / "site"), "--pdf", "a4")
    assert result.exit_code == 1 and "apt-get install chromium" in result.stderr
    assert not (tmp_path / "site").exists()


def test_an_encrypted_pdf_keeps_its_links_but_no_heading_anchor_in_clear():
    from pypdf import PasswordType, PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    place = ArrayObject([page.indirect_reference, NameObject("/XYZ"), FloatObject(0), FloatObject(100), FloatObject(0)])
    writer.root_object[NameObject("/Dests")] = DictionaryObject({NameObject("/progress-since-2026-02-10"): place})
    link = {"/Type": "/Annot", "/Subtype": "/Link", "/Rect": [0, 0, 10, 10]}
    annotations = [{**link, "/Dest": "/progress-since-2026-02-10"}, {**link, "/A": {"/S": "/GoTo", "/D": "/gone"}}]
    page[NameObject("/Annots")] = ArrayObject(
        writer._add_object(DictionaryObject({NameObject(k): _pdf_value(v) for k, v in a.items()})) for a in annotations
    )
    clear = io.BytesIO()
    writer.write(clear)
    encrypted = pdf.encrypt_pdf(clear.getvalue(), "a long passphrase")
    assert b"progress-since" not in encrypted and b"2026" not in encrypted
    reader = PdfReader(io.BytesIO(encrypted))
    assert reader.decrypt("a long passphrase") != PasswordType.NOT_DECRYPTED
    first, second = (a.get_object() for a in reader.pages[0]["/Annots"])
    assert first["/Dest"][0].get_object() == reader.pages[0] and first["/Dest"][1] == "/XYZ"
    assert "/D" not in second["/A"]  # a link to a name the PDF does not hold leads nowhere


def _pdf_value(value):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    if isinstance(value, dict):
        return DictionaryObject({NameObject(k): _pdf_value(v) for k, v in value.items()})
    if isinstance(value, list):
        return ArrayObject(_pdf_value(v) for v in value)
    return NumberObject(value) if isinstance(value, int) else NameObject(value)


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_command_prints_a_private_clients_report_encrypted(tmp_path):
    from pypdf import PasswordType, PdfReader

    from tests.helpers.data import EXAMPLE_PASSPHRASE, ROOT

    result = run("pdf", "--client", str(ROOT / "clients" / "northwind-retail.yaml"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Northwind Retail: report.pdf encrypted with the client's passphrase" in result.stdout
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["checklist.pdf", "report.pdf"]
    report = PdfReader(tmp_path / "northwind-retail" / "report.pdf")
    assert report.is_encrypted and report.decrypt(EXAMPLE_PASSPHRASE) != PasswordType.NOT_DECRYPTED
    assert "Northwind Retail" in report.pages[0].extract_text()
