"""Reading built HTML in tests: links, ids, scripts and text, with the standard HTML parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class PageFacts:
    links: list[tuple[str, str, dict]] = field(default_factory=list)  # (tag, url, attributes)
    ids: set[str] = field(default_factory=set)
    scripts: list[dict] = field(default_factory=list)
    event_attributes: list[tuple[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    title: str = ""
    h1: str = ""


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.stack.append(tag)
        if "id" in attributes:
            self.facts.ids.add(attributes["id"])
        for name, value in attrs:
            if name.startswith("on"):
                self.facts.event_attributes.append((tag, name))
            if name in ("href", "src", "xlink:href") and value is not None:
                self.facts.links.append((tag, value, attributes))
        if tag == "script":
            self.facts.scripts.append(attributes)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.facts.text.append(data)
        if "title" in self.stack and "svg" not in self.stack:
            self.facts.title += data
        if "h1" in self.stack and data != "\u00b6":  # skip the permalink mark
            self.facts.h1 += data


def read_page(path: Path) -> PageFacts:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.facts


def broken_links(site: Path) -> list[str]:
    """Every internal link in the site whose file or #anchor does not exist.

    404.html is left out: the theme links it with absolute paths, as a server serves it anywhere.
    """
    site = site.resolve()
    pages = {p.resolve(): read_page(p) for p in site.rglob("*.html")}
    problems = []
    for page, facts in pages.items():
        if page.name == "404.html":
            continue
        for tag, url, _ in facts.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: {tag} {url} -> missing file")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{page.relative_to(site)}: {url} -> missing anchor")
    return problems
