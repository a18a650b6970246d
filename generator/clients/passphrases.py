"""Passphrases and hidden folders of private clients: never in the repository.

A private client's passphrase comes from the environment (`PLAYBOOK_PASSPHRASE_<SLUG>`, the slug
in capitals with `_` for `-`) or from `.secrets.yaml` beside the client profiles, which must be
private to its owner and not tracked by git. The same file keeps each `folder: random`
client's folder name, so that it stays stable from build to build.
"""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
from pathlib import Path

import yaml

from ..errors import ContentError, Problem, display_path
from ..yamlio import load_yaml

SECRETS_FILE = ".secrets.yaml"
MIN_LENGTH = 12
COMMON = {
    "password1234",
    "password12345",
    "123456789012",
    "1234567890123",
    "qwertyuiopas",
    "qwerty123456",
    "letmein12345",
    "iloveyou1234",
    "welcome12345",
    "administrator",
    "passwordpassword",
    "correcthorsebatterystaple",
    "changeme1234",
    "trustno1trustno1",
    "abcdefghijkl",
    "aaaaaaaaaaaa",
    "111111111111",
    "000000000000",
    "passw0rd1234",
    "p@ssw0rd1234",
}


def environment_variable(slug: str) -> str:
    return "PLAYBOOK_PASSPHRASE_" + slug.upper().replace("-", "_")


def passphrase_problem(passphrase: str, slug: str) -> str | None:
    """Why a passphrase is too weak to lock the pages of client `slug`, or None (with the command that makes a strong one)."""
    making = f"`playbook client passphrase {slug} --rotate` makes a strong one"
    if len(passphrase) < MIN_LENGTH:
        return f"the passphrase has {len(passphrase)} characters: use at least {MIN_LENGTH} ({making})"
    if passphrase.lower() in COMMON or len(set(passphrase)) < 4:
        return f"the passphrase is one of the most common ones: choose another ({making})"
    return None


def read_secrets(folder: Path) -> dict[str, dict[str, str]]:
    """The secrets file of a clients folder ({slug: {passphrase, folder}}), checked; {} if there is none."""
    path = folder / SECRETS_FILE
    if not path.is_file():
        return {}
    where = display_path(path)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise ContentError([Problem(where, 0, 0, "", f"others can read it: chmod 600 {where}")])
    if _tracked_by_git(path):
        raise ContentError(
            [Problem(where, 0, 0, "", f"it is tracked by git: git rm --cached {where}, then add it to .gitignore")]
        )
    data = load_yaml(path, text_scalars=True).data or {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ContentError([Problem(where, 1, 1, "", "expected <slug>: {passphrase: ..., folder: ...} entries")])
    return {slug: {k: str(v) for k, v in entry.items() if v is not None} for slug, entry in data.items()}


def _tracked_by_git(path: Path) -> bool:
    try:
        result = subprocess.run(
            ["git", "ls-files", "--error-unmatch", path.name], cwd=path.parent, capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False  # no git: nothing can be tracked
    return result.returncode == 0


def new_passphrase() -> str:
    """A strong passphrase that reads well aloud: five groups of five letters and digits (~120 bits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(5))


def new_folder() -> str:
    """An unguessable folder name (128 bits)."""
    return secrets.token_hex(16)


def store_secret(clients_folder: Path, slug: str, **values: str) -> Path:
    """Add `values` to the client's entry in the secrets file (made private to its owner)."""
    entries = read_secrets(clients_folder)
    entries.setdefault(slug, {}).update(values)
    path = clients_folder / SECRETS_FILE
    text = "# Passphrases and hidden folders of private clients. Never commit this file.\n" + yaml.safe_dump(
        entries, sort_keys=True, allow_unicode=True
    )
    temporary = path.with_name(path.name + ".new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)
    return path
