"""Passphrases of private clients (generator/clients/passphrases.py): strong ones only, from the
environment or a private, untracked secrets file beside the profiles."""

from __future__ import annotations

import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.clients.profiles import load_client
from generator.model.loading import load_model
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, ROOT

PROFILE = "northwind-retail.yaml"


TOO_EASY = "the passphrase is too easy to guess for what is known of 'northwind-retail'"
UNPRINTABLE = "PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL holds a control or invisible character"


@pytest.mark.parametrize(
    "passphrase, message",
    [
        ("short-one", "the passphrase has 9 characters: use at least 12"),
        ("password1234", TOO_EASY),
        ("Summer2026!!", TOO_EASY),  # a season and a year
        ("northwind-retail-2026", TOO_EASY),  # the slug and a year
        ("Northwind Retail rocks", TOO_EASY),  # the client's name
        ("correct horse battery staple", TOO_EASY),  # famous
        ("dana.whitfield@northwind.example", TOO_EASY),  # the contact's address
        ("orbit velvet\u200b canyon 42", UNPRINTABLE),
        ("orbit velvet\ncanyon 42 lamp", UNPRINTABLE),
    ],
)
def test_weak_or_malformed_passphrases_are_refused(tmp_path, monkeypatch, passphrase, message):
    monkeypatch.setenv("PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL", passphrase)
    result = run("build", "--client", str(ROOT / "clients" / PROFILE), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and f"northwind-retail.yaml:7:10: error: private: {message}" in result.stderr
    assert "`playbook client passphrase northwind-retail --rotate` makes a strong one" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_passphrase_of_bytes_that_are_not_utf8_is_refused_with_a_clear_error(tmp_path):
    environment = {**os.environ, "PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL": b"orbit velvet canyon \xff\xfe 42"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--client",
            str(ROOT / "clients" / PROFILE),
            "--out",
            str(tmp_path),
        ],
        env={
            key.encode() if isinstance(key, str) else key: value.encode() if isinstance(value, str) else value
            for key, value in environment.items()
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL is not valid UTF-8 text: set it again as plain text" in result.stderr


def test_a_strong_passphrase_is_accepted(monkeypatch):
    monkeypatch.setenv("PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL", "orbit velvet canyon 42 lantern")
    client = load_client(ROOT / "clients" / PROFILE, load_model(CONTENT))
    assert client.passphrase == "orbit velvet canyon 42 lantern"


def test_no_passphrase_names_where_to_put_it(tmp_path, monkeypatch):
    monkeypatch.delenv("PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL")
    result = run("build", "--client", str(ROOT / "clients" / PROFILE), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (
        "no passphrase for 'northwind-retail': run `playbook client passphrase northwind-retail --rotate` "
        "(it writes one into "
        in result.stderr
        and "or set PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL" in result.stderr
    )
    assert not (tmp_path / "out" / "northwind-retail").exists()


@pytest.mark.slow
def test_new_client_private_keeps_its_secrets_outside_the_profile_and_its_hidden_folder_stays(tmp_path, monkeypatch):
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
    (folder,) = [p for p in (tmp_path / "site").iterdir() if p.is_dir()]  # the same folder, built twice
    assert re.fullmatch(r"[0-9a-f]{32}", folder.name) and folder.name not in secrets.read_text(encoding="utf-8")
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


def _store_one(folder: str, slug: str) -> None:
    from generator.clients.passphrases import store_secret

    store_secret(Path(folder), slug, passphrase=f"{slug}-orbit-velvet-canyon")


def test_the_secrets_file_keeps_every_entry_when_commands_write_it_at_once(tmp_path):
    slugs = [f"client-{n}" for n in range(12)]
    with multiprocessing.get_context("fork").Pool(6) as pool:
        pool.starmap(_store_one, [(str(tmp_path), slug) for slug in slugs])
    stored = yaml.safe_load((tmp_path / ".secrets.yaml").read_text(encoding="utf-8"))
    assert sorted(stored) == sorted(slugs) and oct((tmp_path / ".secrets.yaml").stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # no temporary file left
