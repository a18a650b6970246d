"""Passphrases and hidden folders of private clients: never in the repository.

A private client's passphrase comes from the environment (`PLAYBOOK_PASSPHRASE_<SLUG>`, the slug
in capitals with `_` for `-`) or from `.secrets.yaml` beside the client profiles, which must be
private to its owner and not tracked by git. A private client's hidden folder is made from its
passphrase; a public `folder: random` client's is kept in the same file, so that it stays stable
from build to build. `PLAYBOOK_FOLDER_<SLUG>` sets either.
"""

from __future__ import annotations

import datetime
import fcntl
import os
import re
import secrets
import stat
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import yaml

from ..errors import BuildError, ContentError, Problem, display_path
from ..model.fields import ID_PATTERN
from ..model.profile_schema import ClientFile
from ..yamlio import load_yaml
from .private_pages import hidden_folder

SECRETS_FILE = ".secrets.yaml"
MIN_LENGTH = 12
# zxcvbn's estimate of the guesses an attacker needs, as a power of ten: each guess also costs
# 600,000 PBKDF2 iterations, so 10^12 guesses are centuries of a GPU's time.
MIN_GUESSES_LOG10 = 12
_NON_WORD = re.compile(r"\W++")
FAMOUS = ("correct horse battery staple", "correcthorsebatterystaple", "trustno1", "letmein", "changeme")


def environment_variable(slug: str) -> str:
    return "PLAYBOOK_PASSPHRASE_" + slug.upper().replace("-", "_")


def folder_variable(slug: str) -> str:
    """The variable that sets a client's hidden folder (`folder: random`) instead of the default."""
    return "PLAYBOOK_FOLDER_" + slug.upper().replace("-", "_")


def passphrase_problem(passphrase: str, profile: ClientFile, variable: str | None = None) -> str | None:
    """Why a passphrase is too weak or malformed to lock the pages of `profile`'s client, or None.

    Strength is zxcvbn's estimate, told what an attacker knows of the client: its name, slug,
    contact and web address, and the years around now."""
    slug = profile.slug
    making = f"`playbook client passphrase {slug} --rotate` makes a strong one"
    source = variable or f"the passphrase of '{slug}' in {SECRETS_FILE}"
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in passphrase):  # bytes of the environment that are not UTF-8
        return f"{source} is not valid UTF-8 text: set it again as plain text ({making})"
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in passphrase):
        return f"{source} holds a control or invisible character: use printable characters only ({making})"
    if len(passphrase) < MIN_LENGTH:
        return f"the passphrase has {len(passphrase)} characters: use at least {MIN_LENGTH} ({making})"
    try:
        from zxcvbn import zxcvbn
    except ImportError:
        raise BuildError(
            "private client sites need the zxcvbn package to judge passphrases: "
            "pip install 'maturity-playbook[private]' (nothing was published in clear)"
        ) from None
    estimate = zxcvbn(passphrase[:100], user_inputs=_known_words(profile))
    if estimate["guesses_log10"] < MIN_GUESSES_LOG10:
        return (
            f"the passphrase is too easy to guess for what is known of '{slug}' (about 10^"
            f"{estimate['guesses_log10']:.0f} guesses; at least 10^{MIN_GUESSES_LOG10} needed): {making}"
        )
    return None


def _known_words(profile: ClientFile) -> list[str]:
    """What an attacker knows of a client: the words of its name, slug, contact and addresses, and years."""
    contact = profile.contact
    known = (contact.name, contact.email, contact.url) if contact else ()
    texts = [profile.name, profile.slug, *(value for value in known if value)]
    words = {part for text in texts for part in _NON_WORD.split(text.lower()) if part}
    year = datetime.date.today().year
    return sorted(words | {t.lower() for t in texts} | {str(y) for y in range(year - 10, year + 3)} | set(FAMOUS))


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
    """Add `values` to the client's entry in the secrets file (made private to its owner), under a lock
    and through a temporary file of its own, so that two commands at once neither lose an entry nor
    leave a half-written file."""
    path = clients_folder / SECRETS_FILE
    try:
        _store(path, slug, values)
    except OSError as error:  # a full disk, a read-only folder: said plainly, the old file kept
        raise BuildError(
            f"cannot write {display_path(path)}: {error.strerror or error} (nothing was changed)"
        ) from None
    return path


def _store(path: Path, slug: str, values: dict[str, str]) -> None:
    lock = os.open(path.with_name(path.name + ".lock"), os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        entries = read_secrets(path.parent)
        entries.setdefault(slug, {}).update(values)
        text = "# Passphrases and hidden folders of private clients. Never commit this file.\n" + yaml.safe_dump(
            entries, sort_keys=True, allow_unicode=True
        )
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # 0600
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    finally:
        os.close(lock)  # releases the lock


def client_secrets(profile: ClientFile, clients_folder: Path, model_id: str) -> tuple[str | None, str, list]:
    """The passphrase of a private client and the folder its site goes to, from outside the repository
    (the environment first, then the secrets file, read once), with the problems found, each as
    (location in the profile, message). A private client's hidden folder comes from its passphrase
    (`private_pages.hidden_folder`), so that any machine with the passphrase publishes to the same
    address; `PLAYBOOK_FOLDER_<SLUG>` sets it instead."""
    slug, problems = profile.slug, []
    variable = environment_variable(slug)
    chosen_folder = os.environ.get(folder_variable(slug), "")
    needs_file = (profile.private and variable not in os.environ) or (
        profile.folder == "random" and not profile.private and not chosen_folder
    )
    secrets = read_secrets(clients_folder).get(slug, {}) if needs_file else {}
    passphrase = None
    if profile.private:
        passphrase = os.environ.get(variable) or secrets.get("passphrase")
        if passphrase is None:
            problems.append(
                (
                    ("private",),
                    f"no passphrase for '{slug}': run `playbook client passphrase {slug} --rotate` "
                    f"(it writes one into {display_path(clients_folder / SECRETS_FILE)}), or set {variable}",
                )
            )
        elif problem := passphrase_problem(passphrase, profile, variable if variable in os.environ else None):
            problems.append((("private",), problem))
            passphrase = None
    folder = slug
    if profile.folder == "random" and chosen_folder:
        folder = chosen_folder
        if not ID_PATTERN.fullmatch(folder):
            problems.append(
                (("folder",), f"{folder_variable(slug)} is not a folder name: use lowercase letters and digits")
            )
    elif profile.folder == "random" and profile.private:
        folder = hidden_folder(passphrase, f"{model_id}:{slug}") if passphrase else slug
    elif profile.folder == "random":  # made on first use, then kept in the secrets file
        folder = secrets.get("folder", "")
        if not folder:
            folder = new_folder()
            store_secret(clients_folder, slug, folder=folder)
        elif not ID_PATTERN.fullmatch(folder):
            problems.append(
                (
                    ("folder",),
                    f"the hidden folder of '{slug}' in {SECRETS_FILE} is not a folder name: "
                    "use lowercase letters and digits (delete it to get a new one)",
                )
            )
    return passphrase, folder, problems
