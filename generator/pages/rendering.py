"""Render page views to Markdown through Jinja templates kept on an ordered search path.

Escaping policy: every value a template prints is plain text and is escaped for Markdown *and*
HTML (see `escape_text`), unless a filter here marked it as trusted (`Markup`). Jinja's own
autoescape only knows HTML, and Markdown has its own ways to make markup (`[x](javascript:)`,
`{: onclick=...}`), so escaping happens in `finalize` for every printed value instead. Long text
that is Markdown goes through `markdown`: its structure stays, raw HTML and attribute lists do
not, and its link targets are checked on the rendered page (`safe_markdown`).
"""

from __future__ import annotations

import functools
import html
import json
import re
import signal
import threading
import traceback
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import quote

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markdown import Markdown as MarkdownRenderer
from markupsafe import Markup

from ..errors import BuildError, display_path
from ..formatting import format_number, format_percent
from ..model.safe_markdown import ID_LINK, INERT, SafeMarkdownExtension
from ..numbers import number_text
from ..urls import html_link, link, page_path
from ..wording import say
from . import sandbox
from .sandbox import BoundedSandbox, TemplateFolders
from .views import Page

# Characters that mean something to Markdown, its extensions or HTML, printed as numeric entities
# (which both Markdown and HTML show as the character itself).
_ENTITIES = {ord(char): f"&#{ord(char)};" for char in "\\`*_{}[]()<>#+!|&\"'~^=:$%@-"}
_WHITESPACE = re.compile(r"[^\S\u00a0\u202f]+")  # a no-break space stays: it keeps `56 %` on one line
_ORDERED_LIST_START = re.compile(r"^(\d+)\.")
_INERT = str.maketrans(INERT)
_LINE_START = re.compile(r"\n(?=[^\n])")  # a line break before a line that is not blank
_BLANK_LINES = re.compile(r"\n\s*\n")
_ANY_SCHEME = re.compile(r"(?i)\A[a-z][a-z0-9+.-]*+:")
_ALLOWED_SCHEME = re.compile(r"(?i)https?:|mailto:")
# A `#` that starts a line's text but no heading (`#SocialFirst`): Python-Markdown, unlike
# CommonMark, would read it as one. Lines of code (four spaces in) are left alone. Possessive
# throughout: a run of markers (`-  -  -  x`) is read once, not in every way its spaces split.
_HASHTAG = re.compile(r"^((?: {0,3}+(?:[-*+>]|\d++[.)])[ \t]++)*+ {0,3}+)(?=#+[^#\s])", re.MULTILINE)


