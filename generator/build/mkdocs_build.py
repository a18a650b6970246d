"""One MkDocs build: the rendered docs written into a work folder and built (strict) into a site,
with the plugins that keep it lean, lock private pages and reuse the warm cache."""

from __future__ import annotations

import datetime
import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from ..errors import BuildError
from ..output import write_tree
from . import warm_cache


def build_html(
    docs: dict[str, str | bytes],
    config: dict[str, Any],
    work: Path,
    site_dir: Path,
    build_date: datetime.date | None = None,
    *,
    locked: frozenset[str] | set[str] = frozenset(),
    lock: Callable[[str], str] | None = None,
) -> None:
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
            warm_cache.warm_theme(settings.theme, warm_cache.PROCESS_CACHE)
            warm = warm_cache.warm_plugin(warm_cache.PROCESS_CACHE)
            settings.plugins["playbook-warm"] = warm
            settings.plugins["playbook-lean"] = _lean_plugin()
            if locked and lock:
                settings.plugins["playbook-locked-pages"] = _locked_pages_plugin(locked, lock)
            with warm_cache.han_segmentation(settings):
                build(settings)
            warm.keep()  # only what a successful build made: a refused link is refused again next time
        except (MkDocsException, SystemExit) as error:
            detail = "\n".join(f"  {w}" for w in warnings) or f"  {error}"
            raise BuildError(f"the site builder reported problems:\n{detail}") from None


_SEGMENTERS = {"ja": "tinyseg.js", "th": "wordcut.js"}  # the search's word splitters, by language


_LEADING_SPACE = re.compile(r"\n\s+")  # a line break and the blank lines and indentation after it


_KEEP_SPACE = re.compile(r"(<(pre|textarea)[\s>].*?</\2>)", re.S)


def _lean_plugin():
    """An MkDocs plugin that leaves out what no page of the site uses (the theme's source maps, the
    search's support for other languages) and the indentation of the HTML outside <pre> and
    <textarea>, so a site's size grows with its pages, not with the theme."""
    from mkdocs.plugins import BasePlugin, event_priority

    class Lean(BasePlugin):
        def on_files(self, files, config):
            search = next((p for name, p in config.plugins.items() if name.endswith("search")), None)
            languages = set(search.config.lang or []) if search else set()
            used = {f"lunr.{name}.min.js" for name in languages | {"stemmer.support", "multi"}}
            used |= {_SEGMENTERS[name] for name in languages if name in _SEGMENTERS}
            for file in list(files):
                uri = file.src_uri
                unused_language = uri.startswith("assets/javascripts/lunr/") and uri.rsplit("/", 1)[-1] not in used
                if not file.is_documentation_page() and (uri.endswith(".map") or unused_language):
                    files.remove(file)
            return files

        @event_priority(50)  # before locked pages are encrypted, so that they open as the clear ones show
        def on_page_content(self, html: str, page, config, files) -> str:
            return _without_indentation(html)

        def on_post_page(self, output: str, page, config) -> str:
            return _without_indentation(output)

    return Lean()


def _without_indentation(html: str) -> str:
    """`html` without the blank lines and indentation outside <pre> and <textarea>."""
    parts = _KEEP_SPACE.split(html)  # [text, kept block, its tag name, text, ...]
    return "".join(
        _LEADING_SPACE.sub("\n", part) if index % 3 == 0 else part if index % 3 == 1 else ""
        for index, part in enumerate(parts)
    )


def _locked_pages_plugin(pages: frozenset[str] | set[str], lock: Callable[[str], str]):
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
    moment = datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.UTC)
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
