"""Answers files: an organisation's answers to the checklist, in one format everywhere.

    model: social-business        # optional: the model and version the answers were made for
    model_version: "2.0"
    respondent: {name: Ada Lund, role: Head of service}   # optional
    assessed: 2026-11-01          # optional date
    target: {stage: evolving}     # optional: see `targets`
    answers:
      <item id>: yes              # one of the item's answer values; empty = not answered yet
      <item id>:                  # or with a note and evidence (web addresses or plain text)
        value: partial
        note: Only the service desk does this today.
        evidence: [https://intranet.example/policy, "Board minutes, March"]

In a client profile an assessment may instead list `respondents:`, each with a name, a role and
either `answers` or a `file` (an answers file in the client's own folder, whose `respondent` gives
the name and role the profile leaves out); their answers are merged by the model's `scoring.merge`
rule (`merging`).
"""

from __future__ import annotations

import datetime
import difflib
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem, closest, display_path, one_of
from ..model.fields import check_date, check_text
from ..model.model import Model
from ..yamlio import Document, load_yaml, where_text
from .answers import EVIDENCE_LIMIT, NOTE_LIMIT, RESPONDENT_LIMIT, Assessment, Respondent, Response, keyed_by_id
from .migration import Migration, UnknownVersion, migrate_answers
from .targets import Target, read_target

_FILE_KEYS = ("model", "model_version", "client", "respondent", "assessed", "target", "answers")

_RESPONDENTS_KEYS = ("model_version", "assessed", "target", "respondents")
_PROFILE_KEYS = ("plan", "commentary")  # only in a client profile (`client_folder`): read by `clients.plans`


def load_answers(path: Path, model: Model) -> Assessment:
    """Read and check an answers file made for the current version of `model`.

    One made for an older version is refused with the command that carries it over.
    """
    document = load_yaml(path, text_scalars=True)
    assessment, problems = read_assessment(document, (), model, migrate=False)
    # Only errors stop here: a respondent named apart from their own file is a client build's warning.
    problems = [p for p in problems if p.severity != "warning"]
    if not problems and not assessment.respondents[0].answers:  # importing it would only clear answers
        line, column = document.mark(("answers",))
        message = "this file answers no checklist item: give at least one answer"
        problems.append(Problem(display_path(path), line, column, "answers", message))
    if problems:
        raise ContentError(problems)
    return assessment


def combine_files(paths: list[Path], model: Model) -> Assessment:
    """Answers files as one assessment: one respondent per file (named by its `respondent`, else by
    the file's name), the latest date, and the target they share."""
    problems: list[Problem] = []
    respondents: list[Respondent] = []
    target: Target | None = None
    assessed: datetime.date | None = None
    names: dict[str, Path] = {}
    for path in paths:
        try:
            assessment = load_answers(path, model)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        respondent = assessment.respondents[0]
        name = respondent.name or path.stem
        if name.casefold() in names:
            first = display_path(names[name.casefold()])
            message = f"the respondent '{name}' also answered {first}: give each file its own respondent name"
            problems.append(Problem(display_path(path), 1, 1, "respondent", message))
        names[name.casefold()] = path
        respondents.append(Respondent(name, respondent.role, respondent.responses))
        if assessment.target and target and assessment.target != target:
            message = "this file's target differs from an earlier file's: give the target in one file only, or the same in each"
            problems.append(Problem(display_path(path), 1, 1, "target", message))
        target = target or assessment.target
        if assessment.assessed and (assessed is None or assessment.assessed > assessed):
            assessed = assessment.assessed
    if problems:
        raise ContentError(problems)
    return Assessment(assessed, tuple(respondents), target)


