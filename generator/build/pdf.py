"""PDFs of built site pages, printed by headless Chromium (Debian's package) driven by Playwright.

Chromium rather than WeasyPrint: the PDF shows exactly what the browser shows (the site's CSS,
its print rules, inline SVG). The browser is never downloaded (`playwright install` is not
used): a missing Chromium or Playwright is an error that says how to install it.

Each PDF is printed into memory, then written into a temporary file beside its target and moved
into place only when complete, so a failed run never leaves a partial PDF. A locked page (a
private client's report) is opened in the browser with its passphrase, and its PDF encrypted
with the same passphrase (AES-256, the PDF 2.0 security handler, by pypdf) before it reaches
the disk: the clear PDF only ever exists in memory. The running header and footer are CSS
@page margin boxes added at print time (Chromium's own header template cannot leave out a page),
so that a report's cover page carries none.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import BuildError, display_path
from ..output import replace_files
from ..pages.printing import PRINT_CHECKLIST_HTML

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAPERS = {"a4": "A4", "letter": "Letter"}
# The same margins as `@page` in templates/assets/print.css; they fit both A4 and US Letter and
# leave room for the running header and footer.
MARGIN = {"top": "20mm", "right": "16mm", "bottom": "18mm", "left": "16mm"}
# {pdf file name: site page}; a client's `report.pdf` is added by the build (pipeline._pdf_pages).
DEFAULT_PDFS = {"checklist.pdf": PRINT_CHECKLIST_HTML}

_MARGIN_BOX_STYLE = "font-family: sans-serif; font-size: 8px; color: #555;"
_BOXES = ("top-left", "top-right", "bottom-left", "bottom-right")
_PDF_NAME = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]*\.pdf\Z")
_PAGE_COUNTER = re.compile(r"(\{pages?\})")


def write_pdfs(
    site_dir: Path,
    out_dir: Path,
    pages: dict[str, str] | None = None,
    paper: str = "a4",
    passphrases: Mapping[str, str] | None = None,
) -> list[Path]:
    """Print each `pages` entry ({pdf name: page path in the built site}) into `out_dir`; returns the PDFs.

    A PDF named in `passphrases` is of a locked page: opened with that passphrase, and encrypted with it.
    """
    pages = DEFAULT_PDFS if pages is None else pages
    passphrases = passphrases or {}
    if paper not in PAPERS:
        raise BuildError(f"unknown paper size '{paper}': use one of {', '.join(PAPERS)}")
    sources = {name: _site_page(site_dir, name, page) for name, page in pages.items()}
    if passphrases:
        check_encryption()
    written = []
    with _browser() as browser:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BuildError(
                f"cannot create the PDF folder {display_path(out_dir)}: {error.strerror or error}"
            ) from None
        for name, source in sources.items():
            written.append(_print_page(browser, source, out_dir / name, PAPERS[paper], passphrases.get(name)))
    return written


def _site_page(site_dir: Path, name: str, page: str) -> Path:
    """The file of `page` inside the built site, checked to exist and to stay inside it."""
    if not _PDF_NAME.fullmatch(name):
        raise BuildError(f"'{name}': a PDF name is a plain file name ending in .pdf")
    site = site_dir.resolve()
    source = (site / page).resolve()
    if not source.is_relative_to(site):
        raise BuildError(f"refusing to print '{page}': it is outside the site folder")
    if not source.is_file():
        raise BuildError(
            f"{display_path(site_dir)}: no page '{page}' to print: is this a site built by `playbook build`?"
        )
    return source


def check_renderer() -> None:
    """Fail early, saying how to install it, when the PDF renderer is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise BuildError(
            "printing PDFs needs the Playwright package: pip install playwright "
            "(its own browser download is not needed)"
        ) from None
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        raise BuildError(f"printing PDFs needs Chromium at {CHROMIUM}: apt-get install chromium")


def check_encryption() -> None:
    """Fail early, saying how to install them, when the packages that encrypt a PDF are missing."""
    try:
        import cryptography  # noqa: F401  (pypdf's AES)
        import pypdf  # noqa: F401
    except ImportError:
        raise BuildError(
            "a private client's report PDF is encrypted with pypdf and cryptography: "
            "pip install 'maturity-playbook[private]' (no PDF was written)"
        ) from None


def encrypt_pdf(data: bytes, passphrase: str) -> bytes:
    """`data` (a PDF) encrypted so that it opens with `passphrase` only: AES-256 (PDF 2.0, revision 6)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    _resolve_named_destinations(writer)
    writer.encrypt(user_password=passphrase, algorithm="AES-256")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    return encrypted.getvalue()


class _browser:
    """Debian's Chromium, launched headless through Playwright; install hints when either is missing."""

    def __enter__(self):
        check_renderer()
        from playwright.sync_api import Error, sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        except Error as error:
            self._playwright.stop()
            raise BuildError(f"could not start Chromium ({CHROMIUM}): {str(error).splitlines()[0]}") from None
        return self._browser

    def __exit__(self, *exc_info) -> None:
        try:
            self._browser.close()
        finally:
            self._playwright.stop()


