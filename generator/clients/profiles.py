"""Client profiles: load and check `clients/*.yaml` against a model, and tailor the model to each.

Client files are read with every scalar kept as text (a language `no` stays Norwegian), then
validated like the model; problems carry the client file's line and column.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..assessment.answers import Assessment
from ..assessment.answers_file import read_assessment
from ..assessment.targets import Target, read_target
from ..errors import ContentError, Problem, display_path, one_of
from ..model import profile_schema
from ..model.loading import validate_document
from ..model.model import Model, stream_parts
from ..model.safe_markdown import ID_LINK, refused_links
from ..yamlio import Document, load_yaml, where_text
from .contrast import brand_problems
from .images import ActiveImage, read_image
from .passphrases import SECRETS_FILE, client_secrets, folder_variable
from .plans import plan_warnings, read_phased_target, read_plan

LOGO_TYPES = (".png", ".svg", ".jpg", ".jpeg", ".webp")
_WORD = re.compile(r"[a-z0-9]++")


@dataclass(frozen=True)
class Client:
    """A checked client profile, with its assessments (oldest first) and resolved files."""

    path: Path
    profile: profile_schema.ClientFile
    assessments: list[Assessment]
    logo: Path | None
    templates: Path | None
    document: Document = field(repr=False, compare=False)
    folder: str = ""  # where the site goes under the output: the slug, or a hidden folder name
    passphrase: str | None = field(default=None, repr=False, compare=False)  # of a private client
    target: Target | None = None
    # brand colours that fail a contrast check, respondents named differently in their files
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    benchmark: dict | None = field(default=None, compare=False)  # the anonymised portfolio, when the profile asks
    milestones: tuple[Target, ...] = ()  # the phases of a phased target, earliest first (the last is `target`)

    @property
    def slug(self) -> str:
        return self.profile.slug


def load_clients(paths: list[Path], model: Model) -> tuple[list[Client], dict[Path, list[Problem]]]:
    """Load every client file: (valid clients, {path: problems} for the invalid ones).

    A slug used twice makes the later file invalid, naming the first.
    """
    clients, failures = [], {}
    first_with_slug: dict[str, Client] = {}
    for path in sorted(paths):
        try:
            client = load_client(path, model)
        except ContentError as error:
            failures[path] = error.problems
            continue
        except OSError as error:  # one unreadable profile (a name too long, a fault) must not stop the others
            failures[path] = [
                Problem(display_path(path), 0, 0, "", f"cannot read the client: {error.strerror or error}")
            ]
            continue
        if client.slug in first_with_slug:
            line, column = client.document.mark(("slug",))
            other = display_path(first_with_slug[client.slug].path)
            failures[path] = [
                Problem(
                    display_path(path),
                    line,
                    column,
                    "slug",
                    f"slug '{client.slug}' is already used by {other}: give each client its own",
                )
            ]
            continue
        if problem := _folder_clash(client, first_with_slug):
            failures[path] = [problem]
            continue
        first_with_slug[client.slug] = client
        clients.append(client)
    return clients, failures


def _folder_clash(client: Client, others: dict[str, Client]) -> Problem | None:
    """A problem when `client`'s site would land in a folder of another client (its slug or hidden
    folder) or of the generic site; the message never names a hidden folder (build logs are public)."""
    taken = {name: other for other in others.values() for name in (other.slug, other.folder)}
    if client.folder != client.slug and (client.folder in taken or client.folder in profile_schema.RESERVED_SLUGS):
        owner = taken.get(client.folder)
        line, column = client.document.value_mark(("folder",))
        where = f"that of {display_path(owner.path)}" if owner else "a part of the generic site"
        fix = f"set another with {folder_variable(client.slug)}"
        message = f"its site's folder would be {where}: {fix}"
        return Problem(display_path(client.path), line, column, "folder", message)
    if client.slug in taken:
        line, column = client.document.mark(("slug",))
        message = f"slug '{client.slug}' is the folder of {display_path(taken[client.slug].path)}'s site: give another"
        return Problem(display_path(client.path), line, column, "slug", message)
    return None


def load_client(path: Path, model: Model) -> Client:
    """Load and check one client file against `model`; raise `ContentError` listing every problem."""
    document = load_yaml(path, text_scalars=True)
    problems, profile = validate_document(document, profile_schema.ClientFile)
    if problems:
        raise ContentError(problems)
    report = _Reporter(document)
    assessments = []
    respondent_warnings: list[Problem] = []  # a respondent named differently in the profile and in their file
    for index in range(len(profile.assessments)):
        assessment, assessment_problems = read_assessment(
            document, ("assessments", index), model, client_folder=path.parent / profile.slug
        )
        report.problems.extend(p for p in assessment_problems if p.severity != "warning")
        respondent_warnings.extend(p for p in assessment_problems if p.severity == "warning")
        assessment, plan_problems = read_plan(document, ("assessments", index), assessment)
        report.problems.extend(plan_problems)
        if assessment.commentary:
            _check_links(
                assessment.commentary,
                report,
                ("assessments", index, "commentary"),
                model,
                profile.tailoring.hide_practices,
            )
        assessments.append(assessment)
    if any(a.assessed is None for a in assessments) and len(assessments) > 1:
        report.add(("assessments",), "with several assessments, give each an 'assessed' date")
    indexed = list(enumerate(assessments))  # plan warnings name each assessment's place in the file
    assessments.sort(key=lambda a: a.assessed or datetime.date.min)
    if profile.language not in profile_schema.SITE_LANGUAGES:
        report.add(
            ("language",),
            f"language '{profile.language}' is not supported by the theme: "
            f"use one of {one_of(sorted(profile_schema.SITE_LANGUAGES), profile.language)}",
        )
    logo = _resolve_file(path, profile.logo, report, ("logo",), LOGO_TYPES)
    templates = None
    if profile.templates:
        # Confined to the profile's folder: the input hash reads every file of it (`templates: /`).
        templates = (path.parent / profile.templates).resolve()
        if not templates.is_relative_to(path.parent.resolve()):
            report.add(
                ("templates",),
                f"'{profile.templates}' is outside the folder of the client profile: "
                "keep the client's templates in a folder beside (or below) the profile",
            )
        elif not _is_folder(templates):
            report.add(("templates",), f"no such folder: {display_path(templates)}")
        elif holds := _held_in_templates(templates, path, model):
            report.add(
                ("templates",),
                f"'{profile.templates}' holds {holds}: give the client's templates a folder of their own "
                f"beside the profile (such as `templates: {profile.slug}-templates`) that holds templates only",
            )
    target, target_problems = read_target(document, ("target",), model)
    milestones, phase_problems = read_phased_target(document, model)
    report.problems.extend([*target_problems, *phase_problems])
    target = milestones[-1] if milestones else target  # the latest phase is the target everywhere else
    _check_tailoring(profile.tailoring, model, report)
    passphrase, folder, secret_problems = client_secrets(profile, path.parent, model.info.id)
    for location, message in secret_problems:
        report.add(location, message)
    if report.problems:
        raise ContentError(report.problems)
    warnings = (
        *brand_problems(document, profile.colors.primary, profile.colors.accent),
        *respondent_warnings,
        *plan_warnings(document, model, indexed, target),
    )
    return Client(
        path,
        profile,
        assessments,
        logo,
        templates,
        document,
        folder,
        passphrase,
        target,
        warnings,
        milestones=milestones,
    )


class _Reporter:
    def __init__(self, document: Document):
        self.document = document
        self.problems: list[Problem] = []

    def add(self, location: tuple, message: str) -> None:
        line, column = self.document.value_mark(location)
        self.problems.append(Problem(display_path(self.document.path), line, column, where_text(location), message))


def _resolve_file(client_path: Path, name: str | None, report: _Reporter, location: tuple, types: tuple) -> Path | None:
    """The logo's path, once its file is checked to be the inert image its name claims (`images`)."""
    if name is None:
        return None
    path = (client_path.parent / name).resolve()
    if path.suffix.lower() not in types:
        report.add(location, f"'{name}' is not an image the site can show: use {', '.join(types)}")
    elif not _exists(path):
        report.add(location, f"file not found: {display_path(path)} (paths are relative to the client file)")
    else:
        try:
            read_image(path)
        except ActiveImage as error:
            report.add(location, f"'{name}': {error}")
    return path


