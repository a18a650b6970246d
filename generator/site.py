"""Everything MkDocs-specific: the site configuration, the build, and the live preview.

Material for MkDocs announces its end of life for May 2027 (Zensical is the successor): a
change of site builder should only touch this module.
"""

from __future__ import annotations

import datetime
import html
import os
import shutil
import socket
import threading
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import yaml

from . import safe_markdown
from .errors import BuildError, display_path
from .output import write_tree
from .paths import BASE_CONFIG, THEME_OVERRIDES

ASSET_FOLDER = "assets/playbook"
NAV_SECTION_LIMIT = 40


def supported_languages() -> list[str]:
    """The site languages the theme ships translations for."""
    import material

    return sorted(p.stem for p in (Path(material.__file__).parent / "templates/partials/languages").glob("*.html"))


def load_base_config(path: Path = BASE_CONFIG) -> dict[str, Any]:
    """The shared MkDocs settings (our own `mkdocs.yml`), read with the safe loader."""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as error:
        raise BuildError(f"{display_path(path)}: cannot read the base MkDocs settings: {error}") from None
    if not isinstance(config, dict):
        raise BuildError(f"{display_path(path)}: expected a mapping of MkDocs settings")
    return config


def site_config(base: dict[str, Any], *, site_name: str, pages: list[tuple[str, str, str | None]],
                assets: list[str], license: tuple[str, str | None] | None = None,
                section_titles: dict[str, str] | None = None) -> dict[str, Any]:
    """The full MkDocs configuration: base settings plus site name, navigation and assets.

    `pages` is [(path, title, group)] in navigation order; pages in a folder form a section named
    by the title of the folder's `index.md`, and pages with a group a subsection of it. Titles of
    single pages are left to their first heading (which went through the text escaper); MkDocs
    themes print configured names unescaped, so names are HTML-escaped here. A folder without an
    index page takes its section's title from `section_titles`. A section of more than
    NAV_SECTION_LIMIT pages shows only its overview page, which lists and links the rest. `license` (name, url) is named in every page's footer.
    """
    nav: list[Any] = []
    sections: dict[str, list[Any]] = {}
    subsections: dict[tuple[str, str], list[str]] = {}
    titles = {path: title for path, title, _ in pages}
    for path, _, group in pages:
        folder = path.rpartition("/")[0]
        if not folder:
            nav.append(path)
            continue
        if folder not in sections:
            sections[folder] = []
            title = titles.get(f"{folder}/index.md") or (section_titles or {}).get(folder, folder.capitalize())
            nav.append({html.escape(title): sections[folder]})
        if group is None:
            sections[folder].append(path)
        elif (folder, group) not in subsections:
            subsections[folder, group] = [path]
            sections[folder].append({html.escape(group): subsections[folder, group]})
        else:
            subsections[folder, group].append(path)
    for folder, entries in sections.items():  # every page carries the nav: keep it from growing with a section
        count = sum(len(e[next(iter(e))]) if isinstance(e, dict) else 1 for e in entries)
        if count > NAV_SECTION_LIMIT and f"{folder}/index.md" in titles:
            entries[:] = [f"{folder}/index.md"]
    config = dict(base)
    config["site_name"] = html.escape(site_name)
    config["theme"] = {**config.get("theme", {}), "custom_dir": str(THEME_OVERRIDES)}
    config["nav"] = nav
    # Every page, templates' and clients' alike, is checked for unsafe links once rendered.
    config["markdown_extensions"] = [*base.get("markdown_extensions", []), safe_markdown.__name__]
    config["extra_css"] = [a for a in assets if a.endswith(".css")]
    config["extra_javascript"] = [a for a in assets if a.endswith(".js") and "/vendor/" not in a]
    config["extra"] = {**base.get("extra", {}), "polyfills": [a for a in assets if a.endswith(".js") and "iframe-worker" in a]}
    if license:
        name, url = (html.escape(part, quote=True) if part else part for part in license)
        config["copyright"] = f'Text licensed under <a href="{url}">{name}</a>' if url else f"Text licensed under {name}"
    return config


