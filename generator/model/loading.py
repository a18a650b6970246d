"""Load a model folder: read each content file strictly, validate it, check it as a whole.

All problems of a run are collected and raised together as one `ContentError`, each mapped back
to the file, line and column of the YAML node it is about.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, Problem, display_path
from ..yamlio import Document, load_yaml, where_text
from . import schema
from .checks import check_model
from .model import Model


def load_model(folder: Path, *, strict: bool = False) -> Model:
    """Load and validate the model in `folder`; raise `ContentError` listing every problem.

    With `strict`, warnings (for example a practice without checklist items) count as errors;
    notes (for example a stage without items, which is reached by default) stay notes.
    """
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    parsed: dict[str, Any] = {}
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
            continue
        try:
            document = load_yaml(path)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        documents[name] = document
        file_problems, value = validate_document(document, file_schema)
        problems.extend(file_problems)
        parsed[name] = value
    if problems:
        raise ContentError(problems)

    matrix = parsed.get("axes.yaml")
    model = Model(
        info=parsed["model.yaml"],
        axes=matrix.axes if matrix else [],
        quadrants=matrix.quadrants if matrix else [],
        stages=parsed["stages.yaml"].stages,
        pillars=parsed["pillars.yaml"].pillars,
        groups=parsed["pillars.yaml"].groups,
        elements=parsed["pillars.yaml"].elements,
        practices=parsed["practices.yaml"].practices,
        items=parsed["checklist.yaml"].items,
        group_by=parsed["checklist.yaml"].group_by,
        filters=parsed["checklist.yaml"].filters,
        documents=documents,
    )
    problems = check_model(model)
    if strict:
        problems = [dataclasses.replace(p, severity="error") if p.severity == "warning" else p for p in problems]
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    return dataclasses.replace(model, warnings=tuple(problems))


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
