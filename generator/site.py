"""Everything MkDocs-specific: the site configuration, the build, and the live preview.

Material for MkDocs announces its end of life for May 2027 (Zensical is the successor): a
change of site builder should only touch this module.
"""

from __future__ import annotations

import datetime
import html
import logging
import os
import posixpath
import re
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import yaml

from . import contrast, safe_markdown
from .errors import BuildError, display_path
from .output import write_tree
from .paths import BASE_CONFIG, THEME_OVERRIDES
from .template_cache import CompiledTemplates, user_folder
from .wording import say

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


def apply_branding(config: dict[str, Any], *, primary: str | None = None, accent: str | None = None,
                   logo: str | None = None) -> str:
    """Set the theme's palette (its light and dark schemes, in the brand's colours or else the base
    settings') and logo in `config`; returns the CSS that draws them in accessible shades (`brand_css`).

    Colours arrive validated (a palette name or #rrggbb), so the CSS holds no client text.
    """
    theme = config["theme"] = dict(config.get("theme", {}))
    primary = primary or theme["palette"][0]["primary"]
    accent = accent or theme["palette"][0]["accent"]
    colours = {"primary": "custom" if primary.startswith("#") else primary,
               "accent": "custom" if accent.startswith("#") else accent}
    theme["palette"] = [{**scheme, **colours} for scheme in theme["palette"]]
    if logo:
        theme["logo"] = logo
        theme["favicon"] = logo
    return brand_css(primary, accent)


def brand_css(primary: str, accent: str) -> str:
    """CSS variables that keep WCAG AA contrast (4.5:1) in both schemes: the header (the primary
    colour under the theme's text), links and outlined buttons (primary on the page and on the
    accent's tint, which banners use), and pointer and button states (accent on the page, or
    under the page's colour). Each is the brand colour itself where it passes, else its nearest
    shade that does (black or white always does)."""
    primary, on_primary = contrast.palette_colour(contrast.PRIMARY, primary)
    accent, _ = contrast.palette_colour(contrast.ACCENT, accent)
    header = _passing(primary, lambda shade: contrast.ratio(shade, contrast.over(on_primary, shade)))
    rules = []
    # Two attributes outrank the palette's own rules (one attribute, or two for slate links).
    for scheme, page in (("default", contrast.WHITE), ("slate", contrast.DARK)):
        pointer = _passing(accent, lambda shade: _on_page(shade, page, tint=shade))
        link = _passing(primary, lambda shade: _on_page(shade, page, tint=pointer))
        rules.append(f"[data-md-color-scheme={scheme}][data-md-color-primary] {{\n"
                     f"  --md-primary-fg-color: {header};\n  --md-typeset-a-color: {link};\n"
                     f"  --md-accent-fg-color: {pointer};\n  --md-accent-fg-color--transparent: {pointer}1a;\n"
                     f"  --md-accent-bg-color: {page};\n}}\n")
    return "".join(rules)


def _on_page(colour: str, page: str, *, tint: str) -> float:
    """The contrast of `colour` on `page` and on the theme's wash of `tint` over it (--transparent)."""
    return min(contrast.ratio(colour, page), contrast.ratio(colour, contrast.over(f"{tint}1a", page)))


def _passing(colour: str, ratio: Callable[[str], float]) -> str:
    """`colour` if its `ratio` reaches 4.5:1, else its nearest shade that does."""
    passes = lambda shade: ratio(shade) >= contrast.TEXT  # noqa: E731
    return colour if passes(colour) else contrast.nearest_shade(colour, passes)


def set_theme_language(config: dict[str, Any], language: str) -> None:
    """Make the theme speak `language`, the names of the palette's scheme toggles included."""
    names = {"default": say(language, "Switch to dark mode"), "slate": say(language, "Switch to light mode")}
    theme = config["theme"] = {**config.get("theme", {}), "language": language}
    theme["palette"] = [{**scheme, "toggle": {**scheme["toggle"], "name": names[scheme["scheme"]]}}
                        for scheme in theme["palette"]]


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
            _warm_theme(settings.theme, _WARM)
            warm = _warm_plugin(_WARM)
            settings.plugins["playbook-warm"] = warm
            settings.plugins["playbook-lean"] = _lean_plugin()
            if locked:
                settings.plugins["playbook-locked-pages"] = _locked_pages_plugin(locked, lock)
            with _han_segmentation(settings):
                build(settings)
            warm.keep()  # only what a successful build made: a refused link is refused again next time
        except (MkDocsException, SystemExit) as error:
            detail = "\n".join(f"  {w}" for w in warnings) or f"  {error}"
            raise BuildError(f"the site builder reported problems:\n{detail}") from None


