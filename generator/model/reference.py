"""The format reference: every key of every file, written out from the schema as Markdown.

`playbook schema --reference` prints it; docs/pages/format.md is this output (a test keeps it current).
"""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any

from pydantic import BaseModel

from . import fields, profile_schema, schema

_ALIASES = {
    fields.Id: "id",
    profile_schema.ClientSlug: "id, not a name of the generic site (stages, assets, ...)",
    fields.Line: "text (one line)",
    fields.Text: "text",
    fields.Markdown: "Markdown",
    fields.Url: "link (http, https or mailto)",
    fields.Weight: "number above 0, up to 100",
    fields.Percent: "number 0 to 100",
    fields.Alias: "id of the source model (letters, digits, . _ : / -)",
    fields.Meta: "map of short facts: key to text, number, yes/no or list of texts",
    profile_schema.Color: "colour (#rrggbb or a Material colour name)",
    profile_schema.Email: "e-mail address",
    profile_schema.ProjectPath: "path inside the project",
    profile_schema.Effort: "S, M or L, or a whole number of days",
    schema.Scale: "list of [AnswerOption](#answeroption)",
}
_NAMED = {id(alias): name for alias, name in _ALIASES.items()}

FILES: list[tuple[str, type[BaseModel]]] = [
    ("model.yaml", schema.ModelFile),
    ("axes.yaml", schema.AxesFile),
    ("stages.yaml", schema.StagesFile),
    ("pillars.yaml", schema.PillarsFile),
    ("practices.yaml", schema.PracticesFile),
    ("checklist.yaml", schema.ChecklistFile),
    ("clients/<slug>.yaml", profile_schema.ClientFile),
    ("AssessmentPlan", profile_schema.AssessmentPlan),
    ("playbook.yaml", profile_schema.ProjectFile),
]


def format_reference() -> str:
    """The whole reference: one section per file, then one per nested mapping, each key in a table."""
    lines = [
        "# The model format, key by key",
        "",
        "Generated from `generator/model/schema.py` and `profile_schema.py` by `playbook schema --reference`; do not edit by hand.",
        "Unknown keys are errors. Text is plain unless its type says Markdown.",
        "",
    ]
    done: set[type] = set()
    queue = list(FILES)
    while queue:
        title, cls = queue.pop(0)
        if cls in done:
            continue
        done.add(cls)
        lines += [
            f"## {'`' + title + '`' if title.endswith('.yaml') else title}",
            "",
            _doc(cls),
            "",
            "| key | type | required / default |",
            "| --- | --- | --- |",
        ]
        declared = typing.get_type_hints(cls, include_extras=True)  # aliases such as Line kept
        for name, field in cls.model_fields.items():
            nested = [c for c in _classes(field.annotation) if c not in done]
            queue += [(c.__name__, c) for c in nested]
            default = "required" if field.is_required() else f"default `{_default(field.default)}`"
            lines.append(f"| `{name}` | {_type(declared[name])} | {default} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _doc(cls: type) -> str:
    return " ".join((inspect.getdoc(cls) or "").split())


def _default(value: Any) -> str:
    if isinstance(value, BaseModel):
        return "{...}"
    if isinstance(value, list):
        return "[...]" if value else "[]"
    if value is None:
        return "none"
    return str(value)


def _type(annotation: Any) -> str:
    if id(annotation) in _NAMED:
        return _NAMED[id(annotation)]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0])
    if origin in (typing.Union, types.UnionType):
        return (
            " or ".join(_type(a) for a in args if a is not type(None)) + " (optional)"
            if type(None) in args
            else " or ".join(_type(a) for a in args)
        )
    if origin is list:
        return f"list of {_type(args[0])}"
    if origin is dict:
        return f"mapping of {_type(args[0])} to {_type(args[1])}"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return (
        {str: "text", float: "number", int: "whole number", bool: "yes/no"}.get(annotation, "date")
        if annotation in (str, float, int, bool) or annotation.__name__ == "date"
        else annotation.__name__
    )


def _classes(annotation: Any) -> list[type[BaseModel]]:
    """The schema classes inside an annotation (for nested sections)."""
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return [annotation]
    return [c for arg in typing.get_args(annotation) for c in _classes(arg)]
