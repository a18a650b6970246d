"""Write an imported model's files as YAML into a new folder, only once the model validates strictly."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError, Problem, display_path
from ..model.loading import load_model
from ..model.model import Model
from ..output import write_tree

_ORDER = ("model.yaml", "axes.yaml", "stages.yaml", "pillars.yaml", "practices.yaml", "checklist.yaml")


class _Dumper(yaml.SafeDumper):
    """YAML laid out like our files: lists indented under their key, texts of several lines as blocks.

    Text that a YAML reader could take for anything else (`No`, `1.10`, `2026-01-01`) is quoted."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # our loader refuses aliases


_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def model_yaml(data: dict) -> str:
    """One model file's data as YAML text."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_model(files: dict[str, dict], origins: dict[tuple[str, str], str], out: Path) -> Model:
    """Write `files` into the new folder `out` if the model they make validates under `--strict`;
    else raise its problems, each at the cell it came from where known, and write nothing."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ContentError([Problem(display_path(out), 0, 0, "", "already exists: give a new or empty folder")])
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    try:
        write_tree(staging, {name: model_yaml(files[name]) for name in _ORDER if name in files})
        try:
            model = load_model(staging, strict=True)
        except ContentError as error:
            raise ContentError([_at_cell(p, origins) for p in error.problems]) from None
        if out.exists():
            out.rmdir()
        staging.chmod(0o755)  # mkdtemp makes it private; a model folder is not
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return model


def _at_cell(problem: Problem, origins: dict[tuple[str, str], str]) -> Problem:
    """A problem in a written file moved to the sheet's cell (or row) its value came from."""
    file = Path(problem.file).name
    where = problem.where
    while where:
        place = origins.get((file, where))
        if place:
            return dataclasses.replace(problem, file=place, line=0, column=0, where="")
        cut = max(where.rfind("."), where.rfind("["))
        where = where[:cut] if cut > 0 else ""
    return dataclasses.replace(problem, file=f"(imported {file})", where=problem.where)
