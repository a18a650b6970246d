"""Project settings (generator/project/settings.py): every command run in a project, or below
it, takes its paths from playbook.yaml; flags still win, and mistakes name their line."""

from __future__ import annotations

import json

import pytest

from tests.helpers.cli import run
from tests.helpers.data import MINI
from tests.helpers.files import edit


@pytest.mark.slow
def test_commands_inside_a_project_use_its_settings_and_flags_win(project):
    edit(project / "content" / "model.yaml", "name: ", "name: Acme ")
    (project / "sub").mkdir()
    result = run("validate")
    assert result.exit_code == 0 and result.stdout.startswith("content: valid")
    assert run("build").exit_code == 0
    assert "Acme " in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert run("build", "--all").exit_code == 0
    assert (project / "site" / "example-organisation" / "checklist.html").is_file()
    assert run("build", "--out", "other").exit_code == 0 and (project / "other" / "index.html").is_file()
    items = json.loads(run("checklist", "--json").stdout)
    assert [i["id"] for i in items] == [
        i["id"] for i in json.loads(run("checklist", "--json", "--content", str(MINI)).stdout)
    ]


def test_settings_are_found_from_a_subfolder_and_change_where_things_go(project, monkeypatch):
    edit(project / "playbook.yaml", "output: site", "output: public")
    edit(project / "playbook.yaml", "site_url: https://playbook.example.com/", "site_url: https://acme.example.org/pb")
    (project / "notes").mkdir()
    monkeypatch.chdir(project / "notes")
    assert run("build", "--all").exit_code == 0
    page = (project / "public" / "example-organisation" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://acme.example.org/pb/example-organisation/index.html">' in page
    assert not (project / "notes" / "site").exists()


def test_project_template_overrides_apply_to_the_generic_site(project):
    (project / "templates" / "pages").mkdir()
    (project / "templates" / "pages" / "about.md.j2").write_text("# About us\n\nOverridden in the project.\n")
    assert run("build").exit_code == 0
    assert "Overridden in the project." in (project / "site" / "about.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "output: site",
            "outptu: site",
            "playbook.yaml:7:1: error: outptu: unknown key 'outptu' (did you mean 'output'?)",
        ),
        (
            "content: content",
            "content: ../elsewhere",
            "playbook.yaml:4:10: error: content: '../elsewhere' points "
            "outside the project folder: give a path inside it",
        ),
        (
            "templates: [templates]",
            "templates: [templates, /etc]",
            "playbook.yaml:6:24: error: templates[1]: '/etc' points outside the project folder",
        ),
        ("templates: [templates]", "templates: [missing]", "templates[0]: no such folder: 'missing'"),
        (
            "templates: [templates]",
            "templates: [templates, .]",
            "playbook.yaml:6:24: error: templates[1]: '.' holds the clients and content folders: give the "
            "templates a folder of their own that holds templates only (such as 'templates')",
        ),
        ("templates: [templates]", "templates: [content]", "templates[0]: 'content' holds the content folder"),
        ("paper: a4", "paper: a3", "'a3' is not allowed: use 'a4' or 'letter'"),
        ("site_url: https://playbook.example.com/", "site_url: ftp://x", "'ftp://x' is not a site address"),
        (
            "paper: a4",
            "paper: a4\npublisher:\n  name: Nordlys\n  logo: missing.png",
            "playbook.yaml:13:9: error: publisher.logo: file not found: 'missing.png' (paths are relative to "
            "playbook.yaml)",
        ),
        (
            "paper: a4",
            "paper: a4\npublisher:\n  name: Nordlys\n  logo: README.md",
            "playbook.yaml:13:9: error: publisher.logo: 'README.md': not an image the site can show: use",
        ),
    ],
)
def test_bad_settings_name_the_file_line_and_fix(project, old, new, message):
    edit(project / "playbook.yaml", old, new)
    result = run("build")
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert not (project / "site").exists()
