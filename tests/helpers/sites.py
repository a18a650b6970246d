"""Built sites in tests: overrides of a page template, the previous output left untouched, staging folders."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import run
from tests.helpers.files import snapshot


def assert_untouched(out: Path, before: dict[str, bytes]) -> None:
    assert snapshot(out) == before
    assert not [p for p in out.parent.iterdir() if ".staging-" in p.name]


def build_with_override(
    tmp_path: Path, content: Path, out: Path, template: str, text: str = "", symlink_to: Path | None = None
):
    """Build a minimal client with one page template overridden (written, or a symlink); the CLI result."""
    folder = tmp_path / "overrides" / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / template).unlink(missing_ok=True)
    if symlink_to:
        (folder / template).symlink_to(symlink_to)
    else:
        (folder / template).write_text(text)
    client = tmp_path / "client.yaml"
    client.write_text("name: X\nslug: x\n")
    return run(
        "build",
        "--content",
        str(content),
        "--client",
        str(client),
        "--out",
        str(out),
        "--templates",
        str(tmp_path / "overrides"),
    )


def stagings(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.is_dir() for p in folder.iterdir() if ".staging-" in p.name]
