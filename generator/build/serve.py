"""`playbook serve`: a live preview that renders and builds again whenever a watched file changes.

It touches MkDocs' `LiveReloadServer` internals `observer`, `_rebuild_cond` and `_want_rebuild`
to watch a folder again after it was deleted:
`tests/build/test_serve.py::test_serve_keeps_rebuilding_after_the_content_folder_is_deleted_and_restored`
guards them.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import BuildError
from .mkdocs_build import build_html


def serve(
    render: Callable[[], tuple[dict[str, str | bytes], dict[str, Any]]],
    watch: list[Path],
    work: Path,
    host: str,
    port: int,
) -> None:
    """Preview with live reload: re-render and rebuild whenever a watched file changes."""
    from mkdocs.livereload import LiveReloadServer

    site_dir = work / "site"

    def rebuild() -> None:
        shutil.rmtree(work / "docs", ignore_errors=True)
        (work / "mkdocs.yml").unlink(missing_ok=True)
        try:
            docs, config = render()
            config = {**config, "site_url": f"http://{host}:{port}/"}
            build_html(docs, config, work, site_dir)
        except click.ClickException as error:  # keep serving the last good site, and say what is wrong
            click.echo(error.format_message(), err=True)

    _check_port(host, port)
    rebuild()
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in watch:
        server.watch(str(path))
    stop = threading.Event()
    threading.Thread(target=_keep_watching, args=(server, watch, stop), daemon=True).start()
    try:
        server.serve()
    except OSError as error:
        raise BuildError(f"cannot serve on {host}:{port}: {error.strerror or error}; choose another --port") from None
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()


def _check_port(host: str, port: int) -> None:
    """Fail at once, with a message, when the preview's address is taken (before the first build)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
            probe.bind((host, port))
    except OSError as error:
        raise BuildError(f"cannot serve on {host}:{port}: {error.strerror or error}; choose another --port") from None


def _keep_watching(server, paths: list[Path], stop: threading.Event, interval: float = 0.5) -> None:
    """Watch a folder again once it is back after being deleted (the watcher of a deleted folder
    stops for good), and rebuild: a `git checkout` or a restore from backup must not end the preview."""
    while not stop.wait(interval):
        if not server.observer.is_alive():
            continue
        watching = {os.path.abspath(e.watch.path) for e in list(server.observer.emitters) if e.is_alive()}
        for path in (os.path.abspath(p) for p in paths):
            if path not in watching and os.path.isdir(path):
                server.unwatch(path)
                server.watch(path)
                with server._rebuild_cond:  # mkdocs' own trigger (its watcher saw nothing: it is new)
                    server._want_rebuild = True
                    server._rebuild_cond.notify_all()
