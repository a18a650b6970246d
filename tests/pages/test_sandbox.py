"""The confinement of templates (generator/pages/sandbox.py): the loader serves template files
only, and every operation of the sandbox that can make a large value is bounded."""

from __future__ import annotations

import os

import jinja2
import pytest

from generator.pages.rendering import make_environment
from generator.pages.sandbox import TemplateFolders
from tests.helpers.files import write

SECRET = "correct-horse-battery-staple"


@pytest.fixture
def folder(tmp_path):
    """A template folder holding one good template and everything a template must not reach."""
    inside = tmp_path / "templates"
    write(inside / "pages" / "ok.md.j2", "fine")
    write(inside / ".secrets.yaml", SECRET)
    write(inside / "acme.yaml", SECRET)
    write(inside / "answers.csv", SECRET)
    write(inside / ".hidden" / "x.md.j2", SECRET)
    write(inside / "pages" / ".x.md.j2", SECRET)
    write(tmp_path / "outside.md.j2", SECRET)
    (inside / "link.md.j2").symlink_to(inside / "pages" / "ok.md.j2")  # a link, even to a template inside
    (inside / "out.md.j2").symlink_to(tmp_path / "outside.md.j2")
    (inside / "linked").symlink_to(inside / "pages")
    (inside / "folder.md.j2").mkdir()
    os.mkfifo(inside / "fifo.md.j2")  # would block a plain open for ever
    return inside


@pytest.mark.parametrize(
    "name",
    [
        ".secrets.yaml",
        "acme.yaml",
        "answers.csv",
        ".hidden/x.md.j2",
        "pages/.x.md.j2",
        "../outside.md.j2",
        "pages/../../outside.md.j2",
        "link.md.j2",
        "out.md.j2",
        "linked/ok.md.j2",
        "folder.md.j2",
        "fifo.md.j2",
        "missing.md.j2",
    ],
)
def test_template_folders_serve_template_files_only(folder, name):
    environment = make_environment((folder,), sandboxed=True)
    assert environment.get_template("pages/ok.md.j2").render() == "fine"
    with pytest.raises(jinja2.TemplateNotFound):
        environment.get_template(name)
    template = environment.from_string(f'{{% include "{name}" ignore missing %}}|{{% include "pages/ok.md.j2" %}}')
    assert template.render() == "|fine"


def test_template_folders_see_a_link_swapped_in_after_the_first_load(folder, tmp_path):
    loader = TemplateFolders([folder])
    environment = jinja2.Environment(loader=loader)
    assert environment.get_template("pages/ok.md.j2").render() == "fine"
    (folder / "pages" / "ok.md.j2").unlink()
    (folder / "pages" / "ok.md.j2").symlink_to(tmp_path / "outside.md.j2")
    with pytest.raises(jinja2.TemplateNotFound, match="a link, or not a plain file"):
        environment.get_template("pages/ok.md.j2")
