"""The schema of the files beside a model: client profiles (`clients/<slug>.yaml`) and the
project's settings (`playbook.yaml`). Strict and closed, like the content schema."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from ..urls import SECTION
from .fields import Id, LanguageCode, Line, Markdown, SiteDate, Strict, Text, Url

# --- clients/*.yaml ----------------------------------------------------------------------------

# The languages a site can be built in: those the site's theme translates its own words into
# (`tests/build/test_mkdocs_config.py` checks this list against the installed theme).
SITE_LANGUAGES = frozenset(
    {
        "af",
        "ar",
        "az",
        "be",
        "bg",
        "bn",
        "ca",
        "cs",
        "cy",
        "da",
        "de",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "fi",
        "fr",
        "gl",
        "he",
        "hi",
        "hr",
        "hu",
        "hy",
        "id",
        "is",
        "it",
        "ja",
        "ka",
        "kn",
        "ko",
        "ku-IQ",
        "lb",
        "lt",
        "lv",
        "mk",
        "mn",
        "ms",
        "my",
        "nb",
        "nl",
        "nn",
        "pl",
        "pt",
        "pt-BR",
        "ro",
        "ru",
        "sa",
        "sh",
        "si",
        "sk",
        "sl",
        "sq",
        "sr",
        "sv",
        "ta",
        "te",
        "th",
        "tl",
        "tr",
        "uk",
        "ur",
        "uz",
        "vi",
        "zh",
        "zh-Hant",
        "zh-TW",
    }
)

MATERIAL_COLORS = (
    "red",
    "pink",
    "purple",
    "deep-purple",
    "indigo",
    "blue",
    "light-blue",
    "cyan",
    "teal",
    "green",
    "light-green",
    "lime",
    "yellow",
    "amber",
    "orange",
    "deep-orange",
    "brown",
    "grey",
    "blue-grey",
    "black",
    "white",
)

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _check_color(value: str) -> str:
    if value.lower() in MATERIAL_COLORS or _HEX_COLOR.fullmatch(value):
        return value.lower()
    raise ValueError(f"'{value}' is not a colour: use #rrggbb or one of {', '.join(MATERIAL_COLORS)}")


_EMAIL = re.compile(r"\A[\w.!#$%'*+/=^`{|}~-]++@[\w-]++(?:\.[\w-]++)*\.[^\W\d_]{2,}\Z")  # no `?`, `&`, spaces


def _check_email(value: str) -> str:
    """A plain address: nothing a `mailto:` link would read as headers (`?bcc=...&body=...`)."""
    if not _EMAIL.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a plain e-mail address: write it as name@example.org, with nothing after it"
        )
    return value


Color = Annotated[str, AfterValidator(_check_color)]
Email = Annotated[str, Field(max_length=254), AfterValidator(_check_email)]


class Colors(Strict):
    """Brand colours: a Material palette name or #rrggbb for each."""

    primary: Color = "indigo"
    accent: Color = "deep-purple"  # with indigo, passes every contrast check (`contrast`)


class Contact(Strict):
    """Who to talk to about this playbook."""

    name: Line | None = None
    email: Email | None = None
    url: Url | None = None


class Note(Strict):
    """A client-specific note shown on one practice or stage page."""

    practice: Id | None = None
    stage: Id | None = None
    text: Markdown


class ExtraPage(Strict):
    """An extra page for one client: Markdown text (raw HTML and attribute lists are escaped)."""

    slug: Id
    title: Line
    text: Text


class Tailoring(Strict):
    """How one client's playbook differs from the generic one."""

    hide_practices: list[Id] = []
    notes: list[Note] = []
    pages: list[ExtraPage] = []


def _flag(value: object) -> object:
    """Client files are read as text: `true`/`yes` and `false`/`no` are the flags' words."""
    words = {"true": True, "yes": True, "false": False, "no": False}
    return words.get(value.lower(), value) if isinstance(value, str) else value


Flag = Annotated[bool, BeforeValidator(_flag)]


def _check_effort(value: object) -> object:
    """S, M or L, or a whole number of days (client files are read as text: "3" is three days)."""
    if isinstance(value, str) and value.strip().upper() in ("S", "M", "L"):
        return value.strip().upper()
    if isinstance(value, str) and value.strip().isdigit() and 0 < int(value) <= 1_000:
        return value.strip()
    raise ValueError(f"'{value}' is not an effort: use S, M or L, or a whole number of days (1 to 1000)")


Effort = Annotated[str, BeforeValidator(_check_effort)]


def _read_date(value: object) -> object:
    """Client files are read as text: a date is written YYYY-MM-DD."""
    if not isinstance(value, str):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date: write it as YYYY-MM-DD") from None


PlanDate = Annotated[SiteDate, BeforeValidator(_read_date)]


