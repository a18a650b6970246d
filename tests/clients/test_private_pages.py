"""Private client sites: nothing of a private client's results is readable without its passphrase."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.assessment.scoring import score_answers
from generator.clients.profiles import load_client
from generator.model.loading import load_model

from .browser import chromium
from .conftest import CONTENT, EXAMPLE_PASSPHRASE, ROOT, edit, run
from .htmlcheck import read_page

PROFILE = "northwind-retail.yaml"


def text_of(folder: Path) -> dict[str, str]:
    """Every file of a built site, as text where it is text (PDFs and images included as bytes)."""
    return {
        str(p.relative_to(folder)): p.read_bytes().decode("utf-8", "replace")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Northwind Retail built private (as it ships, with PDFs) and, for comparison, the same profile
    in clear; the clear one is built with PDFs too, so that the two report pages differ only by the lock."""
    root = tmp_path_factory.mktemp("private")
    clients = root / "clients"
    shutil.copytree(ROOT / "clients", clients)
    assert run("build", "--client", str(clients / PROFILE), "--out", str(root / "private")).exit_code == 0
    plain = root / "plain-clients"
    shutil.copytree(clients, plain)
    edit(plain / PROFILE, "private: true\n", "")
    assert run("build", "--client", str(plain / PROFILE), "--out", str(root / "plain")).exit_code == 0
    return root / "private" / "northwind-retail", root / "plain" / "northwind-retail"


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


def test_nothing_of_the_results_is_in_clear_anywhere_in_the_site(sites, tmp_path):
    private, plain = sites
    secrets = results_in_clear(ROOT / "clients" / PROFILE)
    plain_text = decoded((plain / "report.html").read_text(encoding="utf-8"))
    assert all(secret in plain_text for secret in secrets if secret != "What moved up")  # they are there in clear
    clients = tmp_path / "clients"
    shutil.copytree(ROOT / "clients", clients)
    assert (
        run("build", "--client", str(clients / PROFILE), "--out", str(tmp_path / "out"), "--pdf", "a4").exit_code == 0
    )
    built = tmp_path / "out" / "northwind-retail"
    leaks = [(name, secret) for name, text in text_of(built).items() for secret in secrets if secret in decoded(text)]
    assert leaks == []
    assert "data-pb-locked=" in (built / "report.html").read_text(encoding="utf-8")
    assert not (built / "report.pdf").exists() and (built / "checklist.pdf").is_file()


def test_a_private_page_is_in_search_with_its_title_only_and_the_site_keeps_out_of_search_engines(sites):
    private, _ = sites
    index = (private / "search" / "search_index.json").read_text(encoding="utf-8")
    entries = re.findall(r'\{"location":"report\.html[^}]*\}', index)
    assert entries == ['{"location":"report.html","title":"Your assessment","text":""}']
    for page in ("index.html", "report.html", "checklist.html"):
        assert '<meta name="robots" content="noindex, nofollow">' in (private / page).read_text(encoding="utf-8")


def test_the_passphrase_opens_the_page_exactly_as_the_clear_build_shows_it(sites):
    private, plain = sites
    with chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        page.goto((private / "report.html").as_uri())
        page.fill("input[name=passphrase]", "not the right passphrase")
        page.click("button[type=submit]")
        page.wait_for_function("document.querySelector('.pb-locked-error').textContent !== ''", timeout=30_000)
        assert page.text_content(".pb-locked-error") == "That passphrase does not open this page."
        page.fill("input[name=passphrase]", EXAMPLE_PASSPHRASE)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-pb-locked]", state="detached", timeout=30_000)
        opened = page.inner_html("article")
        page.reload()  # remembered for the session: opens without asking
        page.wait_for_selector("[data-pb-locked]", state="detached", timeout=30_000)
        page.goto((plain / "report.html").as_uri())
        assert opened == page.inner_html("article")
        context.close()


