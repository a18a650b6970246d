"""The MkDocs plugin `playbook`: adds a playbook's pages to an existing MkDocs site.

The pages come from `pipeline.render_site`, as for `playbook build`; the plugin places them in
the host site, and gives the host's build what makes ours quick (compiled theme templates kept
on disk, Chinese word splitting for search only on a Chinese site):

    plugins:
      - search
      - playbook:
          content: path/to/model     # relative to this mkdocs.yml
          prefix: playbook           # the folder of docs_dir the pages go into
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.utils import get_theme_dir

from ..errors import BuildError, ContentError
from ..model.loading import load_model
from ..paths import THEME_OVERRIDES
from ..urls import ASSET_FOLDER, CHECKLIST_PAGE
from . import warm_cache
from .pipeline import render_site

log = get_plugin_logger("playbook")

PREFIX = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")
# The offline plugin's iframe-worker polyfill, which a host site does not need.
VENDOR = f"{ASSET_FOLDER}/vendor/"
MATERIAL_NOTE = """!!! note "Interactive checklist"
    Answering and scoring this checklist needs the Material for MkDocs theme (`theme: material`).
    With this site's theme, read the statements below or use the printable checklist.
"""


class PlaybookConfig(base.Config):
    """The options under `playbook:` in mkdocs.yml."""

    content = c.Type(str)
    prefix = c.Type(str, default="playbook")


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Renders the model at `content` and adds its pages, assets and nav section under `prefix/`."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        prefix = self.config.prefix
        if not PREFIX.fullmatch(prefix):
            raise PluginError(
                f"playbook: prefix {prefix!r} must be a folder inside docs_dir, written like "
                "'playbook' or 'guides/play-book' (letters, digits, '-' and '_', joined by '/')"
            )
        self.content = Path(config.config_file_path).parent / self.config.content
        try:
            model = load_model(self.content)
            docs, settings = render_site(model)
        except (ContentError, BuildError) as error:
            raise PluginError(error.format_message()) from None
        for warning in model.warnings:
            log.warning(str(warning))
        if config.theme.name == "material":
            # Before Material's own templates, so that a host's custom_dir still wins.
            config.theme.dirs.insert(config.theme.dirs.index(get_theme_dir("material")), str(THEME_OVERRIDES))
        else:
            log.info("the interactive checklist needs the Material theme (theme: material); the checklist page says so")
            checklist = docs[CHECKLIST_PAGE]
            assert isinstance(checklist, str)  # pages render to text; only assets are bytes
            title, _, rest = checklist.partition("\n")
            docs[CHECKLIST_PAGE] = f"{title}\n\n{MATERIAL_NOTE}\n{rest}"
        self.docs = {f"{prefix}/{path}": data for path, data in docs.items() if not path.startswith(VENDOR)}
        self.nav = settings["nav"]
        self.title = html.escape(model.info.name)  # themes print section titles unescaped
        config.extra_css.extend(f"{prefix}/{path}" for path in settings["extra_css"])
        config.extra_javascript.extend(f"{prefix}/{path}" for path in settings["extra_javascript"])
        _enable_extensions(config, settings["markdown_extensions"])
        warm_cache.warm_theme(config.theme, warm_cache.PROCESS_CACHE, list_once=False)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.restore_search = warm_cache.segment_han_if_chinese(config)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.restore_search()

    def on_build_error(self, *, error: Exception) -> None:
        if hasattr(self, "restore_search"):  # not when our own on_config refused the content
            self.restore_search()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        taken = [path for path in self.docs if files.get_file_from_path(path)]
        if taken:
            raise PluginError(
                f"playbook: the site already has {', '.join(taken)}, where the playbook would "
                f"write its own: choose another prefix (now '{self.config.prefix}')"
            )
        for path, data in self.docs.items():
            # Pages stay out of the automatic nav (on_nav places them as one section).
            inclusion = InclusionLevel.NOT_IN_NAV if path.endswith(".md") else InclusionLevel.INCLUDED
            file = File.generated(config, path, content=data, inclusion=inclusion)
            # Links in our raw HTML point at `page.html`, so our pages never use directory URLs.
            file.use_directory_urls = False
            files.append(file)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        nav.items.append(Section(self.title, self._nav_items(self.nav, files)))
        _link_pages(nav)
        return nav

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.content))
        return server

    def _nav_items(self, entries: list[Any], files: Files) -> list[Any]:
        """Our nav (paths, and {title: [paths]} sections) as the pages and sections of the host site."""
        items: list[Any] = []
        for entry in entries:
            if isinstance(entry, str):
                file = files.get_file_from_path(f"{self.config.prefix}/{entry}")
                assert file is not None, entry  # every nav entry is one of our own pages
                items.append(file.page)
            else:
                [(title, children)] = entry.items()
                items.append(Section(title, self._nav_items(children, files)))
        return items


def _enable_extensions(config: MkDocsConfig, extensions: list[str | dict[str, Any]]) -> None:
    """Add the Markdown extensions our pages need; the host's own settings of any it has stay."""
    for entry in extensions:
        [(name, options)] = entry.items() if isinstance(entry, dict) else [(entry, None)]
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            if options:
                config.mdx_configs[name] = options


def _link_pages(nav: Navigation) -> None:
    """Set every item's parent and the pages' flat order with their previous and next links."""

    def walk(items: list[Any], parent: Section | None):
        for item in items:
            item.parent = parent
            if item.is_section:
                yield from walk(item.children, item)
            elif item.is_page:
                yield item

    nav.pages = list(walk(nav.items, None))
    for previous, page, following in zip([None, *nav.pages], nav.pages, [*nav.pages[1:], None], strict=False):
        page.previous_page, page.next_page = previous, following