class PlanStep(Strict):
    """One entry of an assessment's `plan:` in a client profile, keyed by the id of a roadmap step (the
    checklist item id the roadmap page shows beside the step): who does it, by when, how big, how far."""

    owner: Line | None = None
    due: PlanDate | None = None
    effort: Effort | None = None
    status: Literal["planned", "doing", "done"] | None = None
    note: Line | None = None


class AssessmentPlan(Strict):
    """The keys an assessment in a client profile (`assessments[]`) takes besides those of an answers
    file: the roadmap's `plan` per step, and the consultant's `commentary`, shown on the report page."""

    plan: dict[Id, PlanStep] = {}
    commentary: Markdown | None = None


# A client site goes to <output>/<slug>/, beside the generic site's own folders and files (by
# name without extension): a slug that names one of them would be lost at the next generic build.
RESERVED_SLUGS = frozenset(
    {
        *SECTION.values(),
        "assets",
        "search",
        "print",
        "pages",
        "index",
        "checklist",
        "about",
        "report",
        "404",
        "sitemap",
        "robots",
        "extras",
    }
)


def _check_client_slug(value: str) -> str:
    if value in RESERVED_SLUGS:
        raise ValueError(
            f"'{value}' is the name of a part of the generic site: choose another slug "
            f"(reserved: {', '.join(sorted(RESERVED_SLUGS))})"
        )
    return value


ClientSlug = Annotated[Id, AfterValidator(_check_client_slug)]


class ReportSettings(Strict):
    """How the client's report reads: `appendix` adds every answer as one compact table (off by
    default: the report is for reading, the answers are in the profile)."""

    appendix: Flag = False


class ClientFile(Strict):
    """`clients/<name>.yaml`: one client's playbook. Assessments use the answers-file format; one
    with several `respondents` gives each a `name`, a `role` and `answers`, or a `file` (an answers
    file in the client's own folder, `clients/<slug>/`) whose `respondent` gives the name and role
    the profile leaves out.

    `target` is what the client aims for (the roadmap page leads there; without one, the next
    stage); an assessment's own `target` wins over it. A model that leads with its score
    (`headline: score`) also takes a maturity score per pillar (`pillars: {threats: "1.5"}`).
    `targets` phases it instead: a list of targets, each with `by` (the date it is due); the latest
    is the target, and the roadmap page shows each phase's date and progress.

    `private: true` encrypts the assessment pages with the client's passphrase (kept outside the
    repository); `folder: random` publishes the site under an unguessable folder name.
    """

    name: Line
    slug: ClientSlug
    logo: Line | None = None
    colors: Colors = Colors()
    language: LanguageCode = "en"
    contact: Contact | None = None
    templates: Line | None = None
    assessments: list[dict] = []
    target: dict | None = None  # a stage, a stage or score per pillar, or answers per item (read with the model)
    targets: list[dict] = []  # or a phased target: each phase a target with `by`, its due date
    benchmark: Flag = False  # the report shows where the client stands among the other clients, anonymised
    in_benchmark: Flag | None = None  # counts in other clients' benchmarks; default: yes unless private
    report: ReportSettings = ReportSettings()
    tailoring: Tailoring = Tailoring()
    private: Flag = False
    folder: Literal["slug", "random"] = "slug"


# --- playbook.yaml -----------------------------------------------------------------------------

# The address goes into every page (canonical links, the 404 page), the sitemap and scripts:
# only characters that need no escaping anywhere, and a host name without user or password.
_SITE_URL = re.compile(
    r"(?i)https?://(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r"|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?(?:/(?:[a-z0-9._~!$*+,;=:@/-]|%[0-9a-f]{2})*)?"
)


def check_site_url(value: str) -> str:
    """An http(s) address with a trailing slash (the form MkDocs wants for `site_url`)."""
    if len(value) > 2_000 or not _SITE_URL.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a site address: give one like https://playbook.example.com/ "
            "(letters, digits and - . _ ~ / : and %XX escapes; no quotes, spaces, <, > or \\)"
        )
    return value if value.endswith("/") else value + "/"


ProjectPath = Annotated[str, Field(min_length=1, max_length=300)]


class PublisherFile(Strict):
    """Who prepares the reports: named with its logo on each report's printed cover, with an
    e-mail address or a web address to reach it."""

    name: Line
    logo: ProjectPath | None = None  # a png, jpg, webp or inert SVG, checked like a client's logo
    email: Email | None = None
    url: Url | None = None


class ProjectFile(Strict):
    """`playbook.yaml`: a playbook project's settings. Paths are relative to this file's folder
    and must stay inside it; command-line flags win over every setting."""

    content: ProjectPath = "content"
    clients: ProjectPath = "clients"
    templates: list[ProjectPath] = []
    output: ProjectPath = "site"
    pdf_output: ProjectPath = "pdf"
    site_url: Annotated[str, AfterValidator(check_site_url)] | None = None
    paper: Literal["a4", "letter"] = "a4"
    publisher: PublisherFile | None = None