def _resolve_named_destinations(writer) -> None:
    """Point every link at its place on the page, and drop the catalog's named destinations.

    Their names are the page's heading anchors (`progress-since-2026-02-10`), and a PDF name is
    never encrypted: they would tell what the report says.
    """
    from pypdf.generic import NameObject

    root = writer.root_object
    places = dict(root["/Dests"].get_object()) if "/Dests" in root else {}
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation["/A"].get_object() if "/A" in annotation else {}
            holder, key = (action, "/D") if "/D" in action else (annotation, "/Dest")
            target = holder.get(key)
            if isinstance(target, NameObject) and target in places:
                holder[NameObject(key)] = places[target]
            elif isinstance(target, NameObject):
                del holder[key]  # a link to no place
    root.pop("/Dests", None)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)  # the dropped ones too


def _print_page(browser, source: Path, target: Path, paper: str, passphrase: str | None = None) -> Path:
    """Print one site page into `target`, atomically; a locked page is opened with `passphrase`
    and its PDF encrypted with it."""
    from playwright.sync_api import Error

    page = None
    try:
        page = browser.new_page()
        page.goto(source.as_uri(), wait_until="load")
        if passphrase is not None:
            _unlock(page, source, passphrase)
        page.evaluate("document.fonts.ready.then(() => true)")
        running = page.evaluate("""() => {
            const box = document.querySelector('[data-pb-print-organisation]');
            const cover = document.querySelector('.pb-cover') !== null;
            return box ? {organisation: box.dataset.pbPrintOrganisation, model: box.dataset.pbPrintModel,
                          version: box.dataset.pbPrintVersion, cover,
                          version_word: box.dataset.pbPrintVersionWord, pages: box.dataset.pbPrintPages}
                       : {organisation: document.title, model: '', version: '', cover};
        }""")
        page.add_style_tag(content=running_css(**running))
        data = page.pdf(format=paper, print_background=True, margin=MARGIN)  # in memory: no clear file
    except Error as error:
        raise BuildError(f"could not print {display_path(source)}: {str(error).splitlines()[0]}") from None
    finally:
        if page is not None:
            page.close()
    if passphrase is not None:
        data = encrypt_pdf(data, passphrase)
    try:
        replace_files({target: data}, 0o666 & ~_umask())  # a PDF is an ordinary file
    except OSError as error:
        raise BuildError(f"could not write {display_path(target)}: {error.strerror or error}") from None
    return target


def _unlock(page, source: Path, passphrase: str) -> None:
    """Open a locked page (templates/assets/private.js) with `passphrase`, as a reader would."""
    page.fill("[data-pb-locked] input[name=passphrase]", passphrase)
    page.click("[data-pb-locked] button[type=submit]")
    outcome = page.wait_for_function(
        """() => !document.querySelector('[data-pb-locked]') ? 'open'
                 : document.querySelector('.pb-locked-error').textContent || null""",
        timeout=60_000,
    ).json_value()
    if outcome != "open":
        raise BuildError(f"could not open {display_path(source)} with the client's passphrase: {outcome}")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def running_css(
    organisation: str,
    model: str,
    version: str,
    cover: bool = False,
    version_word: str = "version",
    pages: str = "Page {page} of {pages}",
) -> str:
    """The running header (organisation | model and version) and footer (model | page numbers) as
    @page margin boxes; none on the first page when it is a cover. The page gives the words in
    its language (`version_word`, and `pages` with its `{page}` and `{pages}` counters)."""
    model_line = f"{model} · {version_word} {version}" if model and version else model
    counters = [
        f"counter({part[1:-1]})" if part in ("{page}", "{pages}") else _css_string(part)
        for part in _PAGE_COUNTER.split(pages)
        if part
    ]
    contents = {
        "top-left": _css_string(organisation),
        "top-right": _css_string(model_line),
        "bottom-left": _css_string(model_line or organisation),
        "bottom-right": " ".join(counters),
    }
    boxes = " ".join(f"@{box} {{ content: {contents[box]}; {_MARGIN_BOX_STYLE} }}" for box in _BOXES)
    css = f"@page {{ {boxes} }}\n"
    if cover:
        css += "@page :first { " + " ".join(f"@{box} {{ content: none; }}" for box in _BOXES) + " }\n"
    return css


def _css_string(text: str) -> str:
    """`text` as a CSS string: every character but letters, digits and spaces escaped (`\\22 `)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'
