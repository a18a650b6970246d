"""Translations of a model: overlays in `<model>/i18n/<language>/<file>.yaml`, keyed by id.

An overlay has the shape of its base file with every list of things turned into a mapping by
id (answer options by value), and holds text only: names, summaries, descriptions, steps, item
texts. Structure, ids, weights and links stay in the base files. A text an overlay leaves out
falls back to the base language, field by field; `validate` lists what each language misses
and what it names that the model does not have.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, Problem, closest, display_path, one_of
from ..yamlio import Document, load_yaml, where_text
from . import fields, schema
from .model import Model
from .safe_markdown import ID_LINK, refused_links

I18N_FOLDER = "i18n"
_TEXT = (fields.Line, fields.Text, fields.Markdown)
_NOT_TRANSLATED = {"version"}  # text that is the same in every language


def languages(model: Model) -> list[str]:
    """The languages the model has overlays for (besides its own)."""
    folder = _folder(model)
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def _folder(model: Model) -> Path:
    return model.documents["model.yaml"].path.parent / I18N_FOLDER


@dataclass(frozen=True)
class Coverage:
    """How much of one file a language translates."""

    file: str
    translated: int
    total: int
    missing: list[str]


def translate(model: Model, language: str) -> tuple[Model, list[Problem], list[Coverage]]:
    """The model in `language` (base texts where the overlay has none), its overlays' problems
    (orphaned keys, non-text keys, invalid text) and each file's coverage."""
    problems: list[Problem] = []
    coverage: list[Coverage] = []
    parts: dict[str, Any] = {}
    for name, base in _files(model).items():
        path = _folder(model) / language / name
        overlay_document = None
        if path.is_file():
            try:
                overlay_document = load_yaml(path)
            except ContentError as error:
                problems.extend(error.problems)
        data = overlay_document.data if overlay_document and isinstance(overlay_document.data, dict) else {}
        translated, found, file_problems = _apply(base, data, (), overlay_document)
        problems += file_problems
        texts = dict(_texts(base, ()))
        done = {where for where in texts if where in found}
        coverage.append(Coverage(name, len(done), len(texts), [where_text(w) for w in texts if w not in done]))
        if overlay_document is not None and not file_problems:
            try:
                translated = type(base).model_validate(translated.model_dump())
            except ValidationError as error:
                problems += [Problem(display_path(path), 0, 0, where_text(e["loc"]), e["msg"]) for e in error.errors()]
        parts[name] = translated
    info, matrix = parts["model.yaml"].model_copy(update={"language": language}), parts.get("axes.yaml")
    translated_model = replace(
        model,
        info=info,
        axes=matrix.axes if matrix else [],
        quadrants=matrix.quadrants if matrix else [],
        stages=parts["stages.yaml"].stages,
        pillars=parts["pillars.yaml"].pillars,
        groups=parts["pillars.yaml"].groups,
        elements=parts["pillars.yaml"].elements,
        practices=parts["practices.yaml"].practices,
        items=parts["checklist.yaml"].items,
    )
    return translated_model, problems, coverage


def load_translated(model: Model, language: str) -> Model:
    """The model in `language`; raise `ContentError` when its overlays are broken."""
    if language == model.info.language:
        return model
    translated, problems, _ = translate(model, language)
    if problems:
        raise ContentError(problems)
    return translated


def _files(model: Model) -> dict[str, BaseModel]:
    """The model's files as schema objects again (the overlays follow their shape)."""
    files: dict[str, BaseModel] = {
        "model.yaml": model.info,
        "stages.yaml": schema.StagesFile(stages=model.stages),
        "pillars.yaml": schema.PillarsFile(pillars=model.pillars, groups=model.groups, elements=model.elements),
        "practices.yaml": schema.PracticesFile(practices=model.practices),
        "checklist.yaml": schema.ChecklistFile(group_by=model.group_by, filters=model.filters, items=model.items),
    }
    if model.axes:
        files["axes.yaml"] = schema.AxesFile(axes=model.axes, quadrants=model.quadrants)
    return files


def _kind(annotation: Any) -> str:
    """'text', 'texts', 'model', 'models' (a list keyed by id or value), 'scales' or '' (not translatable)."""
    if any(annotation is t for t in _TEXT):
        return "text"
    if annotation is schema.Scale:
        return "models"
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        kinds = {_kind(a) for a in args if a is not type(None)}
        return kinds.pop() if len(kinds) == 1 else ""
    if origin is list and args:
        inner = _kind(args[0])
        return {"text": "texts", "model": "models"}.get(inner, "")
    if origin is dict and args and _kind(args[1]) == "models":
        return "scales"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model"
    return ""


@functools.cache
def _field_kind(cls: type[BaseModel], name: str) -> str:
    """What kind of value a schema field holds, from its declared type (aliases such as Line kept)."""
    if name in _NOT_TRANSLATED:
        return ""
    return _kind(typing.get_type_hints(cls, include_extras=True)[name])


