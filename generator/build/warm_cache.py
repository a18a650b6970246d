"""What one MkDocs build hands to the next in the same process (a batch worker, `serve`).

Most of it uses MkDocs' public plugin hooks. These are the internals it touches, and the tests
(in tests/build/) that fail if an upgrade changes them:

- `mkdocs.theme.Theme.get_env`, replaced per build so each Jinja environment gets our loader
  (the theme's file list, read once) and our bytecode cache:
  `test_warm_cache.py::test_a_build_compiles_the_theme_through_the_warm_cache` and
  `test_warm_cache.py::test_the_theme_files_are_those_a_bare_mkdocs_build_publishes`.
- `material.plugins.search.plugin.SearchPlugin.search_index`, swapped for a subclass of its
  class that overrides `add_entry_from_context` and reads `entries` and `config`:
  `test_warm_cache.py::test_a_warm_worker_reuses_pages_and_builds_the_same_bytes_as_cold_builds`.
- `material.plugins.search.plugin.jieba`, the module global that makes the search split Chinese
  text into words, set to None on other sites (ours, and hosts of the plugin):
  `test_warm_cache.py::test_only_a_chinese_site_splits_chinese_text_into_words_for_search` and
  `test_plugin.py::test_a_host_build_prints_nothing_of_our_dependencies`.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..model import safe_markdown
from ..model.safe_markdown import RAW_HTML_RULE, refused_html
from .template_cache import CompiledTemplates, user_folder


class WarmCache:
    """What one build can hand to the next in the same process (a batch worker, `serve`): the
    theme's file list and compiled templates (these also on disk, see template_cache); each page's
    HTML and table of contents, keyed by its path, its Markdown and the Markdown settings, with the
    site files its links reach; and each page's search entries, keyed by all the search reads."""

    def __init__(self, pages: int = 4096, templates: Path | None = None):
        self.templates = CompiledTemplates(templates)  # on disk too, in `templates` if given
        self.listings: dict[tuple[str, ...], list[str]] = {}
        self.pages: dict[str, tuple[str, Any, frozenset[str]]] = {}
        self.sections: dict[str, list[dict[str, Any]]] = {}
        self.limit = pages
        self.reused: list[str] = []  # the pages not converted again, for the benchmark and the tests
        self.reindexed: list[str] = []  # the pages whose search entries were reused

    def keep(
        self, pages: dict[str, tuple[str, Any, frozenset[str]]], sections: dict[str, list[dict[str, Any]]]
    ) -> None:
        self.pages.update(pages)
        self.sections.update(sections)
        for kept in (self.pages, self.sections):
            for key in list(kept)[: max(0, len(kept) - self.limit)]:  # the oldest first
                del kept[key]


PROCESS_CACHE = WarmCache(templates=user_folder())  # this process's; the tests swap in fresh ones


def warm_theme(theme, cache: WarmCache, *, list_once: bool = True) -> None:
    """Give every Jinja environment of `theme` (MkDocs makes several per build) the cache's
    compiled templates and, with `list_once`, a loader that lists the theme's files once per
    process, without the hidden folders MkDocs leaves out anyway (Material's `.icons` holds 14,000
    files). Only our own sites list once: there the theme is package data that does not change
    while the process runs, where a host site's `custom_dir` may."""
    import jinja2

    class ListedOnce(jinja2.FileSystemLoader):
        def list_templates(self) -> list[str]:
            key = tuple(self.searchpath)
            if key not in cache.listings:
                cache.listings[key] = [
                    name for name in super().list_templates() if not (name.startswith(".") or "/." in name)
                ]
            return list(cache.listings[key])

    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        if list_once:
            env.loader = ListedOnce(theme.dirs)
        env.bytecode_cache = cache.templates
        return env

    theme.get_env = get_env


