"""The Markdown extension every page is built with: only safe link targets reach the site.

Links are checked on the rendered element tree, not in the source, so no way of writing a link
gets past (reference definitions anywhere, images, entities, escapes, attribute lists): every
URL attribute must be http:, https:, mailto:, a relative path or a #fragment, read the way a
browser reads it. A refused URL is taken out of the page and reported as a warning of the
"mkdocs" logger, which fails the strict build. Raw HTML is not in the tree: only templates can
write it, as the text filters (`rendering.markdown`) write `<` and `{` as entities (`INERT`),
which this extension turns back into the characters inside code, where entities show as typed.
With `raw_html` (a site built with override templates), the HTML templates wrote is checked too:
no script or other active element, no event handler, no URL the link check would refuse.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import unicodedata
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE, AtomicString

from ..urls import SECTION
from .fields import ID_PATTERN

log = logging.getLogger("mkdocs.plugins.playbook")  # MkDocs counts its warnings: a strict build fails

ALLOWED_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = ("href", "src", "xlink:href", "action", "formaction", "poster", "cite", "data", "background")
# Elements of templates' HTML that run code, load a document or change how addresses resolve.
ACTIVE_ELEMENTS = frozenset(
    "script iframe frame frameset object embed applet base meta link style animate set foreignobject".split()
)
# A link to one of the model's pages by id: `](stage:emerging` of a link, `]: stage:emerging` of a
# reference definition (groups: the opening, the kind, the id). The text filters rewrite them.
ID_LINK = re.compile(rf"(\]\([ \t]*|\]:[ \t]*)({'|'.join(SECTION)}):({ID_PATTERN.pattern})(?=[\s)]|$)")
# What the text filters write for characters Markdown would read as HTML or an attribute list.
INERT = {"<": "&#60;", "{": "&#123;"}
_INERT_TABLE = str.maketrans({ord(char): entity for char, entity in INERT.items()})

_SCHEME = re.compile(r"\A([a-z][a-z0-9+.-]*+):", re.ASCII | re.IGNORECASE)
_TAB_OR_BREAK = re.compile(r"[\t\n\r]")
_TWO_SLASHES = re.compile(r"[/\\]{2}")  # a link to another host, whatever the scheme
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
# Code text is stored HTML-escaped: `&amp;#60;` there is an INERT entity, to show as `<`.
_CODE_TEXT = {html.escape(entity): html.escape(char) for char, entity in INERT.items()}


def is_allowed_url(url: str) -> bool:
    """True for http:, https: and mailto: addresses, relative paths and #fragments.

    The URL is read as a browser reads the attribute: entities decoded, tabs and line breaks
    removed, leading and trailing controls and spaces stripped, the scheme in any case.
    """
    seen = _TAB_OR_BREAK.sub("", html.unescape(url.replace(AMP_SUBSTITUTE, "&"))).strip(_C0_OR_SPACE)
    if any(unicodedata.category(char) == "Cc" for char in seen) or _TWO_SLASHES.match(seen):
        return False  # a placeholder for raw HTML, or `//host/...`: another host, file: offline
    scheme = _SCHEME.match(seen)
    return scheme is None or scheme[1].lower() in ALLOWED_SCHEMES


class _ActiveHtml(HTMLParser):
    """What in a piece of HTML would run: scripts and the like, event handlers, refused URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(active_parts(tag, dict((name, value or "") for name, value in attrs)))

    handle_startendtag = handle_starttag


def active_parts(tag: str, attributes: dict[str, str]) -> list[str]:
    """What of one element would run, each as a phrase ("the event handler onclick on <img>")."""
    found = [f"the element <{tag}>"] if tag.lower() in ACTIVE_ELEMENTS else []
    for name, value in attributes.items():
        if name.lower().startswith("on"):
            found.append(f"the event handler {name}={value[:40]!r} on <{tag}>")
        elif name.lower() in URL_ATTRIBUTES and not is_allowed_url(value):
            found.append(f"the address {value[:60]!r} in <{tag} {name}>")
    return found


def refused_html(fragment: str) -> list[str]:
    """What `fragment`, HTML written by a template, holds that would run (`active_parts`)."""
    parser = _ActiveHtml()
    parser.feed(fragment)
    parser.close()
    return parser.found


