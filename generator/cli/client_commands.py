"""The `client` group: what changes an existing client's privacy (`client private`, `client passphrase`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..clients.passphrases import SECRETS_FILE, environment_variable
from ..clients.privacy import Secret, make_private, profile_of, rotate_passphrase
from ..errors import display_path, visible
from ..model.loading import load_model
from .shared import CONTENT_OPTION, clients_option


@click.group("client")
def client_group() -> None:
    """Change an existing client: make it private, replace its passphrase."""


@client_group.command("private")
@click.argument("slug")
@CONTENT_OPTION
@clients_option("Folder of client profiles (and of the secrets file).")
def private_command(slug: str, content: Path, clients_dir: Path) -> None:
    """Make the client SLUG private, as `new-client --private` does for a new one.

    Makes a passphrase, kept in .secrets.yaml beside the profiles (never commit it), and sets
    `private: true` and `folder: random` in the profile, keeping the rest of the file and its
    comments. The next build encrypts the client's report and roadmap pages and its report PDF,
    and publishes the site under a hidden folder made from the passphrase: the same on every
    machine that has it (a CI job given PLAYBOOK_PASSPHRASE_<SLUG>), unless PLAYBOOK_FOLDER_<SLUG>
    sets another.
    """
    secret = make_private(profile_of(clients_dir, slug), load_model(content))
    click.echo(visible(f"{secret.client.profile.name} is private: {display_path(secret.client.path)} says so."))
    _tell(secret)
    click.echo(
        f"The next build publishes the site under a hidden folder ({secret.client.folder}/); delete the site "
        f"built before in clear, at <output>/{secret.client.slug}/, wherever it was published."
    )


@client_group.command("passphrase")
@click.argument("slug")
@click.option("--rotate", is_flag=True, help="Replace the passphrase with a new one (printed once).")
@CONTENT_OPTION
@clients_option("Folder of client profiles (and of the secrets file).")
def passphrase_command(slug: str, rotate: bool, content: Path, clients_dir: Path) -> None:
    """Replace the passphrase of the private client SLUG (--rotate); without --rotate, say where it is kept.

    The old passphrase no longer opens the pages or the report PDF once the site is built again,
    and the site moves to a new hidden folder, made from the new passphrase (unless
    PLAYBOOK_FOLDER_<SLUG> sets it).
    """
    path = profile_of(clients_dir, slug)
    if not rotate:
        variable = environment_variable(slug)
        click.echo(
            f"The passphrase of '{slug}' is read from {variable} when it is set, else from "
            f"{display_path(clients_dir / SECRETS_FILE)}. Give --rotate to replace it."
        )
        return
    secret = rotate_passphrase(path, load_model(content))
    click.echo(visible(f"{secret.client.profile.name} has a new passphrase."))
    _tell(secret)
    click.echo("Build the site again: until then, the pages and PDF published open with the old passphrase.")
    if secret.client.profile.folder == "random":
        click.echo(
            f"The next build publishes the site under a new hidden folder ({secret.client.folder}/): give the "
            "client the new address with the new passphrase, and delete the old folder where it was published."
        )


def _tell(secret: Secret) -> None:
    """The new passphrase, once, where it is kept, and what to do with it."""
    click.echo(f"Passphrase: {secret.passphrase}")
    click.echo(
        f"It is kept in {display_path(secret.secrets_file)}: give it to the client by another channel, "
        "and never commit that file."
    )
    if secret.overridden_by:
        click.echo(
            f"warning: {secret.overridden_by} is set and wins over that file: set it to the new passphrase, "
            "or unset it.",
            err=True,
        )