class _WarmCache:
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

    def keep(self, pages: dict[str, tuple[str, Any, frozenset[str]]], sections: dict[str, list[dict[str, Any]]]) -> None:
        for kept, made in ((self.pages, pages), (self.sections, sections)):
            kept.update(made)
            for key in list(kept)[: max(0, len(kept) - self.limit)]:  # the oldest first
                del kept[key]


_WARM = _WarmCache(templates=user_folder())  # this process's; the tests swap in fresh ones


def _warm_theme(theme, cache: _WarmCache) -> None:
    """Give every Jinja environment of `theme` (MkDocs makes several per build) the cache's
    compiled templates, and a loader that lists the theme's files once per process, without the
    hidden folders MkDocs leaves out anyway (Material's `.icons` holds 14,000 files). The theme is
    package data: it does not change while the process runs."""
    import jinja2

    class ListedOnce(jinja2.FileSystemLoader):
        def list_templates(self) -> list[str]:
            key = tuple(self.searchpath)
            if key not in cache.listings:
                cache.listings[key] = [name for name in super().list_templates()
                                       if not (name.startswith(".") or "/." in name)]
            return list(cache.listings[key])

    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = ListedOnce(theme.dirs)
        env.bytecode_cache = cache.templates
        return env

    theme.get_env = get_env


@contextmanager
def _han_segmentation(settings) -> Iterator[None]:
    """Let Material's search split Chinese text into words (with jieba, whose dictionary takes
    0.6 s to load) only on a Chinese site: elsewhere, Han text is indexed as written."""
    from material.plugins.search import plugin

    search = settings.plugins.get("material/search")
    languages = [settings.theme["language"], *(search.config.lang or [] if search else [])]
    chinese = any(language.split("-")[0] == "zh" for language in languages)
    saved = plugin.jieba
    if not chinese:
        plugin.jieba = None
    elif saved is not None:
        logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading messages
    try:
        yield
    finally:
        plugin.jieba = saved


class _Held:
    """What a page's Markdown holds back from conversion, to put back in the HTML after it.

    - The values of attributes of raw HTML that are a client's own (`data-pb-client...`, such as
      the checklist's start): pages that differ only there are converted once for all clients.
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
    REGION = re.compile(r"<!--pb-verbatim-->\n?(.*?)<!--/pb-verbatim-->\n?", re.S)
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
        return self.REGION.sub(lambda m: f'<div data-pb-verbatim="{self._keep(self.regions, m[1])}"></div>\n',
                               markdown)

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


def _warm_plugin(cache: _WarmCache):
    """An MkDocs plugin that reuses `cache`: a page whose path, Markdown and Markdown settings
    match one of an earlier successful build, whose links all reach files of this site, and which
    starts with its title, is converted no further than that title line. What `_Held` holds back
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
            self.held: dict[str, _Held] = {}

        def on_files(self, files, config):
            self.settings = json.dumps([config["markdown_extensions"], config["mdx_configs"]], sort_keys=True, default=str)
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
            held = self.held[uri] = _Held()
            markdown = held.hold(markdown)
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


def _remembering_index(index, cache: _WarmCache, indexed: dict[str, list[dict[str, Any]]]):
    """A copy of Material's search index that takes a page's entries from `cache` when the page's
    address, title, metadata, table of contents and HTML match (and the search's languages, and
    whether it splits Chinese words), and notes new ones in `indexed`."""
    import hashlib
    import json

    from material.plugins.search import plugin

    def toc(items) -> list[Any]:
        return [[item.id, item.url, item.title, toc(item.children)] for item in items]

    class Remembering(type(index)):
        def add_entry_from_context(self, page) -> None:
            seen = [self.config.get("lang"), plugin.jieba is not None, page.url, page.title, page.meta,
                    toc(page.toc), _Held.in_tags(page.content, lambda m: m[1] + m[3])]
            key = hashlib.sha256(json.dumps(seen, sort_keys=True, default=str).encode()).hexdigest()
            if key in cache.sections:
                self.entries.extend({**entry} for entry in cache.sections[key])
                cache.reindexed.append(page.file.src_uri)
                return
            start = len(self.entries)
            super().add_entry_from_context(page)
            indexed[key] = [{**entry} for entry in self.entries[start:]]

    return Remembering(**index.config)


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
    return "".join(_LEADING_SPACE.sub("\n", part) if index % 3 == 0 else part if index % 3 == 1 else ""
                   for index, part in enumerate(parts))


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