RAW_HTML_RULE = (
    "is not allowed: templates may write no script, event handler or address other than http://, "
    "https://, mailto:, a relative path or a #fragment (it was left out)"
)


class _SafePage(Treeprocessor):
    """Shows escaped characters in code as typed, then drops and reports every unsafe URL and, with
    `raw_html`, every script, event handler and unsafe URL in the HTML that templates wrote."""

    def __init__(self, md: Markdown, raw_html: bool = False):
        super().__init__(md)
        self.raw_html = raw_html

    def run(self, root: etree.Element) -> None:
        for code in root.iter("code"):
            for escaped, char in _CODE_TEXT.items():
                if code.text and escaped in code.text:
                    code.text = AtomicString(code.text.replace(escaped, char))
        for element in root.iter():
            for attribute in URL_ATTRIBUTES:
                url = element.get(attribute)
                if url is not None and not is_allowed_url(url):
                    del element.attrib[attribute]
                    log.warning(
                        f"{self._page()}{self._describe(element, attribute, url)} is not allowed: "
                        "use http://, https://, mailto:, a relative path or a #fragment (it was left out)"
                    )
        if self.raw_html:
            self._check_raw_html(root)

    def _check_raw_html(self, root: etree.Element) -> None:
        """Templates' HTML: the raw blocks Markdown keeps aside, and elements an attribute list or
        `markdown="1"` put in the tree."""
        found: list[str] = []
        for element in root.iter():
            if isinstance(element.tag, str) and (parts := active_parts(element.tag, dict(element.attrib))):
                found.extend(parts)
                element.attrib = {k: v for k, v in element.attrib.items() if not k.lower().startswith("on")}
                if element.tag.lower() in ACTIVE_ELEMENTS:
                    tail = element.tail
                    element.clear()  # its attributes, text and children
                    element.tag, element.tail = "span", tail
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str) and (parts := refused_html(block)):
                found.extend(parts)
                blocks[index] = ""
        for part in found:
            log.warning(f"{self._page()}{part} {RAW_HTML_RULE}")

    def _describe(self, element: etree.Element, attribute: str, url: str) -> str:
        """The URL and what a reader sees of it: "link 'javascript:x' (text 'guide')"."""
        if element.tag == "img":
            return f"image {url!r} (alt text {self._plain(element.get('alt', ''))!r})"
        kind = "link" if element.tag == "a" else f"<{element.tag} {attribute}>"
        return f"{kind} {url!r} (text {self._plain(''.join(element.itertext()))!r})"

    def _plain(self, text: str) -> str:
        """Tree text as the page shows it: stashed entities put back and decoded, spaces collapsed."""
        text = HTML_PLACEHOLDER_RE.sub(lambda m: str(self.md.htmlStash.rawHtmlBlocks[int(m[1])]), text)
        return " ".join(html.unescape(text).split())

    def _page(self) -> str:
        """'pages/guide.md: ' when MkDocs renders the page (its link processor knows the file)."""
        relpath = self.md.treeprocessors["relpath"] if "relpath" in self.md.treeprocessors else None
        source = getattr(getattr(relpath, "file", None), "src_uri", None)
        return f"{source}: " if source else ""


class SafeMarkdownExtension(Extension):
    """Runs after every other tree processor (escapes undone, links rewritten): it sees the final attributes."""

    def __init__(self, **kwargs) -> None:
        self.config = {"raw_html": [False, "also refuse scripts and event handlers in templates' HTML"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_SafePage(md, self.getConfig("raw_html")), "playbook_safe_page", -100)


def makeExtension(**kwargs) -> SafeMarkdownExtension:  # noqa: N802 (the name Markdown looks for)
    return SafeMarkdownExtension(**kwargs)


@functools.lru_cache(maxsize=1)
def _checker() -> Markdown:
    """One converter for every text `refused_links` checks (reset before each: a model's
    thousand fields would otherwise set up a thousand)."""
    return Markdown(extensions=[SafeMarkdownExtension()])


def refused_links(text: str) -> list[str]:
    """What the check refuses in `text` rendered on its own, as messages (for `validate`, which
    knows the file and line of the text)."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    propagate, log.propagate = log.propagate, False
    log.addHandler(handler)
    try:
        _checker().reset().convert(text.translate(_INERT_TABLE))
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
    return messages