def escape_text(value: object) -> Markup:
    """Plain text made inert in Markdown and HTML: one line, every special character an entity."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    return _escape_string(text) if len(text) <= 1_000 else _escape_string.__wrapped__(text)


@functools.lru_cache(maxsize=65536)
def _escape_string(text: str) -> Markup:
    """`escape_text` for one string; cached (short ones only, which a template cannot use to fill the
    memory), since the same names and ids recur on every page."""
    if "  " in text or not text.isprintable():  # line breaks, tabs and runs of spaces become one space
        text = _WHITESPACE.sub(" ", text)
    text = text.translate(_ENTITIES)
    if text[:1].isdigit():
        text = _ORDERED_LIST_START.sub(r"\1&#46;", text)
    return Markup(text)


def markdown(value: str, page: str | None, indent: int = 0, *, to_html: bool = False) -> Markup:
    """Markdown text of the model or a client: its structure kept, raw HTML and attribute lists made text.

    Links to the model's pages by id (`[text](practice:listen-first)`, `[ref]: stage:emerging`)
    become relative links from `page` (to `.html` pages with `to_html`, for `markdown_html`).
    `indent` spaces go before every line after the first, so that the text can continue a list
    item (`1. {{ text | markdown(page, indent=4) }}`).
    """
    text = _HASHTAG.sub(r"\1\\", str(value).lstrip("\n").rstrip().translate(_INERT))
    if page is not None:
        to_page = html_link if to_html else link
        text = ID_LINK.sub(lambda m: m[1] + to_page(page, page_path(m[2], m[3])), text)
    if indent:
        text = _LINE_START.sub("\n" + " " * indent, text)
        if "\n\n" in text:  # a blank line closes the item, or a next item would join its last paragraph
            text += "\n"
    return Markup(text)


def markdown_html(value: str, page: str) -> Markup:
    """Markdown rendered here, for a place inside raw HTML (a checklist item's guidance), where the
    site builder would leave it as text. The link check runs on it as on every page; `validate`
    reports what it refuses, with the file and line."""
    rendered = MarkdownRenderer(extensions=["tables", SafeMarkdownExtension()]).convert(
        markdown(value, page, to_html=True)
    )
    return Markup(_BLANK_LINES.sub("\n", rendered))  # a blank line would end the raw HTML block


@jinja2.pass_context
def client_markdown(context: jinja2.runtime.Context, value: str) -> Markup:
    """`markdown` from the page being rendered (the template's `page`): `{{ text | client_markdown }}`."""
    return markdown(value, context.get("page"))


@jinja2.pass_context
def translate_words(context: jinja2.runtime.Context, text: str, **values: object) -> str:
    """The site's own words in the page's language: `{{ "Steps to reach {name}" | t(name=next.name) }}`."""
    return say(context.get("language", "en"), text, **values)


@jinja2.pass_context
def number(context: jinja2.runtime.Context, value: float, decimals: int | None = None) -> str:
    """A number shown to people, as the page's language writes it: `{{ score | number(1) }}` is 0,8 in nb."""
    return format_number(context.get("language", "en"), value, decimals)


@jinja2.pass_context
def percent(context: jinja2.runtime.Context, value: float, decimals: int | None = 0) -> str:
    """A percentage (0 to 100) shown to people, whole unless `decimals` says: `56 %` in nb, `56%` in en."""
    return format_percent(context.get("language", "en"), value, decimals)


def paragraphs(value: str) -> list[str]:
    """Split text on blank lines, for templates that print one paragraph at a time."""
    return [part for part in _BLANK_LINES.split(value.strip()) if part.strip()]


def url(value: str) -> Markup:
    """A link built by the views (relative, or checked http/https/mailto), safe inside `(...)` or `"..."`."""
    if _ANY_SCHEME.match(value) and not _ALLOWED_SCHEME.match(value):
        raise ValueError(f"refusing to print the link {value!r}")
    return Markup(quote(value, safe="/#.-_~:?=&%@+,;"))


def json_data(value: object) -> Markup:
    """JSON for an HTML attribute (`data-...="{{ x | json_data }}"`), every special character an entity."""
    return Markup(html.escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")), quote=True))


RENDER_SECONDS = 10  # per page, for override templates: an endless loop stops the build


class _TooSlow(Exception):
    """An override template ran past `RENDER_SECONDS` on one page."""


@contextmanager
def _time_limit(seconds: float):
    """Raise `_TooSlow` in the rendering thread after `seconds` (in the main thread only: signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(number, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@functools.lru_cache(maxsize=16)
def make_environment(search_path: tuple[Path, ...], *, sandboxed: bool = False) -> jinja2.Environment:
    """The Jinja environment: templates looked up in `search_path` order, strict about undefined names.

    Cached, so that a batch compiles each template once (Jinja still reloads a changed file).
    """
    environment_class = BoundedSandbox if sandboxed else jinja2.Environment
    environment = environment_class(
        loader=TemplateFolders(list(search_path)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # only so that macro output stays Markup; escaping itself is `finalize`
        finalize=(lambda value: escape_text(BoundedSandbox.printable(value))) if sandboxed else escape_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        paragraphs=paragraphs,
        url=url,
        number=number,
        percent=percent,
        attribute_number=number_text,  # a number for the machine (SVG, CSS), the same in every language
        text=escape_text,
        json_data=json_data,
        markdown=markdown,
        markdown_html=markdown_html,
        t=translate_words,
        client_markdown=client_markdown,
    )
    if isinstance(environment, BoundedSandbox):
        environment.bound_filters()
    return environment


def render_pages(pages: list[Page], environment: jinja2.Environment) -> dict[str, str]:
    """Render every page in memory: {output path: Markdown}. Nothing is written here."""
    rendered = {}
    sandboxed = isinstance(environment, SandboxedEnvironment)
    for page in pages:
        try:
            template = environment.get_template(page.template)
            with (
                _time_limit(RENDER_SECONDS) if sandboxed else nullcontext(),
                sandbox.memory_ceiling() if sandboxed else nullcontext(),
            ):
                rendered[page.path] = template.render(page.context)
        except _TooSlow:
            raise BuildError(
                f"{page.template}: rendering {page.path} took over {RENDER_SECONDS} s: look for an "
                "endless or very large loop in the override template"
            ) from None
        except MemoryError as error:
            if not sandboxed:
                raise
            raise BuildError(
                f"{_template_place(error)}: rendering {page.path} took over {sandbox.MEMORY_HEADROOM / 1024**3:g} GB of "
                "memory: look for a loop that keeps large values in the override template"
            ) from None
        except jinja2.TemplateSyntaxError as error:
            raise BuildError(
                f"{display_path(error.filename or error.name or '<template>')}:{error.lineno}: template error: {error.message}"
            ) from None
        except jinja2.TemplateNotFound as error:
            raise BuildError(f"template '{error.name}' not found (needed for {page.path})") from None
        except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError, ValueError) as error:
            raise BuildError(f"{_template_place(error)}: template error while rendering {page.path}: {error}") from None
        except Exception as error:
            if not sandboxed:
                raise  # our own templates: a bug, to be seen as one
            # Override templates are the user's code: `{{ 1/0 }}`, a runaway recursion, a huge number.
            raise BuildError(
                f"{_template_place(error)}: template error while rendering {page.path}: {type(error).__name__}: {error}"
            ) from None
    return rendered


def _template_place(error: Exception) -> str:
    """`file:line` of the innermost template frame in the error's traceback."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return "template"
    return f"{display_path(frames[-1].filename)}:{frames[-1].lineno}"
