"""`playbook serve` (generator/build/serve.py): a live preview that rebuilds on every change,
shows a broken model's problems in the browser until it is fixed, keeps rebuilding after the
content folder is deleted and restored, and says when it cannot listen."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from generator.build.pipeline import render_site
from generator.build.serve import preview_builder
from generator.model.loading import load_model
from tests.helpers.cli import PLAYBOOK
from tests.helpers.data import MINI
from tests.helpers.files import edit


@pytest.mark.slow
def test_serve_previews_and_rebuilds_on_change(mini_copy):
    import time
    import urllib.request

    from tests.helpers.browser import free_port

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


@pytest.mark.slow
def test_preview_builder_shows_the_problems_in_place_of_the_site_until_they_are_fixed(
    mini_copy, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(mini_copy.parent)
    rebuild = preview_builder(lambda: render_site(load_model(mini_copy)), tmp_path / "work", "http://127.0.0.1:8000/")
    site = tmp_path / "work" / "site"
    rebuild()
    assert "Data is part of every decision." in (site / "stages" / "fluent.html").read_text()
    assert capsys.readouterr().out.startswith("Built in ")

    edit(mini_copy / "stages.yaml", "    signs: [Decisions cite evidence]", "    <script>alert(1)</script>: [x]")
    rebuild()
    problem = "model/stages.yaml:15:5</code> error: stages[1].&lt;script&gt;alert(1)&lt;/script&gt;: unknown key"
    for page in ("index.html", "stages/fluent.html", "404.html"):  # every page the browser may be on
        text = (site / page).read_text()
        assert problem in text and "<script>" not in text
    assert not (site / "assets").exists()  # the site itself is gone, not just its pages
    assert "model/stages.yaml:15:5: error: " in capsys.readouterr().err

    edit(mini_copy / "stages.yaml", "    <script>alert(1)</script>: [x]", "    signs: [Decisions cite evidence]")
    rebuild()
    assert "Data is part of every decision." in (site / "stages" / "fluent.html").read_text()
    assert "has errors" not in (site / "index.html").read_text()
    assert re.fullmatch(r"Rebuilt in \d+\.\d s: the errors are fixed\.\n", capsys.readouterr().out)


@pytest.mark.parametrize("host", ["127.0.0.1", "203.0.113.7"])
def test_serve_on_an_address_that_cannot_be_used(host):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*PLAYBOOK, "serve", "--content", str(MINI), "--host", host, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"error: cannot serve on {host}:{port}: " in result.stderr and "choose another --port" in result.stderr


@pytest.mark.slow
def test_serve_keeps_rebuilding_after_the_content_folder_is_deleted_and_restored(mini_copy):
    from tests.helpers.browser import free_port

    port = free_port()
    server = subprocess.Popen(
        [*PLAYBOOK, "serve", "--content", str(mini_copy), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def page_says(text: str, seconds: float = 15) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if (
                    text
                    in urllib.request.urlopen(f"http://127.0.0.1:{port}/stages/fluent.html", timeout=2).read().decode()
                ):
                    return True
            except OSError:
                pass
            time.sleep(0.1)
        return False

    try:
        assert page_says("Data is part of every decision.")
        backup = mini_copy.parent / "backup"
        mini_copy.rename(backup)
        time.sleep(1.2)  # the watcher (polling every 0.5 s) notices that the folder is gone, and stops
        backup.rename(mini_copy)
        edit(mini_copy / "stages.yaml", "Data is part of every decision.", "Evidence settles every argument.")
        assert page_says("Evidence settles every argument."), "the preview stopped rebuilding"
    finally:
        server.terminate()
        server.wait(timeout=10)
