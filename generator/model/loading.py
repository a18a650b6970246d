"""Load a model folder: read each content file strictly, validate it, check it as a whole.

All problems of a run are collected and raised together as one `ContentError`, each mapped back
to the file, line and column of the YAML node it is about. When some entries fail validation, the
checks of the model as a whole still run on the rest, so one run shows both kinds of problem.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import inspect
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, create_model

from ..errors import ContentError, Problem, display_path
from ..yamlio import Document, load_yaml, where_text
from . import schema
from .checks import check_model
from .model import Gaps, Model

LENGTHS = ("too_short", "too_long")

# The kind of thing each list of entries holds, as the checks name it (else the key itself).
KINDS = {
    ("axes.yaml", "axes"): "axis",
    ("axes.yaml", "quadrants"): "quadrant",
    ("stages.yaml", "stages"): "stage",
    ("pillars.yaml", "pillars"): "pillar",
    ("pillars.yaml", "groups"): "group",
    ("pillars.yaml", "elements"): "element",
    ("practices.yaml", "practices"): "practice",
    ("checklist.yaml", "items"): "checklist item",
}


def load_model(folder: Path, *, strict: bool = False) -> Model:
    """Load and validate the model in `folder`; raise `ContentError` listing every problem.

    With `strict`, warnings (for example a practice without checklist items) count as errors;
    notes (for example a stage without items, which is reached by default) stay notes.
    """
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    parsed: dict[str, Any] = {}
    left_out = _LeftOut()
    if not folder.is_dir():
        raise ContentError(
            [Problem(display_path(folder), 0, 0, "", "no such folder: give the folder that holds model.yaml")]
        )
    for name, file_schema in schema.CONTENT_FILES.items():
        path = folder / name
        if not path.exists() and not path.is_symlink():  # anything else there is load_yaml's to refuse
            if name not in schema.OPTIONAL_FILES:
                needed = [n for n in schema.CONTENT_FILES if n not in schema.OPTIONAL_FILES]
                problems.append(
                    Problem(display_path(path), 0, 0, "", f"missing: a model folder needs {', '.join(needed)}")
                )
                left_out.file(name, file_schema)
            continue
        try:
            document = load_yaml(path)
        except ContentError as error:
            problems.extend(error.problems)
            left_out.file(name, file_schema)
            continue
        documents[name] = document
        file_problems, value = validate_document(document, file_schema)
        problems.extend(file_problems)
        if file_problems:
            value = left_out.salvage(name, document, file_schema)
        parsed[name] = value

    matrix = parsed.get("axes.yaml")
    model = Model(
        info=parsed.get("model.yaml") or _STAND_IN_INFO,
        axes=matrix.axes if matrix else [],
        quadrants=matrix.quadrants if matrix else [],
        stages=_entries(parsed, "stages.yaml", "stages"),
        pillars=_entries(parsed, "pillars.yaml", "pillars"),
        groups=_entries(parsed, "pillars.yaml", "groups"),
        elements=_entries(parsed, "pillars.yaml", "elements"),
        practices=_entries(parsed, "practices.yaml", "practices"),
        items=_entries(parsed, "checklist.yaml", "items"),
        group_by=parsed["checklist.yaml"].group_by if parsed.get("checklist.yaml") else "stage",
        filters=parsed["checklist.yaml"].filters if parsed.get("checklist.yaml") else [],
        documents=documents,
    )
    checked = check_model(model, Gaps(left_out.ids, left_out.kept))
    if strict:
        checked = [dataclasses.replace(p, severity="error") if p.severity == "warning" else p for p in checked]
    if problems:
        raise ContentError([*problems, *checked, *left_out.note(folder)])
    if any(p.severity == "error" for p in checked):
        raise ContentError(checked)
    return dataclasses.replace(model, warnings=tuple(checked))


_STAND_IN_INFO = schema.ModelFile.model_construct(id="", name="", version="", summary="", description="")


def _entries(parsed: dict[str, Any], file: str, key: str) -> list:
    """The validated entries under `key` in `file`, none when the file failed as a whole."""
    value = parsed.get(file)
    return getattr(value, key) if value is not None else []


class _LeftOut:
    """What failed validation and is left out of the model that the whole-model checks see."""

    def __init__(self) -> None:
        self.ids: dict[str, frozenset[str] | None] = {}
        self.kept: dict[tuple[str, str], tuple[int, ...]] = {}
        self.entries = 0
        self.files = 0

    def file(self, name: str, file_schema: type[BaseModel]) -> None:
        """All of file `name` is left out: any id of the kinds it holds may exist."""
        self.files += 1
        for key in file_schema.model_fields:
            self.ids[KINDS.get((name, key), key)] = None
        if name == "stages.yaml":
            self.ids["step"] = None

    def entry(self, name: str, key: str, raw: Any = None) -> None:
        """The entry `raw` of the list `key` is left out; without `raw`, all of `key` (any id of its kind)."""
        self.entries += 1
        kind = KINDS.get((name, key), key)
        self._add(kind, raw.get("id") if isinstance(raw, dict) else None)
        if kind == "stage":
            steps = raw.get("steps") if isinstance(raw, dict) else None
            for step in steps if isinstance(steps, list) else [None]:
                self._add("step", step.get("id") if isinstance(step, dict) else None)

    def _add(self, kind: str, entity_id: Any) -> None:
        known = self.ids.get(kind, frozenset())
        if known is not None:
            self.ids[kind] = known | {entity_id} if isinstance(entity_id, str) else None

    def salvage(self, name: str, document: Document, file_schema: type[BaseModel]) -> Any:
        """What validates of a failed file, its failed entries left out; None when that is not the
        file minus some entries (a required key or the whole file is wrong)."""
        data, lists = document.data, _entry_lists(file_schema)
        if not isinstance(data, dict):
            self.file(name, file_schema)
            return None
        try:
            file_schema.model_validate(data)
            failed: list[tuple] = []
        except ValidationError as error:  # a list of entries too short or long is no failed entry
            failed = [
                e["loc"]
                for e in error.errors()
                if not (e["type"] in LENGTHS and len(e["loc"]) == 1 and e["loc"][0] in lists)
            ]
        broken = {loc[:2] for loc in failed if loc[0] in lists and len(loc) > 1 and isinstance(loc[1], int)}
        bad_keys = {loc[0] for loc in failed if loc[:2] not in broken}
        kept = {
            key: [i for i in range(len(data[key])) if (key, i) not in broken]
            for key in lists
            if isinstance(data.get(key), list) and key not in bad_keys
        }
        reduced = {key: value for key, value in data.items() if key not in bad_keys}
        reduced.update({key: [data[key][i] for i in indexes] for key, indexes in kept.items()})
        try:
            value = _lenient(file_schema).model_validate(reduced)
        except ValidationError:
            self.file(name, file_schema)
            return None
        for key in sorted(bad_keys, key=str):
            self.entry(name, str(key))
        for key, i in sorted(broken):
            self.entry(name, key, data[key][i])
        self.kept.update(
            {(name, key): tuple(indexes) for key, indexes in kept.items() if len(indexes) < len(data[key])}
        )
        return value

    def note(self, folder: Path) -> list[Problem]:
        """One note that references to and from what failed were not checked, if anything failed."""
        counts = ((self.entries, "entry", "entries"), (self.files, "file", "files"))
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        if not parts:
            return []
        message = (
            f"references to and from what has errors ({' and '.join(parts)}) were not checked: "
            "fix those errors, then validate again"
        )
        return [Problem(display_path(folder), 0, 0, "", message, "note")]


def _entry_lists(file_schema: type[BaseModel]) -> set[str]:
    """The keys of `file_schema` that hold a list of entries (mappings validated one by one)."""
    found = set()
    for key, info in file_schema.model_fields.items():
        args = typing.get_args(info.annotation) if typing.get_origin(info.annotation) is list else ()
        if args and inspect.isclass(args[0]) and issubclass(args[0], BaseModel):
            found.add(key)
    return found


@functools.cache
def _lenient(file_schema: type[BaseModel]) -> type[BaseModel]:
    """`file_schema` with no length limits on its lists of entries, which may have lost some."""
    fields: Any = {key: (file_schema.model_fields[key].annotation, Field([])) for key in _entry_lists(file_schema)}
    return create_model(file_schema.__name__, __base__=file_schema, **fields)


def validate_document(document: Document, file_schema: type[BaseModel]) -> tuple[list[Problem], Any]:
    """Validate one loaded document against its schema class; problems carry YAML positions."""
    file = display_path(document.path)
    if not isinstance(document.data, dict):
        found = "an empty file" if document.data is None else f"a {yaml_type(document.data)}"
        keys = ", ".join(f"'{k}'" for k in file_schema.model_fields)
        line, column = document.mark(())
        return [
            Problem(
                file,
                line if document.data is not None else 0,
                column if document.data is not None else 0,
                "",
                f"expected a mapping with the keys {keys}, found {found}",
            )
        ], None
    try:
        return [], file_schema.model_validate(document.data)
    except ValidationError as error:
        problems = []
        for entry in error.errors():
            location = entry["loc"]
            if entry["type"] == "missing":
                line, column = document.mark(location[:-1])
            elif entry["type"] == "extra_forbidden":
                line, column = document.mark(location)
            else:
                line, column = document.value_mark(location)
            problems.append(
                Problem(file, line, column, where_text(location, entry["type"]), explain(entry, file_schema))
            )
        return problems, None


def yaml_type(value: Any) -> str:
    """How a YAML reader would name the type of `value`."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "empty value"
    if isinstance(value, str):
        return "text"
    return "date"


