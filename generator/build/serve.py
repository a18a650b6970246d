"""`playbook serve`: a live preview that renders and builds again whenever a watched file changes.

A build that fails replaces every page of the served site with a page listing the problems (the
browser reloads into it); the next build that succeeds brings the site back and says so.

It touches MkDocs' `LiveReloadServer` internals `observer`, `_rebuild_cond` and `_want_rebuild`
to watch a folder again after it was deleted:
`tests/build/test_serve.py::test_serve_keeps_rebuilding_after_the_content_folder_is_deleted_and_restored`
guards them.
"""

from __future__ import annotations

import html
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import BuildError, ContentError, visible
from ..output import write_tree
from .mkdocs_build import build_html

Render = Callable[[], tuple[dict[str, str | bytes], dict[str, Any]]]


def serve(render: Render, watch: list[Path], work: Path, host: str, port: int) -> None:
    """Preview with live reload: re-render and rebuild whenever a watched file changes."""
    from mkdocs.livereload import LiveReloadServer

    rebuild = preview_builder(render, work, f"http://{host}:{port}/")
    _check_port(host, port)
    rebuild()
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(work / "site"))
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


def preview_builder(render: Render, work: Path, site_url: str) -> Callable[[], None]:
    """The preview's build into `work`/site, which prints how long it took. A failure prints the
    problems and puts a page listing them in place of every page, until a build succeeds again."""
    site_dir = work / "site"
    failed, built = False, False

    def rebuild() -> None:
        nonlocal failed, built
        started = time.monotonic()
        shutil.rmtree(work / "docs", ignore_errors=True)
        (work / "mkdocs.yml").unlink(missing_ok=True)
        try:
            docs, config = render()
            build_html(docs, {**config, "site_url": site_url}, work, site_dir)
        except click.ClickException as error:
            click.echo(error.format_message(), err=True)
            _show_problems(site_dir, error)
            failed = True
            return
        fixed = ": the errors are fixed" if failed else ""
        click.echo(f"{'Rebuilt' if built else 'Built'} in {time.monotonic() - started:.1f} s{fixed}.")
        failed, built = False, True

    return rebuild


def _show_problems(site_dir: Path, error: click.ClickException) -> None:
    """Replace the site in `site_dir` with a page listing the problems of `error`, at the path of
    each of its pages (a browser on any of them reloads into it) and at the home and 404 pages."""
    pages = {str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html")} if site_dir.is_dir() else set()
    shutil.rmtree(site_dir, ignore_errors=True)
    page = _problems_page(error)
    write_tree(site_dir, {path: page for path in sorted(pages | {"index.html", "404.html"})})


def _problems_page(error: click.ClickException) -> str:
    """A page that lists the problems of a failed build, each at its file:line:column."""
    if isinstance(error, ContentError):
        items = []
        for problem in error.problems:
            place = problem.file + (f":{problem.line}:{problem.column}" if problem.line else "")
            where = f"{problem.where}: " if problem.where else ""
            items.append(f"<li><code>{_shown(place)}</code> {problem.severity}: {_shown(where + problem.message)}</li>")
        body = f"<ul>{''.join(items)}</ul>"
    else:
        body = f"<pre>{_shown(error.format_message(), newlines=True)}</pre>"
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>The playbook has errors</title>'
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}"
        "li{margin:.5rem 0}code,pre{background:#f3f3f3;padding:.1rem .3rem;white-space:pre-wrap}</style>"
        "</head><body><h1>The playbook has errors</h1>"
        f"<p>The last build failed. Fix these and save: this page reloads by itself.</p>{body}</body></html>\n"
    )


def _shown(text: str, *, newlines: bool = False) -> str:
    """`text` as HTML text, control characters shown as escapes (as in the terminal)."""
    return html.escape(visible(text, newlines=newlines))


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
