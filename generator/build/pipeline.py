"""The whole job, as library calls: content folder (and client profiles) in, built sites out."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from ..clients.contrast import print_colours
from ..clients.images import ActiveImage, read_image
from ..clients.private_pages import locked_pages, make_lock
from ..clients.profiles import Client, tailor_model
from ..errors import BuildError, display_path
from ..model.loading import load_model
from ..model.model import Model
from ..model.translation import I18N_FOLDER, languages, load_translated
from ..output import read_stamp, scratch_folder, staged_folder
from ..pages.printing import PRINT_CHECKLIST_HTML
from ..pages.rendering import make_environment, render_pages
from ..pages.report import Publisher, logo_path, publisher_logo_path
from ..pages.views import site_pages
from ..paths import ASSETS, BASE_CONFIG, PACKAGE, TEMPLATES
from ..urls import ASSET_FOLDER, REPORT_PAGE, html_link
from ..wording import say
from .mkdocs_build import build_html
from .mkdocs_config import apply_branding, load_base_config, set_theme_language, site_config


def site_language(model: Model, client: Client | None = None, language: str | None = None) -> str:
    """The language a site is written in: the one asked for (a client's), when the model has it
    in that language, else the model's own; the theme speaks the same language as the content."""
    wanted = language or (client.profile.language if client else None)
    return wanted if wanted in (model.info.language, *languages(model)) else model.info.language


# Scripts the others take their helpers from as they load: these come first in the page, the
# rest in name order.
FIRST_SCRIPTS = ("shared.js",)


def _asset_order(path: Path) -> tuple[bool, Path]:
    return path.relative_to(ASSETS).as_posix() not in FIRST_SCRIPTS, path


def render_site(
    model: Model,
    client: Client | None = None,
    templates: tuple[Path, ...] = (),
    pdfs: tuple[str, ...] = (),
    language: str | None = None,
    appendix: bool = False,
    publisher: Publisher | None = None,
) -> tuple[dict[str, str | bytes], dict[str, Any]]:
    """Every file of the site's sources ({path: content}) and its builder configuration.

    Template folders are searched in order: the client's own, then `templates`, then the
    defaults. Any override folder means templates written elsewhere: they run sandboxed. The
    site is in `site_language` (the model translated, when it has that translation). `appendix`
    adds every answer to a client's report; its cover names the `publisher`.
    """
    overrides = [*([client.templates] if client and client.templates else []), *templates]
    language = site_language(model, client, language)
    model = load_translated(model, language)
    if client:
        model = tailor_model(model, client)
    pages = site_pages(model, client, pdfs, appendix=appendix, publisher=publisher)
    environment = make_environment((*overrides, TEMPLATES), sandboxed=bool(overrides))
    docs: dict[str, str | bytes] = dict(render_pages(pages, environment))
    assets: dict[str, str | bytes] = {
        f"{ASSET_FOLDER}/{p.relative_to(ASSETS).as_posix()}": p.read_bytes()
        for p in sorted(ASSETS.rglob("*"), key=_asset_order)
        if p.is_file()
    }
    base = load_base_config()
    site_name = model.info.name
    logo = primary = accent = None  # the generic site keeps the base settings' colours
    if client:
        profile = client.profile
        site_name = f"{profile.name}: {model.info.name}"
        logo = logo_path(client)
        if logo and client.logo:
            assets[logo] = _checked_logo(client.logo)
        if (publisher_logo := publisher_logo_path(publisher)) and publisher and publisher.logo:
            assets[publisher_logo] = _checked_logo(publisher.logo)
        primary, accent = profile.colors.primary, profile.colors.accent
        assets[f"{ASSET_FOLDER}/print-brand.css"] = print_brand_css(primary, accent)
    assets[f"{ASSET_FOLDER}/brand.css"] = apply_branding(base, primary=primary, accent=accent, logo=logo)
    docs.update(assets)
    set_theme_language(base, language)  # the theme speaks the content's language
    license = model.info.license
    nav = [(page.path, page.context["title"], page.context.get("nav_group")) for page in pages]
    config = site_config(
        base,
        site_name=site_name,
        pages=nav,
        assets=list(assets),
        license=(license.name, license.url) if license else None,
        section_titles={"print": say(language, "Print")},
        language=language,
        check_raw_html=bool(overrides),
    )
    return docs, config


def build_playbook(
    content: Path,
    out: Path,
    site_url: str | None = None,
    paper: str | None = None,
    templates: tuple[Path, ...] = (),
    language: str | None = None,
) -> Model:
    """Load, validate, render and build the playbook for `content` into `out`, atomically.

    `site_url` (where the site will be published) overrides the one in the base settings.
    With `paper` ('a4' or 'letter'), the printable checklist is also printed into the site as a PDF.
    `language` picks one of the model's translations (default: the model's own language).
    """
    model = load_model(content)
    if language and language != site_language(model, language=language):
        known = ", ".join([model.info.language, *languages(model)])
        raise click.UsageError(
            f"the model has no '{language}' translation: use one of {known} "
            f"(translations live in {display_path(content / I18N_FOLDER)}/<language>/)"
        )
    model = load_translated(model, site_language(model, language=language))  # what the site shows, and says it built
    pdfs = _pdf_pages(None, paper)
    docs, config = render_site(model, templates=templates, pdfs=tuple(pdfs))
    if site_url:
        config["site_url"] = site_url
    with staged_folder(out) as site_dir, scratch_folder() as work:
        build_html(docs, config, Path(work), site_dir, build_date=model.info.updated)
        _print_pdfs(site_dir, pdfs, paper)
        (site_dir / "robots.txt").write_text(robots_txt(site_dir, config.get("site_url")), encoding="utf-8")
    return model


def robots_txt(site_dir: Path, site_url: str | None) -> str:
    """Crawlers may read the generic pages only: client sites in sub-folders stay out (they carry
    `noindex` as well), without robots.txt naming a single client folder."""
    root = urlsplit(site_url or "/").path or "/"
    lines = [
        "# Client playbooks in folders of this site are not for search engines.",
        "User-agent: *",
        f"Allow: {root}$",
    ]
    for entry in sorted(p for p in site_dir.iterdir() if not p.name.startswith(".")):
        lines.append(f"Allow: {root}{entry.name}{'/' if entry.is_dir() else ''}")
    lines.append(f"Disallow: {root}")
    return "\n".join(lines) + "\n"


def print_brand_css(primary: str, accent: str) -> str:
    """The brand colours on paper (`contrast.print_colours`), for templates/assets/print.css."""
    colours = print_colours(primary, accent)
    return (
        "@media print {\n  body { "
        f"--pb-ink: {colours['ink']}; --pb-on-ink: {colours['on_ink']}; --pb-mark: {colours['mark']}; "
        "}\n}\n"
    )


def _pdf_pages(client: Client | None, paper: str | None) -> dict[str, str]:
    """{PDF name: site page} for a site built with PDFs (none without `paper`)."""
    if paper is None:
        return {}
    pages = {"checklist.pdf": PRINT_CHECKLIST_HTML}
    if client and client.assessments:  # a private client's is encrypted (`_locked_pdfs`)
        pages["report.pdf"] = html_link("index.md", REPORT_PAGE)
    return pages


def _locked_pdfs(client: Client, pdfs: dict[str, str]) -> dict[str, str]:
    """{PDF name: passphrase} of the PDFs of a private client's locked pages, printed encrypted."""
    if not client.profile.private or not client.passphrase:
        return {}
    locked = {html_link("index.md", page) for page in locked_pages(client.profile)}
    return {name: client.passphrase for name, page in pdfs.items() if page in locked}


ENCRYPTED_NOTE = "{name} encrypted with the client's passphrase"


def _print_pdfs(
    site_dir: Path, pdfs: dict[str, str], paper: str | None, passphrases: dict[str, str] | None = None
) -> None:
    """Print the PDFs into the (still staged) site, so that they arrive with it."""
    if pdfs and paper:
        from .pdf import write_pdfs

        write_pdfs(site_dir, site_dir, pdfs, paper=paper, passphrases=passphrases)


@dataclass
class ClientBuild:
    """The outcome of one client's build, with where the time went (seconds)."""

    slug: str
    built: bool
    timings: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what the build tells beyond its table: a PDF encrypted


def build_client(
    model: Model,
    client: Client,
    out_root: Path,
    *,
    templates: tuple[Path, ...] = (),
    force: bool = False,
    paper: str | None = None,
    site_url: str | None = None,
    appendix: bool = False,
    publisher: Publisher | None = None,
) -> ClientBuild:
    """Build one client's site into `out_root/<folder>` (its slug, or a hidden folder), unless
    nothing that goes into it changed.

    The site is published at `<site_url><folder>/` (its canonical links and 404 page point there);
    `site_url` defaults to the base settings'. With `paper`, the checklist (and report) are
    printed into the site as PDFs. `appendix` adds every answer to the report; its cover names the `publisher`.
    """
    out = out_root / client.folder
    started = time.perf_counter()
    lock = None
    if client.profile.private:  # the prompt speaks the site's language
        if not client.passphrase:  # profiles refuse this already: never publish a private page in clear
            raise BuildError(
                f"{client.profile.name}: a private client needs its passphrase: "
                f"run `playbook client passphrase {client.slug} --rotate` to make one"
            )
        lock = make_lock(client.passphrase, f"{model.info.id}:{client.slug}", site_language(model, client))
    options = (
        f"pdf={paper} appendix={appendix} publisher={publisher} site_url={site_url} folder={client.folder} lock={lock.check if lock else None} "
        f"benchmark={json.dumps(client.benchmark, sort_keys=True)}"
    )  # the other clients' spread
    digest = input_digest(model, client, templates, options, (publisher.logo,) if publisher and publisher.logo else ())
    if not force and read_stamp(out) == digest:
        return ClientBuild(client.slug, False, {"check": time.perf_counter() - started})
    pdfs = _pdf_pages(client, paper)
    encrypted = _locked_pdfs(client, pdfs)
    docs, config = render_site(model, client, templates, tuple(pdfs), appendix=appendix, publisher=publisher)
    if site_url or config.get("site_url"):
        config["site_url"] = f"{site_url or config['site_url']}{client.folder}/"
    config["extra"] = {**config.get("extra", {}), "noindex": True}  # client sites stay out of search engines
    locked = locked_pages(client.profile)
    rendered = time.perf_counter()
    # A private site does not tell when it was assessed: its date is the model's.
    dates = [d for d in [model.info.updated, *([] if lock else (a.assessed for a in client.assessments))] if d]
    with staged_folder(out, stamp=digest) as site_dir, scratch_folder() as work:
        build_html(
            docs,
            config,
            Path(work),
            site_dir,
            build_date=max(dates, default=None),
            locked=locked,
            lock=lock.lock_page if lock else None,
        )
        _print_pdfs(site_dir, pdfs, paper, encrypted)
    timings = {"render": rendered - started, "build": time.perf_counter() - rendered}
    return ClientBuild(client.slug, True, timings, tuple(ENCRYPTED_NOTE.format(name=name) for name in encrypted))


def input_digest(
    model: Model, client: Client, templates: tuple[Path, ...], options: str = "", extra: tuple[Path, ...] = ()
) -> str:
    """A hash of everything that goes into a client's site: content, profile, files, code, versions, options,
    and the `extra` files (the publisher's logo)."""
    translations = model.documents["model.yaml"].path.parent / I18N_FOLDER
    folders = (
        *templates,
        *([client.templates] if client.templates else []),
        *([translations] if translations.is_dir() else []),
    )
    files = [d.path for d in model.documents.values()] + [client.path, BASE_CONFIG]
    files += [client.logo] if client.logo else []
    files += extra
    files += [r.file for a in client.assessments for r in a.respondents if r.file]
    files += [p for folder in folders for p in _folder_files(folder)]
    files += [p for folder in (TEMPLATES, PACKAGE) for p in _shipped_files(folder)]
    digest = hashlib.sha256(options.encode())
    for path in files:
        stat = path.stat()
        digest.update(_file_digest(path, stat.st_mtime_ns, stat.st_size))
    digest.update(_versions().encode())
    return digest.hexdigest()


def _folder_files(folder: Path) -> list[Path]:
    """The files of a template or translation folder (a link out of the folder is never one of them)."""
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.resolve().is_relative_to(folder.resolve())
    ]


@functools.cache
def _shipped_files(folder: Path) -> list[Path]:
    """`_folder_files` of our own code and templates, listed once per process (their bytes are
    still hashed for every client)."""
    return _folder_files(folder)


@functools.cache
def _versions() -> str:
    """The versions of the packages that shape a site, for the rebuild hash."""
    return " ".join(
        f"{package}={version(package)}" for package in ("mkdocs", "mkdocs-material", "jinja2", "pydantic", "pyyaml")
    )


@functools.lru_cache(maxsize=4096)
def _file_digest(path: Path, mtime_ns: int, size: int) -> bytes:
    """The hash of one file's name and bytes; cached while the file's time and size stay the same."""
    return hashlib.sha256(os.fsencode(path) + b"\0" + path.read_bytes()).digest()  # fsencode: any file name


def _checked_logo(path: Path) -> bytes:
    """The logo's bytes, checked again as they are published (the file may have changed since loading)."""
    try:
        return read_image(path)
    except ActiveImage as error:
        raise BuildError(f"{display_path(path)}: {error}") from None
