"""Where each page goes and how pages link to each other (relative links only)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from .errors import ContentError, Problem

SECTION = {"quadrant": "quadrants", "stage": "stages", "pillar": "pillars", "practice": "practices"}
ASSET_FOLDER = "assets/playbook"  # our scripts and styles, and a client's logo, in every site
CHECKLIST_PAGE = "checklist.md"
REPORT_PAGE = "report.md"
ROADMAP_PAGE = "roadmap.md"
PRIVATE_PAGES = (REPORT_PAGE, ROADMAP_PAGE)  # the pages that hold a client's results: locked on a private site


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, which template draws it, and what the template gets."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def page_path(kind: str, entity_id: str | None = None) -> str:
    """Output path of an entity's page, or of its section overview when `entity_id` is None."""
    return f"{SECTION[kind]}/{entity_id or 'index'}.md"


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link from one page to another (both paths relative to the site root)."""
    base, target = from_page.split("/")[:-1], to_page.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    relative = "/".join([".."] * (len(base) - common) + target[common:])
    return f"{relative}#{anchor}" if anchor else relative


def html_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link for raw HTML (inline SVG), where the builder does not rewrite `.md`."""
    target = link(from_page, to_page)
    target = target[: -len("index.md")] + "index.html" if target.endswith("index.md") else target[:-3] + ".html"
    return f"{target}#{anchor}" if anchor else target


def site_root(from_page: str) -> str:
    """The relative prefix from a page to the site root: '' or '../'."""
    root = posixpath.relpath(".", posixpath.dirname(from_page) or ".")
    return "" if root == "." else root + "/"


def markdown_link(site_url: str) -> str:
    """A site URL of a model page (`stages/x.html#a`) as a link to its Markdown page, for the builder to check."""
    path, _, anchor = site_url.partition("#")
    if any(path.startswith(section + "/") for section in SECTION.values()):
        path = path[: -len(".html")] + ".md"
    return f"{path}#{anchor}" if anchor else path


def site_urls() -> dict[str, str]:
    """Site-relative URL patterns of the pages next steps link to (`{id}` and `{step}` filled in)."""
    urls = {kind: html_link("index.md", page_path(kind, "ID")).replace("ID", "{id}") for kind in SECTION}
    urls["step"] = urls["stage"] + "#step-{step}"
    urls["item"] = html_link("index.md", CHECKLIST_PAGE, "pb-item-{id}")
    return urls


def check_unique_paths(pages: list[Page]) -> None:
    """Refuse two pages of one site at the same path (two entities whose ids make the same page)."""
    seen: dict[str, Page] = {}
    problems = []
    for page in pages:
        if page.path in seen:
            first, second = (p.context.get("title", p.path) for p in (seen[page.path], page))
            fix = f"two pages would be written here ('{first}' and '{second}'): rename one id"
            problems.append(Problem("", 0, 0, page.path, fix))
        seen[page.path] = page
    if problems:
        raise ContentError(problems)