def test_a_changed_ciphertext_says_the_page_is_damaged(sites, tmp_path):
    private, _ = sites
    copy = tmp_path / "site"
    shutil.copytree(private, copy)
    report = copy / "report.html"
    html = report.read_text(encoding="utf-8")
    cipher = re.search(r"ciphertext&quot;: &quot;([A-Za-z0-9+/]{8})", html)[1]
    report.write_text(html.replace(cipher, cipher[::-1], 1), encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page()
        page.goto(report.as_uri())
        page.fill("input[name=passphrase]", EXAMPLE_PASSPHRASE)
        page.click("button[type=submit]")
        page.wait_for_function("document.querySelector('.pb-locked-error').textContent !== ''", timeout=30_000)
        assert "changed or damaged" in page.text_content(".pb-locked-error")


def test_private_builds_are_reproducible_and_skipped_when_unchanged(sites, tmp_path):
    clients = tmp_path / "clients"
    shutil.copytree(ROOT / "clients", clients)
    args = ("build", "--client", str(clients / PROFILE), "--out", str(tmp_path / "out"))
    assert run(*args).exit_code == 0
    first = text_of(tmp_path / "out" / "northwind-retail")
    assert " unchanged (" in run(*args).stdout
    assert run(*args, "--force").exit_code == 0
    assert text_of(tmp_path / "out" / "northwind-retail") == first


@pytest.mark.parametrize(
    "passphrase, message",
    [
        ("short-one", "the passphrase has 9 characters: use at least 12"),
        ("password1234", "the passphrase is one of the most common ones"),
    ],
)
def test_weak_passphrases_are_refused(tmp_path, monkeypatch, passphrase, message):
    monkeypatch.setenv("PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL", passphrase)
    result = run("build", "--client", str(ROOT / "clients" / PROFILE), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and f"northwind-retail.yaml:7:10: error: private: {message}" in result.stderr
    assert not (tmp_path / "out" / "northwind-retail").exists()


def test_no_passphrase_names_where_to_put_it(tmp_path, monkeypatch):
    monkeypatch.delenv("PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL")
    result = run("build", "--client", str(ROOT / "clients" / PROFILE), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "no passphrase for 'northwind-retail': set PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL" in result.stderr
    assert not (tmp_path / "out" / "northwind-retail").exists()


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


def test_new_client_private_keeps_its_secrets_outside_the_profile_and_a_hidden_folder_stays(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new-client", "Acme Corp", "--private").exit_code == 0
    secrets = tmp_path / "clients" / ".secrets.yaml"
    assert oct(secrets.stat().st_mode & 0o777) == "0o600"
    profile = (tmp_path / "clients" / "acme-corp.yaml").read_text(encoding="utf-8")
    passphrase = re.search(r"passphrase: (\S+)", secrets.read_text(encoding="utf-8"))[1]
    assert "private: true" in profile and "folder: random" in profile and passphrase not in profile
    assert len(passphrase) >= 24
    for _ in range(2):
        assert run("build", "--all").exit_code == 0
    (folder,) = [p for p in (tmp_path / "site").iterdir() if p.is_dir()]
    assert re.fullmatch(r"[0-9a-f]{32}", folder.name) and folder.name in secrets.read_text(encoding="utf-8")
    secrets.chmod(0o644)
    result = run("build", "--all")
    assert result.exit_code == 1 and "others can read it: chmod 600" in result.stderr


def test_a_secrets_file_tracked_by_git_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new-client", "Acme Corp", "--private").exit_code == 0
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", "clients/.secrets.yaml"], check=True)
    result = run("build", "--all")
    assert result.exit_code == 1 and "it is tracked by git: git rm --cached" in result.stderr


def test_the_generic_site_keeps_crawlers_to_its_own_pages(tmp_path):
    out = tmp_path / "site"
    assert run("build", "--out", str(out), "--site-url", "https://example.org/pb/").exit_code == 0
    robots = (out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[-1] == "Disallow: /pb/" and "Allow: /pb/stages/" in robots and "Allow: /pb/index.html" in robots
    assert not [line for line in robots if "northwind" in line or "fjord" in line]
    links = [url for page in out.rglob("*.html") for _, url, _ in read_page(page).links]
    assert not [url for url in links if "northwind" in url or "lumen" in url or "fjord" in url]
    assert os.path.getsize(out / "robots.txt") < 2_000


def test_the_prompt_speaks_the_site_language_and_opens_after_instant_navigation(tmp_path, monkeypatch):
    """Fjord Energi (Norwegian) made private, served at its address: reached by a click (Material's
    instant navigation swaps the page in), the prompt is in Norwegian and the page opens."""
    from .browser import free_port, served

    clients = tmp_path / "clients"
    shutil.copytree(ROOT / "clients", clients)
    edit(clients / "fjord-energi.yaml", "slug: fjord-energi\n", "slug: fjord-energi\nprivate: true\n")
    monkeypatch.setenv("PLAYBOOK_PASSPHRASE_FJORD_ENERGI", "fjell-og-fjord-og-nordlys")
    port = free_port()
    out = tmp_path / "out"
    assert (
        run(
            "build",
            "--client",
            str(clients / "fjord-energi.yaml"),
            "--out",
            str(out),
            "--site-url",
            f"http://127.0.0.1:{port}/",
        ).exit_code
        == 0
    )
    with served(out, port) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url + "fjord-energi/index.html")
        page.click("article a.md-button--primary")
        page.wait_for_selector("[data-pb-locked]")
        assert "Denne siden er privat" in page.text_content("[data-pb-locked]")
        page.fill("input[name=passphrase]", "fjell-og-fjord-og-nordlys")
        page.click("button[type=submit]")
        page.wait_for_selector("[data-pb-locked]", state="detached", timeout=30_000)
        assert page.locator("article svg.pb-bars-chart").count() >= 3
