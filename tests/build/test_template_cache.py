"""Compiled templates kept on disk between processes, only in a folder that is the user's own."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import jinja2
import pytest

from generator.build.template_cache import CompiledTemplates, user_folder

TEMPLATES = {"page.html": "{% for n in numbers %}{{ n * 2 }} {% endfor %}"}


def render(folder) -> tuple[str, int]:
    """The page rendered in a fresh environment, and how many templates it had to compile."""
    compiled = []

    class Counting(jinja2.Environment):
        def compile(self, *args, **kwargs):
            compiled.append(args[0])
            return super().compile(*args, **kwargs)

    env = Counting(loader=jinja2.DictLoader(TEMPLATES), bytecode_cache=CompiledTemplates(folder))
    return env.get_template("page.html").render(numbers=[1, 2]), len(compiled)


def test_a_new_process_takes_compiled_templates_from_the_folder(tmp_path):
    folder = tmp_path / "cache" / "templates"
    assert render(folder) == ("2 4 ", 1)
    assert render(folder) == ("2 4 ", 0)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()] == [0o600]


def test_a_damaged_entry_is_compiled_again(tmp_path):
    folder = tmp_path / "templates"
    render(folder)
    for entry in folder.iterdir():
        entry.write_bytes(b"not bytecode")
    assert render(folder) == ("2 4 ", 1)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners")
def test_a_folder_others_may_write_to_is_not_used(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    assert render(folder) == ("2 4 ", 1)
    assert render(folder) == ("2 4 ", 1) and not list(folder.iterdir())


def test_a_symlinked_folder_is_not_used(tmp_path):
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    (tmp_path / "templates").symlink_to(tmp_path / "elsewhere")
    assert render(tmp_path / "templates") == ("2 4 ", 1)
    assert render(tmp_path / "templates") == ("2 4 ", 1) and not list((tmp_path / "elsewhere").iterdir())


def test_a_folder_that_cannot_be_made_leaves_the_build_to_compile(tmp_path):
    (tmp_path / "file").touch()
    assert render(tmp_path / "file" / "templates") == ("2 4 ", 1)
    assert render(Path("/proc/no-such-folder/templates")) == ("2 4 ", 1)


def test_the_folder_follows_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_folder() == tmp_path / "playbook" / "templates"


def planted_code(key: str) -> bytes:
    """An entry for the page's source (its checksum matches) whose code prints PLANTED."""
    env = jinja2.Environment()
    bucket = jinja2.bccache.Bucket(env, key, jinja2.bccache.BytecodeCache().get_source_checksum(TEMPLATES["page.html"]))
    bucket.code = env.compile("PLANTED", "page.html")
    return bucket.bytecode_to_string()


@pytest.mark.parametrize("place", ["outside", "inside"])
def test_an_entry_that_is_a_link_is_never_run(tmp_path, place):
    folder = tmp_path / "templates"
    render(folder)
    (entry,) = folder.iterdir()
    target = (tmp_path if place == "outside" else folder) / "planted"
    target.write_bytes(planted_code(entry.name))
    target.chmod(0o600)
    entry.unlink()
    entry.symlink_to(target)
    assert render(folder) == ("2 4 ", 1)


def test_a_folder_swapped_for_a_link_after_its_check_is_not_read(tmp_path, monkeypatch):
    from generator.build import template_cache

    folder, planted = tmp_path / "templates", tmp_path / "planted"
    render(folder)
    (entry,) = folder.iterdir()
    planted.mkdir(mode=0o700)
    (planted / entry.name).write_bytes(planted_code(entry.name))
    (planted / entry.name).chmod(0o600)
    checked = template_cache._private

    def swap_after_check(status, kind):  # the race, forced: the folder is checked, then swapped
        if kind is stat.S_ISDIR and not folder.is_symlink():
            folder.rename(tmp_path / "moved")
            folder.symlink_to(planted)
        return checked(status, kind)

    monkeypatch.setattr(template_cache, "_private", swap_after_check)
    assert render(folder) == ("2 4 ", 0)  # from the checked folder's own entry
