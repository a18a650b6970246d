"""`playbook client private` and `playbook client passphrase --rotate` (generator/clients/privacy.py):
an existing client made private as `new-client --private` makes one, and a passphrase replaced."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from generator.clients.private_pages import hidden_folder, make_lock
from generator.model.loading import load_model
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import CONTENT
from tests.helpers.files import edit

MODEL = load_model(CONTENT)


def passphrase_of(result) -> str:
    (passphrase,) = re.findall(r"^Passphrase: (\S+)$", result.stdout, re.M)
    return passphrase


def lock_check(site: Path) -> str:
    """The value the report page's prompt checks a passphrase's key against."""
    panel = re.search(r'data-pb-locked="([^"]*)"', (site / "report.html").read_text(encoding="utf-8"))[1]
    return json.loads(html.unescape(panel))["check"]


def opens(site: Path, slug: str, passphrase: str) -> bool:
    return lock_check(site) == make_lock(passphrase, f"{MODEL.info.id}:{slug}", "en").check


@pytest.mark.slow
def test_client_private_edits_the_profile_keeps_its_comments_and_the_build_locks_the_site(clients_copy, tmp_path):
    profile = clients_copy / "lumen-health.yaml"
    before = profile.read_text(encoding="utf-8")
    result = run("client", "private", "lumen-health", "--clients", str(clients_copy))
    assert result.exit_code == 0, result.output
    passphrase = passphrase_of(result)
    after = profile.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert [line.split()[:2] for line in added] == [["private:", "true"], ["folder:", "random"]]
    assert after.replace("".join(f"{line}\n" for line in added), "") == before  # the rest, comments too, as it was
    secrets = clients_copy / ".secrets.yaml"
    stored = secrets.read_text(encoding="utf-8")
    assert f"passphrase: {passphrase}" in stored and oct(secrets.stat().st_mode & 0o777) == "0o600"
    assert "folder:" not in stored  # made from the passphrase, so CI needs only the passphrase
    folder = hidden_folder(passphrase, f"{MODEL.info.id}:lumen-health")
    assert re.fullmatch(r"[0-9a-f]{32}", folder)
    assert f"hidden folder ({folder}/)" in result.stdout and "delete the site built before in clear" in result.stdout
    build = run("build", "--client", str(profile), "--out", str(tmp_path / "site"))
    assert build.exit_code == 0, build.output
    assert [p.name for p in (tmp_path / "site").iterdir() if p.is_dir()] == [folder]
    assert opens(tmp_path / "site" / folder, "lumen-health", passphrase)


def test_client_private_refuses_a_private_client_and_names_the_command_that_rotates(clients_copy):
    profile = clients_copy / "northwind-retail.yaml"
    before = profile.read_text(encoding="utf-8")
    stderr = clean_failure(run("client", "private", "northwind-retail", "--clients", str(clients_copy)))
    assert stderr.endswith(
        "northwind-retail.yaml:7:10: error: private: 'northwind-retail' is private already: to replace its "
        "passphrase, run `playbook client passphrase northwind-retail --rotate`\n"
    )
    assert profile.read_text(encoding="utf-8") == before and not (clients_copy / ".secrets.yaml").exists()


@pytest.mark.parametrize("command", [["private"], ["passphrase", "--rotate"]])
def test_client_commands_refuse_an_unknown_client_and_list_the_known_ones(clients_copy, command):
    stderr = clean_failure(run("client", command[0], "lumen", *command[1:], "--clients", str(clients_copy)))
    assert stderr.endswith(
        f"{clients_copy / 'lumen.yaml'}: error: no client 'lumen' in {clients_copy}/: "
        "use one of fjord-energi, lumen-health, northwind-retail\n"
    )
    assert not (clients_copy / ".secrets.yaml").exists()


def test_client_private_puts_the_profile_back_when_it_no_longer_loads(clients_copy, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_PASSPHRASE_LUMEN_HEALTH", "short")  # wins over the file: too weak
    profile = clients_copy / "lumen-health.yaml"
    before = profile.read_text(encoding="utf-8")
    stderr = clean_failure(run("client", "private", "lumen-health", "--clients", str(clients_copy)))
    assert "the passphrase has 5 characters: use at least 12" in stderr
    assert "`playbook client passphrase lumen-health --rotate` makes a strong one" in stderr
    assert profile.read_text(encoding="utf-8") == before


@pytest.mark.slow
def test_rotate_replaces_the_passphrase_and_moves_the_site_to_a_new_hidden_folder(clients_copy, tmp_path):
    assert run("client", "private", "lumen-health", "--clients", str(clients_copy)).exit_code == 0
    secrets = clients_copy / ".secrets.yaml"
    build = ("build", "--client", str(clients_copy / "lumen-health.yaml"), "--out", str(tmp_path / "site"))
    assert run(*build).exit_code == 0
    old = re.search(r"passphrase: (\S+)", secrets.read_text(encoding="utf-8"))[1]
    result = run("client", "passphrase", "lumen-health", "--rotate", "--clients", str(clients_copy))
    assert result.exit_code == 0, result.output
    new = passphrase_of(result)
    assert new != old and f"It is kept in {secrets}" in result.stdout.replace("\n", " ")
    folders = {key: hidden_folder(key, f"{MODEL.info.id}:lumen-health") for key in (old, new)}
    assert f"a new hidden folder ({folders[new]}/)" in result.stdout
    assert " built (" in run(*build).stdout  # a new passphrase rebuilds an unchanged client
    assert opens(tmp_path / "site" / folders[new], "lumen-health", new)
    assert not opens(tmp_path / "site" / folders[old], "lumen-health", new)  # the old site, built before


@pytest.mark.slow
def test_the_hidden_folder_is_the_same_on_a_machine_with_only_the_passphrase(clients_copy, tmp_path, monkeypatch):
    assert run("client", "private", "lumen-health", "--clients", str(clients_copy)).exit_code == 0
    secrets = clients_copy / ".secrets.yaml"
    passphrase = re.search(r"passphrase: (\S+)", secrets.read_text(encoding="utf-8"))[1]
    profile = clients_copy / "lumen-health.yaml"
    assert run("build", "--client", str(profile), "--out", str(tmp_path / "here")).exit_code == 0
    secrets.unlink()  # a fresh CI checkout: the passphrase from its secret store, no secrets file
    monkeypatch.setenv("PLAYBOOK_PASSPHRASE_LUMEN_HEALTH", passphrase)
    assert run("build", "--client", str(profile), "--out", str(tmp_path / "ci")).exit_code == 0
    (here,), (ci,) = ([p.name for p in (tmp_path / out).iterdir() if p.is_dir()] for out in ("here", "ci"))
    assert here == ci == hidden_folder(passphrase, f"{MODEL.info.id}:lumen-health")
    monkeypatch.setenv("PLAYBOOK_FOLDER_LUMEN_HEALTH", "chosen-by-us")
    assert run("build", "--client", str(profile), "--out", str(tmp_path / "set")).exit_code == 0
    assert [p.name for p in (tmp_path / "set").iterdir() if p.is_dir()] == ["chosen-by-us"]


def test_rotate_says_when_the_environment_overrides_the_file(clients_copy):
    result = run("client", "passphrase", "northwind-retail", "--rotate", "--clients", str(clients_copy))
    assert result.exit_code == 0, result.output
    assert "warning: PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL is set and wins over that file" in result.stderr


def test_rotate_refuses_a_client_that_is_not_private(clients_copy):
    stderr = clean_failure(run("client", "passphrase", "fjord-energi", "--rotate", "--clients", str(clients_copy)))
    assert stderr.endswith(
        "fjord-energi.yaml:3:1: error: 'fjord-energi' is not private, so it has no passphrase: "
        "run `playbook client private fjord-energi` to make it private\n"
    )


@pytest.mark.slow
def test_the_missing_passphrase_error_names_a_command_that_fixes_it(clients_copy, tmp_path, monkeypatch):
    monkeypatch.delenv("PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL")
    profile = clients_copy / "northwind-retail.yaml"
    build = ("build", "--client", str(profile), "--out", str(tmp_path / "site"))
    stderr = clean_failure(run(*build))
    (command,) = re.findall(r"run `playbook (client passphrase northwind-retail --rotate)`", stderr)
    assert run(*command.split(), "--clients", str(clients_copy)).exit_code == 0
    assert run(*build).exit_code == 0


def test_without_rotate_the_passphrase_command_says_where_it_is_kept(clients_copy):
    edit(clients_copy / "lumen-health.yaml", "slug: lumen-health\n", "slug: lumen-health\nprivate: true\n")
    result = run("client", "passphrase", "lumen-health", "--clients", str(clients_copy))
    assert result.exit_code == 0 and "Give --rotate to replace it." in result.stdout
    assert "Passphrase:" not in result.stdout
