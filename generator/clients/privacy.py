"""Making an existing client private, and replacing a private client's passphrase.

The profile is edited in place, line by line, so its comments and layout stay as they were: the
`private:` and `folder:` lines are set (or added after `slug:`), the passphrase goes to the secrets
file (the hidden folder is made from it), and the edited profile is loaded again before anything
is kept.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, display_path, fail, one_of
from ..model import profile_schema
from ..model.loading import validate_document
from ..model.model import Model
from ..output import replace_files
from ..yamlio import load_yaml
from .passphrases import SECRETS_FILE, environment_variable, new_passphrase, store_secret
from .profiles import Client, load_client

PRIVATE_LINE = f"private: true         # assessment pages encrypted; passphrase in {SECRETS_FILE}"
FOLDER_LINE = "folder: random        # published under an unguessable folder"


@dataclass(frozen=True)
class Secret:
    """A passphrase just made, where it is kept, and the variable that would override it if set."""

    client: Client
    passphrase: str
    secrets_file: Path
    overridden_by: str | None  # the environment variable that wins over the file, when it is set


def profile_of(clients_folder: Path, slug: str) -> Path:
    """The profile file of `slug` in the clients folder (`<slug>.yaml`), or an error listing the known ones."""
    path = clients_folder / f"{slug}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in clients_folder.glob("*.yaml") if not p.name.startswith("."))
        hint = f"use one of {one_of(known, slug)}" if known else "make one with `playbook new-client NAME`"
        raise fail(path, 0, 0, "", f"no client '{slug}' in {display_path(clients_folder)}/: {hint}")
    return path


def make_private(path: Path, model: Model) -> Secret:
    """Make the client of profile `path` private: a new passphrase and hidden folder in the secrets
    file, `private: true` and `folder: random` in the profile (checked by loading it again)."""
    document = load_yaml(path, text_scalars=True)
    problems, profile = validate_document(document, profile_schema.ClientFile)
    if problems:
        raise ContentError(problems)
    if profile.private:
        raise fail(
            path,
            *document.value_mark(("private",)),
            "private",
            f"'{profile.slug}' is private already: to replace its passphrase, "
            f"run `playbook client passphrase {profile.slug} --rotate`",
        )
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for key, line in (("private", PRIVATE_LINE), ("folder", FOLDER_LINE)):  # a key already there: its line
        if key in document.data:
            lines[document.mark((key,))[0] - 1] = line + "\n"
    after_slug = document.value_mark(("slug",))[0]  # the others after `slug:`, as new-client writes them
    if not lines[after_slug - 1].endswith("\n"):
        lines[after_slug - 1] += "\n"
    lines[after_slug:after_slug] = [
        line + "\n" for key, line in (("private", PRIVATE_LINE), ("folder", FOLDER_LINE)) if key not in document.data
    ]
    secrets_file = store_secret(path.parent, profile.slug, passphrase=(passphrase := new_passphrase()))
    client = _replace_checked(path, text, "".join(lines), model)
    return Secret(client, passphrase, secrets_file, _overriding_variable(profile.slug))


def rotate_passphrase(path: Path, model: Model) -> Secret:
    """Replace the passphrase of the private client of profile `path` with a new one; its hidden folder,
    made from the passphrase, moves with it (unless `PLAYBOOK_FOLDER_<SLUG>` sets it)."""
    document = load_yaml(path, text_scalars=True)
    problems, profile = validate_document(document, profile_schema.ClientFile)
    if problems:
        raise ContentError(problems)
    if not profile.private:
        raise fail(
            path,
            *document.mark(("slug",)),
            "",
            f"'{profile.slug}' is not private, so it has no passphrase: "
            f"run `playbook client private {profile.slug}` to make it private",
        )
    secrets_file = store_secret(path.parent, profile.slug, passphrase=(passphrase := new_passphrase()))
    client = load_client(path, model)
    return Secret(client, passphrase, secrets_file, _overriding_variable(profile.slug))


def _overriding_variable(slug: str) -> str | None:
    variable = environment_variable(slug)
    return variable if variable in os.environ else None


def _replace_checked(path: Path, old: str, new: str, model: Model) -> Client:
    """Write `new` into the profile and load it; on a problem, put `old` back and raise it."""
    mode = path.stat().st_mode & 0o777
    replace_files({path: new.encode("utf-8")}, mode)
    try:
        return load_client(path, model)
    except ContentError:
        replace_files({path: old.encode("utf-8")}, mode)
        raise
