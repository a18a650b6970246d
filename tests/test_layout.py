"""The package's shape: folders in the order of the flow, imports that only run downwards, the
site builder fenced into `build/`, and modules small enough to hold one idea."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# The flow, bottom up: a module may import its own layer and the ones before it, never later ones.
LAYERS = ["", "model", "assessment", "clients", "pages", "project", "interchange", "build", "cli"]
BASICS = {
    "errors",
    "paths",
    "urls",
    "yamlio",
    "output",
    "wording",
    "numbers",
    "formatting",
    "graphs",
    "markdown_cost",
}  # the top folder's shared basics
MAX_LINES = 400
MAX_MODULES = 10


def modules() -> dict[str, Path]:
    """{dotted name under generator: file} of every module, `__init__` files as their package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "defaults" in path.parts:
            continue
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """The names (dotted, absolute) that a module imports, ours relative to the package root."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.add(node.module or "")
                continue
            base = package[: len(package) - node.level + 1]
            target = [*base, *(node.module.split(".") if node.module else [])]
            if node.module:
                found.add("generator:" + ".".join(target))
            else:  # from . import a, b: each name is a module
                found |= {"generator:" + ".".join([*target, alias.name]) for alias in node.names}
    return found


def layer_of(name: str) -> int:
    top = name.split(".")[0]
    if top in BASICS or name == "":
        return 0
    if top == "__main__":
        return len(LAYERS) - 1
    return LAYERS.index(top)


def ours(imported: set[str]) -> set[str]:
    return {name.removeprefix("generator:") for name in imported if name.startswith("generator:")}


def test_the_top_folder_holds_the_layers_and_the_shared_basics_only():
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert top == BASICS
    assert folders == set(LAYERS[1:])


@pytest.mark.parametrize("name", sorted(modules()))
def test_a_module_imports_only_its_own_layer_and_earlier_ones(name):
    upward = {i for i in ours(imports_of(name, modules()[name])) if layer_of(i) > layer_of(name)}
    assert not upward, f"generator.{name} imports later layers: {sorted(upward)}"


@pytest.mark.parametrize("name", sorted(n for n in modules() if not n.startswith("build")))
def test_only_the_build_layer_knows_mkdocs_and_material(name):
    builders = {i for i in imports_of(name, modules()[name]) if i.split(".")[0] in ("mkdocs", "material")}
    assert not builders, f"generator.{name} imports {sorted(builders)}: that belongs in generator/build/"


def test_no_module_imports_itself_through_others():
    graph = {name: ours(imports_of(name, path)) & set(modules()) for name, path in modules().items()}
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            assert state.get(other) != "open", "import cycle: " + " -> ".join([*trail, name, other])
            if other not in state:
                visit(other, [*trail, name])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


@pytest.mark.parametrize("name", sorted(modules()))
def test_a_module_stays_small(name):
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"generator.{name} has {lines} lines (at most {MAX_LINES}): split it by job"


def test_a_folder_holds_at_most_ten_modules():
    for folder in [PACKAGE, *(PACKAGE / layer for layer in LAYERS[1:])]:
        count = len([p for p in folder.glob("*.py") if p.stem not in ("__init__", "__main__")])
        assert count <= MAX_MODULES, f"{folder.name}/ holds {count} modules"