class Held:
    """What a page's Markdown holds back from conversion, to put back in the HTML after it.

    - The values of attributes of raw HTML that are a client's own (`data-pb-client...`, such as
      the team's answers on the checklist): pages that differ only there are converted once for
      all clients.
    - Regions of raw HTML that a template marks verbatim (`<!--pb-verbatim-->` to
      `<!--/pb-verbatim-->`): Markdown would parse them only to pass them through unchanged, which
      takes half a second on a checklist of 1,000 items.

    Only templates write raw HTML (the text filters make `<` inert): attributes are looked for
    inside tags only, so text that merely reads like one stays as written. Search reads none of
    these attributes. Without this plugin (the MkDocs plugin in a host site) a page converts whole,
    to the same HTML with the markers left in as comments.
    """

    TAG = re.compile(r"<[a-zA-Z][^<>]*\sdata-pb-client[^<>]*>")
    ATTRIBUTE = re.compile(r'(\sdata-pb-client(?:-[a-z]+)*=")([^"]*)(")')
    # A region holds no opening marker, so an unclosed one is read up to the next only.
    REGION = re.compile(r"<!--pb-verbatim-->\n?((?:(?!<!--pb-verbatim-->).)*?)<!--/pb-verbatim-->\n?", re.S)
    HELD_REGION = re.compile(r'<div data-pb-verbatim="(\d+)"></div>\n?')

    def __init__(self):
        self.values: list[str] = []
        self.regions: list[str] = []

    @classmethod
    def in_tags(cls, text: str, change) -> str:
        """`text` with `change(match)` put for each client attribute of its tags."""
        return cls.TAG.sub(lambda tag: cls.ATTRIBUTE.sub(change, tag[0]), text)

    def hold(self, markdown: str) -> str:
        markdown = self.in_tags(markdown, lambda m: m[1] + self._keep(self.values, m[2]) + m[3])
        return self.REGION.sub(lambda m: f'<div data-pb-verbatim="{self._keep(self.regions, m[1])}"></div>\n', markdown)

    def refuse_active_regions(self, page: str) -> None:
        """Report and leave out what in the held regions would run (templates' scripts, event
        handlers, refused URLs), as the Markdown check does for the rest of the page."""
        for index, region in enumerate(self.regions):
            if found := refused_html(region):
                self.regions[index] = ""
                for part in found:
                    safe_markdown.log.warning(f"{page}: {part} {RAW_HTML_RULE}")

    def restore(self, html: str) -> str:
        html = self.HELD_REGION.sub(lambda m: self._back(self.regions, m[1], m[0]), html)
        return self.in_tags(html, lambda m: m[1] + self._back(self.values, m[2], m[2]) + m[3])

    @staticmethod
    def _keep(kept: list[str], text: str) -> str:
        kept.append(text)
        return str(len(kept) - 1)

    @staticmethod
    def _back(kept: list[str], number: str, unchanged: str) -> str:
        """What was held as `number`, or `unchanged` if that is not one of ours."""
        return kept[int(number)] if number.isdigit() and int(number) < len(kept) else unchanged


_LINK_TARGET = re.compile(r'(?:href|src)="(?![a-z][a-z0-9+.-]*:|#|/)([^"#?]+)')


def _linked_files(html: str, page_url: str) -> frozenset[str]:
    """The site paths that the relative links and images of a page's HTML point to."""
    folder = posixpath.dirname(page_url)
    return frozenset(posixpath.normpath(posixpath.join(folder, target)) for target in _LINK_TARGET.findall(html))