def read_assessment(
    document: Document, location: tuple, model: Model, *, migrate: bool = True, client_folder: Path | None = None
) -> tuple[Assessment, list[Problem]]:
    """Check the mapping at `location` in `document` as an assessment (also used inside client files).

    With `migrate`, answers made on an older model version are carried over in memory (and the
    assessment says so); without, they are refused. Respondents' files must lie in `client_folder`
    (a client profile's own folder, `clients/<slug>/`, so that no profile reads another client's answers).
    """
    reader = _Reader(document, model, migrate)
    data = reader.at(location)
    if not isinstance(data, dict):
        reader.problem(location, "expected a mapping with 'answers' (and optionally 'assessed')")
        return Assessment(None, (Respondent("", None, {}),)), reader.problems
    several = "respondents" in data
    reader.check_keys(
        location,
        data,
        (_RESPONDENTS_KEYS if several else _FILE_KEYS) + (_PROFILE_KEYS if client_folder else ()),
        "an assessment with respondents has no answers of its own: give them to a respondent"
        if several and "answers" in data
        else None,
    )
    assessed = reader.date(location + ("assessed",), data.get("assessed"))
    target, target_problems = read_target(document, location + ("target",), model)
    reader.problems.extend(target_problems)
    if several:
        respondents = reader.respondents(location + ("respondents",), data, client_folder)
    else:
        respondent = data.get("respondent")
        name, role = reader.person(location + ("respondent",), respondent) if respondent is not None else ("", None)
        if data.get("client") is not None and not isinstance(data["client"], str):
            reader.problem(location + ("client",), "expected the slug of the client the answers are for", at_value=True)
        if data.get("model") is not None and data["model"] != model.info.id:
            reader.problem(
                location + ("model",),
                f"these answers were made for the model '{data['model']}', not "
                f"'{model.info.id}': score them with that model's --content",
                at_value=True,
            )
        responses = reader.responses(location, data)
        respondents = (Respondent(name, role, responses),)
    return Assessment(assessed, respondents, target, tuple(reader.migrations)), reader.problems


