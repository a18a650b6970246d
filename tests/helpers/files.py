"""Writing the files a test needs (profiles, answers files, edits of a model) and reading folders back."""

from __future__ import annotations

from pathlib import Path


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet in a file (fails loudly if the snippet is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_client(folder: Path, body: str = "", name: str = "client.yaml") -> Path:
    path = folder / name
    path.write_text(f"name: X\nslug: x\n{body}", encoding="utf-8")
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def answers_file(path: Path, answers: dict[str, str], *, name: str | None = None, extra: str = "") -> Path:
    lines = ([f"respondent: {{name: {name}}}"] if name else []) + [extra] * bool(extra) + ["answers:"]
    lines += [f"  {item}: {value}" for item, value in answers.items()]
    return write(path, "\n".join(lines) + "\n")


def write_answers(tmp_path, text: str):
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return path