def apply_branding(config: dict[str, Any], *, primary: str, accent: str, logo: str | None) -> str:
    """Set the theme's palette and logo in `config`; returns CSS for #rrggbb colours.

    Colours arrive validated (a palette name or #rrggbb), so the CSS holds no client text.
    """
    theme = config["theme"] = dict(config.get("theme", {}))
    theme["palette"] = [{"scheme": "default", "primary": "custom" if primary.startswith("#") else primary,
                         "accent": "custom" if accent.startswith("#") else accent}]
    if logo:
        theme["logo"] = logo
        theme["favicon"] = logo
    rules = []
    if primary.startswith("#"):
        rules += [f"--md-primary-fg-color: {primary};", f"--md-primary-fg-color--light: {primary}cc;",
                  f"--md-primary-fg-color--dark: {primary};"]
    if accent.startswith("#"):
        rules += [f"--md-accent-fg-color: {accent};", f"--md-accent-fg-color--transparent: {accent}1a;"]
    return ":root {\n  " + "\n  ".join(rules) + "\n}\n" if rules else ""


def build_html(docs: dict[str, str | bytes], config: dict[str, Any], work: Path, site_dir: Path,
               build_date: datetime.date | None = None, *, locked: set[str] = frozenset(),
               lock: Callable[[str], str] | None = None) -> None:
    """Write the docs into `work` and build them with MkDocs (strict) into `site_dir`.

    The site's date comes from SOURCE_DATE_EPOCH or else `build_date` (from content), never the
    clock when either is given, so the same inputs give the same bytes. The HTML of each page
    in `locked` (source paths) goes through `lock` before anything else sees it (the search
    index, the table of contents): the site holds only what `lock` returns.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    docs_dir = work / "docs"
    write_tree(docs_dir, docs)
    config = {**config, "docs_dir": str(docs_dir), "site_dir": str(site_dir)}
    config_file = work / "mkdocs.yml"
    write_tree(work, {"mkdocs.yml": yaml.safe_dump(config, sort_keys=False, allow_unicode=True)})
    with _mkdocs_warnings() as warnings, _build_date(build_date):
        try:
            settings = load_config(str(config_file), strict=True)
            # The search plugin has imported jieba (which segments Chinese text) by now: keep it quiet.
            logging.getLogger("jieba").setLevel(logging.WARNING)
            if locked:
                settings.plugins["playbook-locked-pages"] = _locked_pages_plugin(locked, lock)
            build(settings)
        except (MkDocsException, SystemExit) as error:
            detail = "\n".join(f"  {w}" for w in warnings) or f"  {error}"
            raise BuildError(f"the site builder reported problems:\n{detail}") from None


def _locked_pages_plugin(pages: set[str], lock: Callable[[str], str]):
    """An MkDocs plugin that replaces the HTML of `pages` with `lock(html)` and empties their
    table of contents (headings may hold client data); search then indexes the locked panel,
    which it is told to skip, so a locked page's entry holds only its title."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.toc import TableOfContents

    class LockedPages(BasePlugin):
        def on_page_content(self, html: str, page, config, files) -> str:
            if page.file.src_uri not in pages:
                return html
            page.toc = TableOfContents([])
            return lock(html)

    return LockedPages()


@contextmanager
def _build_date(date: datetime.date | None) -> Iterator[None]:
    """Give MkDocs `date` as its build date unless SOURCE_DATE_EPOCH is already set."""
    if date is None or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    moment = datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


@contextmanager
def _mkdocs_warnings() -> Iterator[list[str]]:
    """Collect MkDocs warnings (and silence its progress messages) while building."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collector(logging.WARNING)
    saved = logger.level, logger.propagate, logger.handlers[:]
    logger.handlers = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        logger.handlers = saved[2]


def serve(render: Callable[[], tuple[dict[str, str | bytes], dict[str, Any]]], watch: list[Path], work: Path,
          host: str, port: int) -> None:
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