@functools.cache
def _is_markdown(cls: type[BaseModel], name: str) -> bool:
    """Whether a schema field holds Markdown (alone, optional or in a list)."""
    hint = typing.get_type_hints(cls, include_extras=True)[name]
    return fields.Markdown in (hint, *typing.get_args(hint))


def _refused(text: str) -> list[str]:
    """The links an overlay's Markdown may not hold, checked as the base files' are (`checks`)."""
    return [m.removesuffix(" (it was left out)") for m in refused_links(ID_LINK.sub(lambda m: m[1] + "#", text))]


def _key_of(entity: BaseModel) -> str | None:
    return getattr(entity, "id", None) or getattr(entity, "value", None)


def _texts(base: BaseModel, where: tuple) -> Iterator[tuple[tuple, str]]:
    """(place, text) of every translatable text in `base`."""
    for name in type(base).model_fields:
        value, kind, at = getattr(base, name), _field_kind(type(base), name), where + (name,)
        if kind == "text" and value:
            yield at, value
        elif kind == "texts":
            yield from ((at + (i,), text) for i, text in enumerate(value))
        elif kind == "model" and value is not None:
            yield from _texts(value, at)
        elif kind == "models" and all(_key_of(e) for e in value):
            for entity in value:
                yield from _texts(entity, at + (_key_of(entity),))
        elif kind == "scales":
            for scale, options in value.items():
                for option in options:
                    yield from _texts(option, at + (scale, option.value))


def _apply(
    base: BaseModel, overlay: dict, where: tuple, document: Document | None
) -> tuple[BaseModel, set[tuple], list[Problem]]:
    """`base` with the overlay's texts, the places translated, and the overlay's problems."""
    problems: list[Problem] = []
    found: set[tuple] = set()

    def problem(at: tuple, message: str) -> None:
        line, column = document.mark(at) if document else (0, 0)
        problems.append(Problem(display_path(document.path) if document else "", line, column, where_text(at), message))

    def apply_each(entities: list[BaseModel], overlays: dict, at: tuple) -> list[BaseModel]:
        """Each entity with its overlay (by id, or value for answer options)."""
        new = []
        for entity in entities:
            key = _key_of(entity)
            if isinstance(overlays.get(key), dict):
                entity, inner, inner_problems = _apply(entity, overlays[key], at + (key,), document)
                found.update(inner)
                problems.extend(inner_problems)
            new.append(entity)
        return new

    updates: dict[str, Any] = {}
    for name, value in overlay.items():
        at = where + (name,)
        if name not in type(base).model_fields:
            guess = closest(str(name), tuple(type(base).model_fields))
            problem(at, f"unknown key '{name}' ({f'did you mean {guess[0]!r}?' if guess else 'not in the base file'})")
            continue
        kind, current = _field_kind(type(base), name), getattr(base, name)
        if kind == "text" and isinstance(value, str):
            updates[name] = value
            found.add(at)
            if _is_markdown(type(base), name):
                for message in _refused(value):
                    problem(at, message)
        elif (
            kind == "texts"
            and isinstance(value, list)
            and len(value) == len(current)
            and all(isinstance(v, str) for v in value)
        ):
            updates[name] = value
            found.update(at + (i,) for i in range(len(value)))
            for i, text in enumerate(value if _is_markdown(type(base), name) else ()):
                for message in _refused(text):
                    problem(at + (i,), message)
        elif kind == "texts":
            problem(at, f"give a list of {len(current)} texts, one for each in the base file")
        elif kind == "model" and isinstance(value, dict) and current is not None:
            updates[name], inner, inner_problems = _apply(current, value, at, document)
            found |= inner
            problems += inner_problems
        elif kind == "models" and isinstance(value, dict):
            known = {_key_of(e) for e in current}
            for key in value:
                if key not in known:
                    problem(at + (key,), f"'{key}' is not in the base file: remove it (or fix the id)")
            updates[name] = apply_each(current, value, at)
        elif kind == "scales" and isinstance(value, dict):
            scales = dict(current)
            for scale, options in value.items():
                if scale in current and isinstance(options, dict):
                    scales[scale] = apply_each(current[scale], options, at + (scale,))
                else:
                    problem(at + (scale,), f"'{scale}' is not a scale of the base file")
            updates[name] = scales
        else:
            problem(at, "only texts are translated here: ids, numbers, links and structure stay in the base file")
    return base.model_copy(update=updates), found, problems


def check_translations(model: Model) -> list[Problem]:
    """Every language's overlay problems (errors), and a note per file on what it leaves untranslated."""
    problems = []
    for language in languages(model):
        _, overlay_problems, coverage = translate(model, language)
        problems += overlay_problems
        for file in coverage:
            if file.missing:
                path = display_path(_folder(model) / language / file.file)
                problems.append(
                    Problem(
                        path,
                        0,
                        0,
                        "",
                        f"{file.translated} of {file.total} texts translated; "
                        f"shown in {model.info.language}: {one_of(file.missing)}",
                        "note",
                    )
                )
    return problems
