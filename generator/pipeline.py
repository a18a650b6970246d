"""The whole job, as library calls: content folder (and client profiles) in, built sites out."""

from __future__ import annotations

import functools
import hashlib
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .clients import Client, tailor_model
from .loading import load_model
from .model import Model
from .output import read_stamp, staged_folder
from .paths import ASSETS, BASE_CONFIG, PACKAGE, TEMPLATES
from .printing import PRINT_CHECKLIST_HTML
from .rendering import make_environment, render_pages
from .site import ASSET_FOLDER, apply_branding, build_html, load_base_config, site_config
from .urls import REPORT_PAGE, html_link
from .views import site_pages


def render_site(model: Model, client: Client | None = None, templates: tuple[Path, ...] = (),
                pdfs: tuple[str, ...] = ()) -> tuple[dict[str, str | bytes], dict[str, Any]]:
    """Every file of the site's sources ({path: content}) and its builder configuration.

    Template folders are searched in order: the client's own, then `templates`, then the
    defaults. Any override folder means templates written elsewhere: they run sandboxed.
    """
    overrides = [*([client.templates] if client and client.templates else []), *templates]
    if client:
        model = tailor_model(model, client)
    pages = site_pages(model, client, pdfs)
    environment = make_environment((*overrides, TEMPLATES), sandboxed=bool(overrides))
    docs: dict[str, str | bytes] = dict(render_pages(pages, environment))
    assets = {f"{ASSET_FOLDER}/{p.relative_to(ASSETS).as_posix()}": p.read_bytes()
              for p in sorted(ASSETS.rglob("*")) if p.is_file()}
    base = load_base_config()
    site_name = model.info.name
    if client:
        profile = client.profile
        site_name = f"{profile.name}: {model.info.name}"
        logo = f"{ASSET_FOLDER}/logo{client.logo.suffix.lower()}" if client.logo else None
        if client.logo:
            assets[logo] = client.logo.read_bytes()
        brand_css = apply_branding(base, primary=profile.colors.primary, accent=profile.colors.accent,
                                   language=profile.language, logo=logo)
        if brand_css:
            assets[f"{ASSET_FOLDER}/brand.css"] = brand_css
    docs.update(assets)
    license = model.info.license
    nav = [(page.path, page.context["title"], page.context.get("nav_group")) for page in pages]
    config = site_config(base, site_name=site_name, pages=nav, assets=list(assets),
                         license=(license.name, license.url) if license else None)
    return docs, config


def build_playbook(content: Path, out: Path, site_url: str | None = None, paper: str | None = None,
                   templates: tuple[Path, ...] = ()) -> Model:
    """Load, validate, render and build the playbook for `content` into `out`, atomically.

    `site_url` (where the site will be published) overrides the one in the base settings.
    With `paper` ('a4' or 'letter'), the printable checklist is also printed into the site as a PDF.
    """
    model = load_model(content)
    pdfs = _pdf_pages(None, paper)
    docs, config = render_site(model, templates=templates, pdfs=tuple(pdfs))
    if site_url:
        config["site_url"] = site_url
    with staged_folder(out) as site_dir, tempfile.TemporaryDirectory(prefix="playbook-") as work:
        build_html(docs, config, Path(work), site_dir, build_date=model.info.updated)
        _print_pdfs(site_dir, pdfs, paper)
    return model


def _pdf_pages(client: Client | None, paper: str | None) -> dict[str, str]:
    """{PDF name: site page} for a site built with PDFs (none without `paper`)."""
    if paper is None:
        return {}
    pages = {"checklist.pdf": PRINT_CHECKLIST_HTML}
    if client and client.assessments:
        pages["report.pdf"] = html_link("index.md", REPORT_PAGE)
    return pages


def _print_pdfs(site_dir: Path, pdfs: dict[str, str], paper: str | None) -> None:
    """Print the PDFs into the (still staged) site, so that they arrive with it."""
    if pdfs:
        from .pdf import write_pdfs

        write_pdfs(site_dir, site_dir, pdfs, paper=paper)


@dataclass
class ClientBuild:
    """The outcome of one client's build, with where the time went (seconds)."""

    slug: str
    built: bool
    timings: dict[str, float] = field(default_factory=dict)


def build_client(model: Model, client: Client, out_root: Path, *, templates: tuple[Path, ...] = (),
                 force: bool = False, paper: str | None = None, site_url: str | None = None) -> ClientBuild:
    """Build one client's site into `out_root/<slug>`, unless nothing that goes into it changed.

    The site is published at `<site_url><slug>/` (its canonical links and 404 page point there);
    `site_url` defaults to the base settings'. With `paper`, the checklist (and report) are
    printed into the site as PDFs.
    """
    out = out_root / client.slug
    started = time.perf_counter()
    digest = input_digest(model, client, templates, f"pdf={paper} site_url={site_url}")
    if not force and read_stamp(out) == digest:
        return ClientBuild(client.slug, False, {"check": time.perf_counter() - started})
    pdfs = _pdf_pages(client, paper)
    docs, config = render_site(model, client, templates, tuple(pdfs))
    if site_url or config.get("site_url"):
        config["site_url"] = f"{site_url or config['site_url']}{client.slug}/"
    rendered = time.perf_counter()
    dates = [d for d in [model.info.updated, *(a.assessed for a in client.assessments)] if d]
    with staged_folder(out, stamp=digest) as site_dir, tempfile.TemporaryDirectory(prefix="playbook-") as work:
        build_html(docs, config, Path(work), site_dir, build_date=max(dates, default=None))
        _print_pdfs(site_dir, pdfs, paper)
    return ClientBuild(client.slug, True, {"render": rendered - started, "build": time.perf_counter() - rendered})


def input_digest(model: Model, client: Client, templates: tuple[Path, ...], options: str = "") -> str:
    """A hash of everything that goes into a client's site: content, profile, files, code, versions, options."""
    folders = (*templates, *([client.templates] if client.templates else []), TEMPLATES, PACKAGE)
    files = [d.path for d in model.documents.values()] + [client.path, BASE_CONFIG]
    files += [client.logo] if client.logo else []
    files += [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    digest = hashlib.sha256(options.encode())
    for path in files:
        stat = path.stat()
        digest.update(_file_digest(path, stat.st_mtime_ns, stat.st_size))
    for package in ("mkdocs", "mkdocs-material", "jinja2", "pydantic", "pyyaml"):
        digest.update(f"{package}={version(package)}".encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=4096)
def _file_digest(path: Path, mtime_ns: int, size: int) -> bytes:
    """The hash of one file's name and bytes; cached while the file's time and size stay the same."""
    return hashlib.sha256(str(path).encode() + b"\0" + path.read_bytes()).digest()
