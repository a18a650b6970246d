"""`playbook init`: a new playbook project in a folder of its own.

The project gets a copy of a bundled model, one example client, an empty folder for template
overrides, its settings file, a README, a .gitignore and a publishing workflow. Existing files
are never overwritten, and a failure part way removes what this run wrote.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import click

from ..clients.profiles import scaffold_client
from ..errors import display_path
from ..model.loading import load_model
from ..output import write_tree
from ..paths import MODELS, PROJECT_TEMPLATES
from .settings import SETTINGS_FILE

EXAMPLE_CLIENT = ("Example Organisation", "example-organisation")
WORKFLOW_FILE = ".github/workflows/playbook.yml"


class InitError(click.ClickException):
    """The project could not be made; nothing of this run is left behind (exit 1)."""

    exit_code = 1


@dataclass(frozen=True)
class InitResult:
    written: list[str]
    kept: list[str]


def project_files(model_name: str, shards: int | None = None) -> dict[str, str | bytes]:
    """Every file of a new project, {relative path: content}, all in memory; with `shards`, the
    workflow builds the client sites as that many parts side by side (`pages_workflow`)."""
    source = MODELS[model_name]
    model = load_model(source)
    template = lambda name: (PROJECT_TEMPLATES / name).read_text(encoding="utf-8")  # noqa: E731
    name, slug = EXAMPLE_CLIENT
    files: dict[str, str | bytes] = {
        SETTINGS_FILE: template("playbook.yaml"),
        "README.md": template("README.md"),
        ".gitignore": template("gitignore.txt"),
        WORKFLOW_FILE: pages_workflow(shards),
        f"clients/{slug}.yaml": scaffold_client(name, slug, model),
        "templates/.gitkeep": "",
    }
    files.update({f"content/{p.name}": p.read_bytes() for p in sorted(source.glob("*.yaml"))})
    return files


def pages_workflow(shards: int | None = None) -> str:
    """The GitHub Pages workflow: one job builds every site; with `shards`, a matrix of that many
    `build --all --shard K/N` jobs builds the client sites and a last job adds them to the generic site."""
    if not shards:
        text = (PROJECT_TEMPLATES / "github-pages.yml").read_text(encoding="utf-8")
    else:
        text = (PROJECT_TEMPLATES / "github-pages-shards.yml").read_text(encoding="utf-8")
        text = text.replace("@PARTS@", ", ".join(str(part) for part in range(1, shards + 1)))
        text = text.replace("@SHARDS@", str(shards))
    return text.replace("@VERSION@", version("maturity-playbook"))


def init_project(
    folder: Path, model_name: str = "default", *, force: bool = False, shards: int | None = None
) -> InitResult:
    """Write a new project into `folder` (new or empty; with `force`, add only missing files);
    `shards` as `project_files` takes it."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{display_path(folder)} is a file: give a folder path")
    try:
        existing = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    except OSError as error:
        raise InitError(f"cannot read {display_path(folder)}: {error.strerror or error}") from None
    if existing and not force:
        raise InitError(
            f"{display_path(folder)} is not empty ({len(existing)} entries): choose a new folder, or use "
            "--force to add the missing files (existing files are kept)"
        )
    files = project_files(model_name, shards)
    kept = [path for path in files if (folder / path).exists() or (folder / path).is_symlink()]
    new = {path: content for path, content in files.items() if path not in kept}
    folders = {folder, *(parent for path in new for parent in (folder / path).parents if folder in parent.parents)}
    made = [p for p in folders if not p.exists()]
    written: list[Path] = []
    try:
        for path, content in new.items():
            write_tree(folder, {path: content})
            written.append(folder / path)
    except OSError as error:
        for done in written:
            done.unlink()
        for new_folder in sorted(made, key=lambda p: len(p.parts), reverse=True):
            shutil.rmtree(new_folder, ignore_errors=True)
        raise InitError(f"cannot write into {display_path(folder)}: {error.strerror or error}") from None
    return InitResult(written=list(new), kept=kept)
