"""The MkDocs settings of a playbook site: our base `mkdocs.yml`, the navigation, the theme's
palette, logo and language, and the brand CSS that keeps a client's colours readable."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..clients import contrast
from ..errors import BuildError, display_path
from ..model import safe_markdown
from ..paths import BASE_CONFIG, THEME_OVERRIDES
from ..wording import say

NAV_SECTION_LIMIT = 40


def load_base_config(path: Path = BASE_CONFIG) -> dict[str, Any]:
    """The shared MkDocs settings (our own `mkdocs.yml`), read with the safe loader."""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as error:
        raise BuildError(f"{display_path(path)}: cannot read the base MkDocs settings: {error}") from None
    if not isinstance(config, dict):
        raise BuildError(f"{display_path(path)}: expected a mapping of MkDocs settings")
    return config


def site_config(
    base: dict[str, Any],
    *,
    site_name: str,
    pages: list[tuple[str, str, str | None]],
    assets: list[str],
    license: tuple[str, str | None] | None = None,
    section_titles: dict[str, str] | None = None,
    language: str = "en",
    check_raw_html: bool = False,
) -> dict[str, Any]:
    """The full MkDocs configuration: base settings plus site name, navigation and assets.

    `pages` is [(path, title, group)] in navigation order; pages in a folder form a section named
    by the title of the folder's `index.md`, and pages with a group a subsection of it. Titles of
    single pages are left to their first heading (which went through the text escaper); MkDocs
    themes print configured names unescaped, so names are HTML-escaped here. A folder without an
    index page takes its section's title from `section_titles`. A section of more than
    NAV_SECTION_LIMIT pages shows only its overview page, which lists and links the rest. `license` (name, url) is named in every page's footer, in `language`.
    `check_raw_html` (a site built with override templates) also refuses scripts and event
    handlers in the HTML that templates wrote.
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
    # Every page, templates' and clients' alike, is checked for unsafe links once rendered; with
    # `check_raw_html` (override templates), the HTML templates wrote for scripts and event handlers.
    checked = {safe_markdown.__name__: {"raw_html": True}} if check_raw_html else safe_markdown.__name__
    config["markdown_extensions"] = [*base.get("markdown_extensions", []), checked]
    config["extra_css"] = [a for a in assets if a.endswith(".css")]
    config["extra_javascript"] = [a for a in assets if a.endswith(".js") and "/vendor/" not in a]
    config["extra"] = {
        **base.get("extra", {}),
        "polyfills": [a for a in assets if a.endswith(".js") and "iframe-worker" in a],
    }
    if license:
        name, url = (html.escape(part, quote=True) if part else part for part in license)
        named = f'<a href="{url}">{name}</a>' if url else name
        config["copyright"] = say(language, "Text licensed under {name}", name=named)
    return config


def apply_branding(
    config: dict[str, Any], *, primary: str | None = None, accent: str | None = None, logo: str | None = None
) -> str:
    """Set the theme's palette (its light and dark schemes, in the brand's colours or else the base
    settings') and logo in `config`; returns the CSS that draws them in accessible shades (`brand_css`).

    Colours arrive validated (a palette name or #rrggbb), so the CSS holds no client text.
    """
    theme = config["theme"] = dict(config.get("theme", {}))
    primary = primary or theme["palette"][0]["primary"]
    accent = accent or theme["palette"][0]["accent"]
    colours = {
        "primary": "custom" if primary.startswith("#") else primary,
        "accent": "custom" if accent.startswith("#") else accent,
    }
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
        pointer = _passing(accent, functools.partial(_on_own_tint, page=page))
        link = _passing(primary, functools.partial(_on_page, page=page, tint=pointer))
        rules.append(
            f"[data-md-color-scheme={scheme}][data-md-color-primary] {{\n"
            f"  --md-primary-fg-color: {header};\n  --md-typeset-a-color: {link};\n"
            f"  --md-accent-fg-color: {pointer};\n  --md-accent-fg-color--transparent: {pointer}1a;\n"
            f"  --md-accent-bg-color: {page};\n}}\n"
        )
    return "".join(rules)


def _on_page(colour: str, page: str, *, tint: str) -> float:
    """The contrast of `colour` on `page` and on the theme's wash of `tint` over it (--transparent)."""
    return min(contrast.ratio(colour, page), contrast.ratio(colour, contrast.over(f"{tint}1a", page)))


def _on_own_tint(colour: str, page: str) -> float:
    """The contrast of `colour` on `page` and on its own wash over it."""
    return _on_page(colour, page, tint=colour)


def _passing(colour: str, ratio: Callable[[str], float]) -> str:
    """`colour` if its `ratio` reaches 4.5:1, else its nearest shade that does."""
    passes = lambda shade: ratio(shade) >= contrast.TEXT  # noqa: E731
    if passes(colour):
        return colour
    shade = contrast.nearest_shade(colour, passes)
    if shade is None:  # black or white passes against any page: only a bug gets here
        raise BuildError(f"no shade of {colour} reaches {contrast.TEXT}:1")
    return shade


def set_theme_language(config: dict[str, Any], language: str) -> None:
    """Make the theme speak `language`, the names of the palette's scheme toggles included."""
    names = {"default": say(language, "Switch to dark mode"), "slate": say(language, "Switch to light mode")}
    theme = config["theme"] = {**config.get("theme", {}), "language": language}
    theme["palette"] = [
        {**scheme, "toggle": {**scheme["toggle"], "name": names[scheme["scheme"]]}} for scheme in theme["palette"]
    ]