def warm_plugin(cache: WarmCache):
    """An MkDocs plugin that reuses `cache`: a page whose path, Markdown and Markdown settings
    match one of an earlier successful build, whose links all reach files of this site, and which
    starts with its title, is converted no further than that title line. What `Held` holds back
    is not converted at all (and client attributes' values count as the same everywhere).

    Search entries are reused through a subclass of Material's search index (Material has no hook
    for them); the rest uses MkDocs' public hooks."""
    import hashlib
    import json

    from mkdocs.plugins import BasePlugin, event_priority

    class Warm(BasePlugin):
        def __init__(self):
            self.settings = ""
            self.site_files: set[str] = set()
            self.keys: dict[str, str] = {}
            self.hits: dict[str, tuple[str, Any, frozenset[str]]] = {}
            self.made: dict[str, tuple[str, Any, frozenset[str]]] = {}
            self.indexed: dict[str, list[dict[str, Any]]] = {}
            self.held: dict[str, Held] = {}

        def on_files(self, files, config):
            self.settings = json.dumps(
                [config["markdown_extensions"], config["mdx_configs"]], sort_keys=True, default=str
            )
            self.site_files = {f.dest_uri for f in files}
            return files

        @event_priority(-100)  # after the search plugin made its index
        def on_config(self, config):
            search = config.plugins.get("material/search")
            if search is not None and getattr(search, "search_index", None) is not None:
                search.search_index = _remembering_index(search.search_index, cache, self.indexed)
            return config

        def on_page_markdown(self, markdown: str, page, config, files) -> str:
            uri = page.file.src_uri
            held = self.held[uri] = Held()
            markdown = held.hold(markdown)
            if config["mdx_configs"].get(safe_markdown.__name__, {}).get("raw_html"):
                held.refuse_active_regions(uri)
            key = self.keys[uri] = hashlib.sha256(f"{self.settings}\0{uri}\0{markdown}".encode()).hexdigest()
            first = next((line for line in markdown.splitlines() if line.strip()), "")
            hit = cache.pages.get(key)
            if hit and first.startswith("# ") and hit[2] <= self.site_files:
                self.hits[uri] = hit
                return first  # MkDocs takes a page's title from a first-line heading: keep it
            return markdown

        @event_priority(100)  # before any plugin that changes the HTML (locked pages)
        def on_page_content(self, html: str, page, config, files) -> str:
            uri = page.file.src_uri
            if uri in self.hits:
                html, page.toc, _ = self.hits[uri]
                cache.reused.append(uri)
            else:
                self.made[self.keys[uri]] = (html, page.toc, _linked_files(html, page.file.dest_uri))
            return self.held.pop(uri).restore(html)

        def keep(self) -> None:
            cache.keep(self.made, self.indexed)

    return Warm()


# An element the search skips (`data-search-exclude`) that holds no element of its own name, so
# that its first closing tag is its own: the checklist's answer buttons, notes and meta lines,
# two thirds of a big checklist's HTML.
_SEARCH_EXCLUDED = re.compile(r"<(div|p|details)\s[^<>]*\bdata-search-exclude\b[^<>]*>(?:(?!<\1[\s>]).)*?</\1>", re.S)


def _remembering_index(index, cache: WarmCache, indexed: dict[str, list[dict[str, Any]]]):
    """A copy of Material's search index that takes a page's entries from `cache` when the page's
    address, title, metadata, table of contents and HTML match (and the search's languages, and
    whether it splits Chinese words), and notes new ones in `indexed`."""
    import hashlib
    import json

    from material.plugins.search import plugin

    def toc(items) -> list[Any]:
        return [[item.id, item.url, item.title, toc(item.children)] for item in items]

    class Remembering(type(index)):  # type: ignore[misc]  # Material's SearchIndex, whatever its version calls it
        def add_entry_from_context(self, page) -> None:
            seen = [
                self.config.get("lang"),
                plugin.jieba is not None,
                page.url,
                page.title,
                page.meta,
                toc(page.toc),
                Held.in_tags(page.content, lambda m: m[1] + m[3]),
            ]
            key = hashlib.sha256(json.dumps(seen, sort_keys=True, default=str).encode()).hexdigest()
            if key in cache.sections:
                self.entries.extend({**entry} for entry in cache.sections[key])
                cache.reindexed.append(page.file.src_uri)
                return
            start = len(self.entries)
            content = page.content
            page.content = _SEARCH_EXCLUDED.sub("", content)  # what the search skips, it need not parse
            try:
                super().add_entry_from_context(page)
            finally:
                page.content = content
            indexed[key] = [{**entry} for entry in self.entries[start:]]

    return Remembering(**index.config)


@contextmanager
def han_segmentation(settings) -> Iterator[None]:
    """Split Chinese text into words for search only on a Chinese site (`segment_han_if_chinese`)."""
    restore = segment_han_if_chinese(settings)
    try:
        yield
    finally:
        restore()


def segment_han_if_chinese(settings) -> Callable[[], None]:
    """Let Material's search split Chinese text into words (with jieba, whose dictionary takes
    0.6 s to load and prints as it does) only when `settings` make a Chinese site: elsewhere Han
    text is indexed as written, as it is without jieba installed (we are what installs it).
    Returns what puts the search back as it was."""
    from material.plugins.search import plugin

    search = settings.plugins.get("material/search")
    languages = [settings.theme.get("language") or "en", *(search.config.lang or [] if search else [])]
    chinese = any(language.split("-")[0] == "zh" for language in languages)
    saved = plugin.jieba
    if not chinese:
        plugin.jieba = None
    elif saved is not None:
        logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading messages

    def restore() -> None:
        plugin.jieba = saved

    return restore
