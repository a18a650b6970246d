"""`playbook serve` (generator/build/serve.py): a live preview that rebuilds on every change,
keeps rebuilding after the content folder is deleted and restored, and says when it cannot listen."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

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
