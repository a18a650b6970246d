"""Project settings: a `playbook.yaml` found in the working folder or above it.

A project (made by `playbook init`) keeps its model, clients and template overrides in a folder
of its own; every command run inside it takes its paths from the settings file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..clients.images import ActiveImage, read_image
from ..errors import ContentError, Problem, display_path
from ..model.loading import validate_document
from ..model.profile_schema import ProjectFile
from ..pages.report import Publisher
from ..yamlio import load_yaml, where_text

SETTINGS_FILE = "playbook.yaml"


@dataclass(frozen=True)
class Project:
    """A project's settings with every path resolved (absolute, inside the project folder)."""

    file: Path
    content: Path
    clients: Path
    templates: tuple[Path, ...]
    output: Path
    pdf_output: Path
    site_url: str | None
    paper: str
    publisher: Publisher | None = None


def find_settings(start: Path) -> Path | None:
    """The nearest `playbook.yaml` in `start` or one of its parents."""
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder / SETTINGS_FILE
    return None


def load_project(file: Path) -> Project:
    """Read and check a settings file; raise `ContentError` with every problem's place."""
    document = load_yaml(file)
    problems, settings = validate_document(document, ProjectFile)
    if problems:
        raise ContentError(problems)
    root = file.resolve().parent

    def resolve(key: str | tuple, relative: str, *, folder_must_exist: bool = False) -> Path:
        location = key if isinstance(key, tuple) else (key,)
        path = (root / relative).resolve()
        line, column = document.value_mark(location)
        if not path.is_relative_to(root):
            problems.append(
                Problem(
                    display_path(file),
                    line,
                    column,
                    where_text(location),
                    f"'{relative}' points outside the project folder: give a path inside it",
                )
            )
        elif folder_must_exist and not path.is_dir():
            problems.append(
                Problem(
                    display_path(file),
                    line,
                    column,
                    where_text(location),
                    f"no such folder: '{relative}' (create it, or remove it from the list)",
                )
            )
        return path

    publisher = None
    if settings.publisher:
        logo = settings.publisher.logo
        logo_file = resolve(("publisher", "logo"), logo) if logo else None
        if logo_file and not problems:
            fault = None
            if not logo_file.exists():
                fault = f"file not found: '{logo}' (paths are relative to {SETTINGS_FILE})"
            else:
                try:
                    read_image(logo_file)
                except ActiveImage as error:
                    fault = f"'{logo}': {error}"
            if fault:
                line, column = document.value_mark(("publisher", "logo"))
                problems.append(Problem(display_path(file), line, column, where_text(("publisher", "logo")), fault))
        publisher = Publisher(settings.publisher.name, logo_file, settings.publisher.email or settings.publisher.url)
    project = Project(
        file=file,
        content=resolve("content", settings.content),
        clients=resolve("clients", settings.clients),
        templates=tuple(resolve(("templates", n), p, folder_must_exist=True) for n, p in enumerate(settings.templates)),
        output=resolve("output", settings.output),
        pdf_output=resolve("pdf_output", settings.pdf_output),
        site_url=settings.site_url,
        paper=settings.paper,
        publisher=publisher,
    )
    for index, templates in enumerate(project.templates):  # templates beside profiles could include them
        held = [name for name in ("clients", "content") if getattr(project, name).is_relative_to(templates)]
        if held:
            line, column = document.value_mark(("templates", index))
            problems.append(
                Problem(
                    display_path(file),
                    line,
                    column,
                    where_text(("templates", index)),
                    f"'{settings.templates[index]}' holds the {' and '.join(held)} folder{'s' * (len(held) > 1)}: give the templates "
                    "a folder of their own that holds templates only (such as 'templates')",
                )
            )
    if problems:
        raise ContentError(problems)
    return project
