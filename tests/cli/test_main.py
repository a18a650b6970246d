"""The command line: help for every command, exit codes, and a guarded output folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.cli import main

from .conftest import MINI, run


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: main {command}" in result.stdout
    assert main.commands[command].help


def test_usage_error_exits_2():
    assert run("build", "--no-such-option").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_installed_command_exit_codes(tmp_path):
    """The real entry point, as a shell sees it."""
    ok = subprocess.run([sys.executable, "-m", "generator", "validate", str(MINI)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([sys.executable, "-m", "generator", "validate", str(tmp_path)], capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    usage = subprocess.run([sys.executable, "-m", "generator", "build", "--bogus"], capture_output=True, text=True)
    assert usage.returncode == 2


def test_build_reports_where_the_site_is(tmp_path):
    result = run("build", "--content", str(MINI), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "Built 'Data Culture Check'" in result.stdout
    assert (tmp_path / "out" / "index.html").is_file()


def test_rebuild_replaces_our_own_folder_and_drops_removed_pages(tmp_path):
    out = tmp_path / "out"
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    (out / "stale.html").write_text("left from an older build")
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    assert not (out / "stale.html").exists()


@pytest.mark.parametrize("make", ["non-empty", "file"])
def test_out_refuses_a_folder_it_did_not_make(tmp_path, make):
    out = tmp_path / "mine"
    if make == "file":
        out.write_text("precious")
    else:
        out.mkdir()
        (out / "notes.txt").write_text("precious")
    result = run("build", "--content", str(MINI), "--out", str(out))
    assert result.exit_code == 1
    assert "choose a" in result.stderr
    assert (out / "notes.txt" if make == "non-empty" else out).read_text() == "precious"


def test_serve_previews_and_rebuilds_on_change(mini_copy):
    import time
    import urllib.request

    from .browser import free_port

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(mini_copy), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )

    def page() -> str:
        for _ in range(100):
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/stages/fluent.html", timeout=2).read().decode()
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the preview server did not answer")

    try:
        assert "Data is part of every decision." in page()
        (mini_copy / "stages.yaml").write_text(
            (mini_copy / "stages.yaml")
            .read_text()
            .replace("Data is part of every decision.", "Evidence settles every argument.")
        )
        for _ in range(100):
            if "Evidence settles every argument." in page():
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the preview did not rebuild after the content changed")
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("name", ["model", "axes", "stages", "pillars", "practices", "checklist", "client"])
def test_schema_is_exported_as_closed_json_schema(name):
    result = run("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False and schema["properties"]
    if name == "checklist":
        item = schema["$defs"]["Item"]
        assert item["properties"]["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        assert set(item["required"]) == {"id", "text", "pillar", "stage"}  # axis only with a matrix


def test_the_format_reference_in_docs_is_current():
    """docs/format.md is `playbook schema --reference`; regenerate it after a schema change."""
    from .conftest import ROOT

    assert run("schema", "--reference").stdout == (ROOT / "docs" / "format.md").read_text(encoding="utf-8"), (
        "docs/format.md is stale: run .venv/bin/playbook schema --reference > docs/format.md"
    )