def _exists(path: Path) -> bool:
    """Whether `path` (followed) exists, True when only reading it can say what is wrong (a name too long)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


def _check_tailoring(tailoring: profile_schema.Tailoring, model: Model, report: _Reporter) -> None:
    practices = tuple(p.id for p in model.practices)
    stages = tuple(s.id for s in model.stages)
    for i, practice in enumerate(tailoring.hide_practices):
        if practice not in practices:
            report.add(
                ("tailoring", "hide_practices", i),
                f"unknown practice '{practice}': use one of {one_of(practices, practice)}",
            )
    for i, note in enumerate(tailoring.notes):
        at = ("tailoring", "notes", i)
        if (note.practice is None) == (note.stage is None):
            report.add(at, "a note needs exactly one of 'practice' or 'stage'")
        elif note.practice and note.practice not in practices:
            report.add(
                at + ("practice",), f"unknown practice '{note.practice}': use one of {one_of(practices, note.practice)}"
            )
        elif note.stage and note.stage not in stages:
            report.add(at + ("stage",), f"unknown stage '{note.stage}': use one of {one_of(stages, note.stage)}")
        elif note.practice in tailoring.hide_practices:
            report.add(at + ("practice",), f"practice '{note.practice}' is hidden: its note would never show")
        _check_links(note.text, report, at + ("text",), model, tailoring.hide_practices)
    seen: set[str] = set()
    for i, page in enumerate(tailoring.pages):
        at = ("tailoring", "pages", i)
        if page.slug in seen:
            report.add(at + ("slug",), f"two extra pages use the slug '{page.slug}'")
        seen.add(page.slug)
        _check_links(page.text, report, at + ("text",), model, tailoring.hide_practices)


def _check_links(text: str, report: _Reporter, location: tuple, model: Model, hidden: list[str]) -> None:
    """At the file's line: every link the site build would refuse (the same check of the rendered
    text, `safe_markdown.refused_links`), and every link by id to a page the client's site lacks."""
    for message in refused_links(ID_LINK.sub(lambda m: m[1] + "#", text)):  # id links become page links
        report.add(location, message.removesuffix(" (it was left out)"))
    pages = {
        "quadrant": [q.id for q in model.quadrants],
        "stage": [s.id for s in model.stages],
        "pillar": [p.id for p in model.pillars],
        "practice": [p.id for p in model.practices if p.id not in hidden],
    }
    for match in ID_LINK.finditer(text):
        kind, entity_id = match[2], match[3]
        if entity_id not in pages[kind]:
            report.add(location, f"link to unknown {kind} '{entity_id}': use one of {one_of(pages[kind], entity_id)}")


def tailor_model(model: Model, client: Client) -> Model:
    """The model as this client sees it: hidden practices removed, and every link to them dropped."""
    hidden = set(client.profile.tailoring.hide_practices)
    if not hidden:
        return model
    stages = [
        stage.model_copy(
            update={
                "steps": [
                    step.model_copy(update={"practices": [p for p in step.practices if p not in hidden]})
                    for step in stage.steps
                ]
            }
        )
        for stage in model.stages
    ]
    items = [item.model_copy(update={"practice": None}) if item.practice in hidden else item for item in model.items]
    return dataclasses.replace(
        model, practices=[p for p in model.practices if p.id not in hidden], stages=stages, items=items
    )


_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"}
)


def slugify(name: str) -> str:
    """A client slug from a name: ASCII lowercase words joined by hyphens ('' if nothing is left)."""
    spelled_out = name.lower().translate(_LETTERS_WITHOUT_DECOMPOSITION)
    ascii_name = unicodedata.normalize("NFKD", spelled_out).encode("ascii", "ignore").decode()
    return "-".join(_WORD.findall(ascii_name.lower()))[:64].strip("-")


def scaffold_client(name: str, slug: str, model: Model, *, private: bool = False) -> str:
    """A valid new client profile: every checklist item listed unanswered, its text as a comment,
    grouped as the checklist groups them, with each answer's value and label.

    A private one is encrypted with the passphrase kept in the secrets file, under a hidden folder.
    """
    shared = _choices(model.shared_answers) if model.shared_answers else "each item lists its answers"
    lines = [
        f"# Client profile for {' '.join(name.split())}: fill in the answers, then run",
        f"#   playbook build --client clients/{slug}.yaml",
        f"name: {json.dumps(name, ensure_ascii=False)}",
        f"slug: {slug}",
        *(
            [
                f"private: true         # assessment pages encrypted; passphrase in {SECRETS_FILE}",
                "folder: random        # published under an unguessable folder",
            ]
            if private
            else []
        ),
        "colors:",
        "  primary: indigo      # a Material colour name or #rrggbb",
        "  accent: deep-purple # both pass the contrast checks; the build warns for one that does not",
        "language: en",
        "contact:",
        "  name:",
        "  email:",
        "assessments:",
        "  - assessed:          # YYYY-MM-DD",
        f"    answers:          # {shared}; empty = not answered yet",
    ]
    by_kind: dict[str, list[Any]] = {"stage": model.stages, "pillar": model.pillars, "practice": model.practices}
    headings = by_kind[model.group_by]
    groups: dict[str | None, list] = {entity.id: [] for entity in headings}  # grouped as the checklist is
    for item in model.items:
        groups.setdefault(getattr(item, model.group_by), []).append(item)
    names = {entity.id: entity.name for entity in headings}
    pillars = {pillar.id: pillar for pillar in model.pillars} if model.group_by == "pillar" else {}
    for group, items in groups.items():
        if not items:
            continue
        lines.append(f"      # --- {names[group] if group else 'Other'} ---")
        for stream, part in stream_parts(pillars[group], items) if group in pillars else [(None, items)]:
            lines += [f"      # -- {stream.name} --"] if stream else []  # a pillar's streams, as on the checklist
            for item in part:
                lines.append(f"      # {' '.join(item.text.split())}")
                if not model.shared_answers:
                    lines.append(f"      # ({_choices(model.scale_of(item))})")
                lines.append(f"      {item.id}:")
    return "\n".join(lines) + "\n"


def _choices(options) -> str:
    """An answer scale as a profile's comment: `yes = Yes | partial = Partly | ...`."""
    return " | ".join(f"{option.value} = {' '.join(option.label.split())}" for option in options)


def _held_in_templates(templates: Path, profile: Path, model: Model) -> str | None:
    """What a client's template folder must not hold and does: the clients folder or the model."""
    if profile.parent.resolve().is_relative_to(templates):
        return "the clients folder (profiles, answers and secrets)"
    if any(Path(document.path).resolve().is_relative_to(templates) for document in model.documents.values()):
        return "the model's content"
    return None


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system, a loop of links
        return False