class _Reader:
    """Checks one assessment of a document, collecting problems at their YAML positions."""

    def __init__(self, document: Document, model: Model, migrate: bool):
        self.document = document
        self.model = model
        self.migrate = migrate
        self.problems: list[Problem] = []
        self.migrations: list[Migration] = []
        self.items = {item.id: item for item in model.items}

    def problem(self, at: tuple, message: str, *, at_value: bool = False, severity: str = "error") -> None:
        line, column = self.document.value_mark(at) if at_value else self.document.mark(at)
        self.problems.append(
            Problem(display_path(self.document.path), line, column, where_text(at), message, severity=severity)
        )

    def at(self, location: tuple) -> Any:
        data: Any = self.document.data
        for part in location:
            data = data[part]
        return data

    def check_keys(self, location: tuple, data: dict, known: tuple[str, ...], special: str | None = None) -> None:
        for key in data:
            if key not in known:
                guess = difflib.get_close_matches(str(key), known, n=1)
                hint = f"did you mean {guess[0]!r}?" if guess else f"use {', '.join(known)}"
                self.problem(
                    location + (key,), special if special and key == "answers" else f"unknown key '{key}' ({hint})"
                )

    def date(self, at: tuple, value: Any) -> datetime.date | None:
        if value is None:
            return None
        try:
            return check_date(datetime.date.fromisoformat(str(value)))
        except ValueError as error:  # a year typo (2206) would reach file times in the build
            message = (
                str(error) if "check the year" in str(error) else f"'{value}' is not a date: write it as YYYY-MM-DD"
            )
            self.problem(at, message, at_value=True)
            return None

    def text(self, at: tuple, value: Any, what: str, *, limit: int, multiline: bool) -> str | None:
        """A checked piece of text (plain: escaped wherever it is shown), or None after a problem."""
        if not isinstance(value, str):
            self.problem(at, f"{what} must be text", at_value=True)
            return None
        if len(value) > limit:
            self.problem(at, f"{what} is {len(value):,} characters long: keep it under {limit:,}", at_value=True)
            return None
        try:
            return check_text(value, multiline=multiline)
        except ValueError as error:
            self.problem(at, f"{what} {error}", at_value=True)
            return None

    def person(self, at: tuple, data: Any) -> tuple[str, str | None]:
        if not isinstance(data, dict):
            self.problem(at, "expected a mapping with 'name' (and optionally 'role')")
            return "", None
        self.check_keys(at, data, ("name", "role"))
        if data.get("name") is None:
            self.problem(at, "missing required key 'name'")
            name = ""
        else:
            name = self.text(at + ("name",), data["name"], "a name", limit=300, multiline=False) or ""
        role = (
            self.text(at + ("role",), data["role"], "a role", limit=300, multiline=False)
            if data.get("role") is not None
            else None
        )
        return name, role

    def respondents(self, at: tuple, data: dict, client_folder: Path | None) -> tuple[Respondent, ...]:
        entries = data["respondents"]
        if not isinstance(entries, list) or not entries:
            self.problem(at, "expected a list of respondents, each with a name and answers (or a file)")
            return (Respondent("", None, {}),)
        if len(entries) > RESPONDENT_LIMIT:
            self.problem(at, f"{len(entries)} respondents: an assessment takes at most {RESPONDENT_LIMIT}")
            entries = entries[:RESPONDENT_LIMIT]
        respondents: list[Respondent] = []
        first_line: dict[str, int] = {}
        for index, entry in enumerate(entries):
            where = at + (index,)
            if not isinstance(entry, dict):
                self.problem(where, "expected a mapping with 'name', 'role' and 'answers' (or 'file')")
                continue
            self.check_keys(where, entry, ("name", "role", "answers", "file"))
            by_file = "file" in entry and "answers" not in entry
            own = self.respondent_file(where + ("file",), entry["file"], client_folder) if by_file else None
            given = {key: value for key, value in entry.items() if key in ("name", "role")}
            name, role = self.respondent_person(where, given, own) if by_file else self.person(where, given)
            if name and name.casefold() in first_line:
                self.problem(
                    where + ("name",),
                    f"two respondents are called '{name}' (the first at line "
                    f"{first_line[name.casefold()]}): give each their own name",
                    at_value=True,
                )
            first_line.setdefault(name.casefold(), self.document.mark(where + ("name",))[0])
            if ("answers" in entry) == ("file" in entry):
                self.problem(where, "a respondent needs exactly one of 'answers' or 'file'")
                continue
            if own:
                respondents.append(Respondent(name, role, own.responses, own.file))
            elif "answers" in entry:
                answers = {"answers": entry["answers"], "model_version": data.get("model_version")}
                respondents.append(Respondent(name, role, self.responses(where, answers)))
        return tuple(respondents) or (Respondent("", None, {}),)

    def respondent_person(self, at: tuple, given: dict, own: Respondent | None) -> tuple[str, str | None]:
        """The name and role of a respondent given by a file: the profile's, else those the file's
        `respondent` gives; where both give one and they differ, the profile's, with a warning."""
        stated = {key: value for key, value in given.items() if value is not None}
        if own is None or not (own.name or "name" in stated):  # an unreadable file is reported already
            if own is not None:
                self.problem(
                    at,
                    f"this respondent needs a 'name': give it here, or as `respondent: {{name: ...}}` "
                    f"in {display_path(own.file or '')}",
                )
            return self.person(at, stated) if "name" in stated else ("", None)
        name, role = self.person(at, {"name": own.name, **stated})
        role = role if "role" in stated else own.role
        for key, here, there in (("name", name, own.name), ("role", role, own.role)):
            if key in stated and here and there and here != there:
                self.problem(
                    at + (key,),
                    f"the {key} here, '{here}', differs from the respondent's {key} in "
                    f"{display_path(own.file or '')}, '{there}': the site and report use '{here}'",
                    at_value=True,
                    severity="warning",
                )
        return name, role

    def respondent_file(self, at: tuple, name: Any, client_folder: Path | None) -> Respondent | None:
        """A respondent's answers file, which must lie in the client's own folder: its responses and
        the name and role of its `respondent` ("" and None without one); None if it cannot be read."""
        if not isinstance(name, str) or not name.strip():
            self.problem(at, "expected the path of an answers file, relative to this file", at_value=True)
            return None
        folder = (client_folder or self.document.path.parent).resolve()
        path = (self.document.path.parent / name).resolve()
        if not path.is_relative_to(folder):
            self.problem(
                at,
                f"'{name}' is outside {display_path(folder)}/: keep this client's respondents' answers files "
                "in its own folder",
                at_value=True,
            )
            return None
        try:
            document = load_yaml(path, text_scalars=True)
        except ContentError as error:
            self.problems.extend(error.problems)
            return None
        except OSError as error:
            self.problem(at, f"cannot read {display_path(path)}: {error.strerror or error}", at_value=True)
            return None
        inner = _Reader(document, self.model, self.migrate)
        data = document.data
        own = Respondent("", None, {}, path)
        if not isinstance(data, dict):
            inner.problem((), "expected a mapping with 'answers'")
        else:
            inner.check_keys((), data, _FILE_KEYS)
            person = inner.person(("respondent",), data["respondent"]) if data.get("respondent") else ("", None)
            own = Respondent(*person, inner.responses((), data), path)
        self.problems.extend(inner.problems)
        self.migrations.extend(inner.migrations)
        return own

    def responses(self, location: tuple, data: dict) -> dict[str, Response]:
        """The answers at `location` + ('answers',), carried over first when made on an older version."""
        raw = data.get("answers")
        at = location + ("answers",)
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.problem(at, "expected a mapping of checklist item ids to answers")
            return {}
        origin = {key: key for key in raw}  # the key in the file each (carried over) answer came from
        version = data.get("model_version")
        if version is not None and version != self.model.info.version:
            if not self.migrate:
                self.problem(
                    location + ("model_version",),
                    f"these answers were made for version {version} of the "
                    f"model, which is now at {self.model.info.version}: carry them over first with "
                    f"`playbook migrate {display_path(self.document.path)}`",
                    at_value=True,
                )
                return {}
            try:
                raw, migration, origin = migrate_answers(self.model, raw, str(version))
            except UnknownVersion as error:
                self.problem(location + ("model_version",), str(error), at_value=True)
                return {}
            self.migrations.append(migration)
        raw, origin, clashes = keyed_by_id(raw, origin, {a: i.id for i in self.model.items for a in i.aliases})
        for key, message in clashes:
            self.problem(at + (key,), message)
        responses = {}
        for item_id, entry in raw.items():
            where = at + (origin[item_id],)
            if item_id not in self.items:
                guess = closest(str(item_id), tuple(self.items))
                hint = f"did you mean '{guess[0]}'?" if guess else "run `playbook checklist` to list the ids"
                self.problem(where, f"unknown checklist item '{item_id}' ({hint})")
                continue
            response = self.response(where, item_id, entry)
            if response is not None and (response.value is not None or response.note or response.evidence):
                responses[item_id] = response
        return responses

    def response(self, at: tuple, item_id: str, entry: Any) -> Response | None:
        values = [option.value for option in self.model.scale_of(self.items[item_id])]
        note: str | None = None
        evidence: tuple[str, ...] = ()
        if isinstance(entry, dict):
            self.check_keys(at, entry, ("value", "note", "evidence"))
            if entry.get("note") is not None:
                note = self.text(at + ("note",), entry["note"], "a note", limit=NOTE_LIMIT, multiline=True)
            evidence = self.evidence(at + ("evidence",), entry.get("evidence"))
            value = entry.get("value")
            at = at + ("value",) if "value" in entry else at
        else:
            value = entry
        if value is not None and value not in values:
            shown = value if isinstance(value, str) else "a " + type(value).__name__
            self.problem(
                at,
                f"'{shown}' is not an answer: use one of {one_of(values, str(value))} (or leave it empty)",
                at_value=True,
            )
            return None
        return Response(value, note, evidence)

    def evidence(self, at: tuple, entries: Any) -> tuple[str, ...]:
        """Evidence: web addresses (http, https and mailto, shown as links) or plain text (shown as text)."""
        if entries is None:
            return ()
        if isinstance(entries, str):
            entries = [entries]
        if not isinstance(entries, list):
            self.problem(at, "expected a list of web addresses or short texts")
            return ()
        if len(entries) > EVIDENCE_LIMIT:
            self.problem(at, f"{len(entries)} pieces of evidence: keep it to {EVIDENCE_LIMIT} (link a folder instead)")
        kept = []
        for index, entry in enumerate(entries[:EVIDENCE_LIMIT]):
            text = self.text(at + (index,), entry, "evidence", limit=NOTE_LIMIT, multiline=False)
            if text is None:
                continue
            kept.append(text)
        return tuple(kept)
