"""Private client pages (generator/clients/private_pages.py): nothing of a private client's
results or own text is readable without its passphrase, in pages, search or PDFs, and a locked
page's size tells none of its answers."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from pypdf import PasswordType, PdfReader

from generator.assessment.scoring import score_answers
from generator.clients.private_pages import make_lock, padded
from generator.clients.profiles import load_client
from generator.model.loading import load_model
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, EXAMPLE_PASSPHRASE, ROOT
from tests.helpers.pdf import words

PROFILE = "northwind-retail.yaml"


def text_of(folder: Path) -> dict[str, str]:
    """Every file of a built site, as text where it is text (PDFs and images included as bytes)."""
    return {
        str(p.relative_to(folder)): p.read_bytes().decode("utf-8", "replace")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def results_in_clear(profile: Path) -> list[str]:
    """What a reader of the clear report learns: each next step's reason (scores, gaps, answers
    counted), the assessment dates, and the progress section."""
    model = load_model(CONTENT)
    client = load_client(profile, model)
    result = score_answers(model, client.assessments[-1].answers)
    dates = [a.assessed.isoformat() for a in client.assessments if a.assessed]
    return [step.why for step in result.next_steps] + dates + ["Progress since", "What moved up"]


def decoded(text: str) -> str:
    return " ".join(html.unescape(text).split())


@pytest.fixture
def short_tmp():
    """An empty temporary folder with a short path (the browser's sockets go into TMPDIR, and a
    socket's path has at most 107 characters)."""
    folder = Path(tempfile.mkdtemp(prefix="pb-"))
    yield folder
    shutil.rmtree(folder)


@pytest.mark.slow
@pytest.mark.browser
def test_nothing_of_the_results_is_in_clear_anywhere_in_the_site(private_sites, tmp_path, short_tmp, monkeypatch):
    private, plain = private_sites
    secrets = results_in_clear(ROOT / "clients" / PROFILE)
    plain_text = decoded((plain / "report.html").read_text(encoding="utf-8"))
    assert all(secret in plain_text for secret in secrets if secret != "What moved up")  # they are there in clear
    clients = tmp_path / "clients"
    shutil.copytree(ROOT / "clients", clients)
    temporary = short_tmp  # the build's own temporary files, and the browser's
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    result = run("build", "--client", str(clients / PROFILE), "--out", str(tmp_path / "out"), "--pdf", "a4")
    assert result.exit_code == 0, result.output
    assert "Northwind Retail: report.pdf encrypted with the client's passphrase" in result.stdout
    built = tmp_path / "out" / "northwind-retail"
    leaks = [(name, secret) for name, text in text_of(built).items() for secret in secrets if secret in decoded(text)]
    assert leaks == []
    assert "data-pb-locked=" in (built / "report.html").read_text(encoding="utf-8")
    left = [p for p in (*tmp_path.joinpath("out").rglob("*"), *temporary.rglob("*")) if p.is_file()]
    assert sorted(p.name for p in left if p.suffix == ".pdf") == ["checklist.pdf", "report.pdf"]  # no other copy
    assert [
        p for p in left if p.read_bytes().startswith(b"%PDF") and p.name not in ("checklist.pdf", "report.pdf")
    ] == []
    assert not PdfReader(built / "checklist.pdf").is_encrypted  # the blank checklist holds nothing private
    report = PdfReader(built / "report.pdf")
    assert report.is_encrypted and report.trailer["/Encrypt"]["/R"] == 6  # AES-256, PDF 2.0
    assert report.decrypt(EXAMPLE_PASSPHRASE[:-1]) == PasswordType.NOT_DECRYPTED
    report = PdfReader(built / "report.pdf")
    assert report.decrypt(EXAMPLE_PASSPHRASE) != PasswordType.NOT_DECRYPTED
    text = words(" ".join(page.extract_text() for page in report.pages))
    assert "Northwind Retail" in text and "Recommended next steps" in text and secrets[0] in text


def test_a_private_page_is_in_search_with_its_title_only_and_the_site_keeps_out_of_search_engines(private_sites):
    private, _ = private_sites
    index = (private / "search" / "search_index.json").read_text(encoding="utf-8")
    entries = re.findall(r'\{"location":"report\.html[^}]*\}', index)
    assert entries == ['{"location":"report.html","title":"Your assessment","text":""}']
    for page in ("index.html", "report.html", "checklist.html"):
        assert '<meta name="robots" content="noindex, nofollow">' in (private / page).read_text(encoding="utf-8")


@pytest.mark.slow
def test_private_builds_are_reproducible_and_skipped_when_unchanged(private_sites, tmp_path):
    clients = tmp_path / "clients"
    shutil.copytree(ROOT / "clients", clients)
    args = ("build", "--client", str(clients / PROFILE), "--out", str(tmp_path / "out"))
    assert run(*args).exit_code == 0
    first = text_of(tmp_path / "out" / "northwind-retail")
    assert " unchanged (" in run(*args).stdout
    assert run(*args, "--force").exit_code == 0
    assert text_of(tmp_path / "out" / "northwind-retail") == first


@pytest.mark.slow
def test_without_cryptography_a_private_client_fails_and_nothing_is_published(tmp_path):
    script = "import sys; sys.modules['cryptography'] = None\nfrom generator.cli import run; run()"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "build",
            "--client",
            str(ROOT / "clients" / PROFILE),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "need the cryptography package" in result.stderr, result.stderr
    assert not (tmp_path / "out" / "northwind-retail").exists()


CLIENT_TEXT = [  # Northwind's own words in its profile: a note, its own page, its contact
    "Protect at least half of their week for social",
    "Support tickets from social are re-typed into the help desk",
    "Northwind's starting point",  # the page's title, which the navigation and search show
    "dana.whitfield@northwind.example",
    "Dana Whitfield",
]


def test_a_private_clients_own_text_is_only_on_locked_pages_and_in_search_by_title(private_sites):
    private, plain = private_sites
    plain_text = {name: decoded(text) for name, text in text_of(plain).items()}
    assert all(any(words in text for text in plain_text.values()) for words in CLIENT_TEXT)  # there in clear
    title = CLIENT_TEXT[2]
    for name, text in text_of(private).items():
        found = [words for words in CLIENT_TEXT if words in decoded(text)]
        if name.endswith(".html") and "data-pb-locked=" not in text:
            assert [w for w in found if w != title] == [], name  # a page in clear: no client text but titles
    for page in ("pages/context.html", "pages/index.html", "practices/life-support.html"):
        assert "data-pb-locked=" in (private / page).read_text(encoding="utf-8"), page
    index = decoded((private / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(words in index for words in CLIENT_TEXT if words != title)


def test_locked_pages_are_padded_so_that_their_size_tells_no_answer():
    lock = make_lock("orbit velvet canyon 42 lantern", "model:client", "en")
    sizes = {len(lock.lock_page(f"<h1>Report</h1><p>{'Yes, partly ' * n}</p>")) for n in range(0, 1200, 7)}
    assert len(sizes) == 1  # 0 to 14 KB of text: one bucket
    assert [len(padded(b"x" * n)) for n in (1, 16_000, 16_400, 40_000)] == [16_384, 16_384, 32_768, 65_536]


@pytest.mark.slow
def test_a_changed_answer_leaves_the_locked_pages_sizes_as_they_were(private_sites, tmp_path):
    private, _ = private_sites
    clients = tmp_path / "clients"
    shutil.copytree(ROOT / "clients", clients)
    profile = (clients / PROFILE).read_text(encoding="utf-8")
    answered = re.findall(r"^      ([a-z-]+): (yes|no|partial)$", profile, re.MULTILINE)
    item, value = answered[-1]  # in the latest assessment
    changed = {"yes": "no", "no": "yes", "partial": "no"}[value]
    (clients / PROFILE).write_text(profile.replace(f"      {item}: {value}\n", f"      {item}: {changed}\n"), "utf-8")
    assert run("build", "--client", str(clients / PROFILE), "--out", str(tmp_path / "out")).exit_code == 0
    rebuilt = tmp_path / "out" / "northwind-retail"
    for page in ("report.html", "roadmap.html"):
        before, after = ((site / page).read_text(encoding="utf-8") for site in (private, rebuilt))
        assert before != after and len(before) == len(after), page