def explain(entry: Mapping[str, Any], file_schema: type[BaseModel]) -> str:
    """One pydantic error entry as a sentence that says what is wrong and how to fix it."""
    kind, location, value = entry["type"], entry["loc"], entry.get("input")
    if kind == "extra_forbidden":
        known = known_keys(file_schema, location[:-1])
        guess = difflib.get_close_matches(str(location[-1]), known, n=1, cutoff=0.6)
        hint = f"did you mean '{guess[0]}'?" if guess else f"known keys: {', '.join(known)}"
        return f"unknown key '{location[-1]}' ({hint})"
    if kind == "missing":
        return f"missing required key '{location[-1]}'"
    if kind == "string_type":
        if isinstance(value, (bool, int, float)) or value is None:
            return f"expected text, found a YAML {yaml_type(value)}: put the text in quotes"
        return f"expected text, found a {yaml_type(value)}"
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        wanted = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {wanted}, found {yaml_type(value)} {value!r}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"expected a date written as YYYY-MM-DD (without quotes), found {yaml_type(value)} {value!r}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, found a {yaml_type(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping, found a {yaml_type(value)}"
    if kind == "literal_error":
        return f"'{value}' is not allowed: use {entry['ctx']['expected']}"
    if kind == "value_error":
        return entry["msg"].removeprefix("Value error, ")
    if kind == "too_short":
        return f"needs at least {entry['ctx']['min_length']} entries, found {entry['ctx']['actual_length']}"
    if kind == "too_long" and isinstance(value, (list, tuple)):
        return f"allows at most {entry['ctx']['max_length']} entries, found {entry['ctx']['actual_length']}"
    return entry["msg"][0].lower() + entry["msg"][1:]


def known_keys(file_schema: type[BaseModel], location: tuple) -> list[str]:
    """The keys the schema allows at `location` (a mapping inside the file)."""
    annotation: Any = file_schema
    for part in location:
        annotation = _unwrap(annotation)
        if isinstance(part, int) or typing.get_origin(annotation) is dict:  # a list's entry, a mapping's value
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
        elif inspect.isclass(annotation) and issubclass(annotation, BaseModel) and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        else:
            return []
    annotation = _unwrap(annotation)
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip `Annotated[...]` and `X | None` down to X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation
