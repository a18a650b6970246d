"""PDFs of built site pages, printed by headless Chromium (Debian's package) driven by Playwright.

Chromium rather than WeasyPrint: the PDF shows exactly what the browser shows (the site's CSS,
its print rules, inline SVG). The browser is never downloaded (`playwright install` is not
used): a missing Chromium or Playwright is an error that says how to install it.

Each PDF is printed into a temporary file beside its target and moved into place only when
complete, so a failed run never leaves a partial PDF. The running header and footer are CSS
@page margin boxes added at print time (Chromium's own header template cannot leave out a page),
so that a report's cover page carries none.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..errors import BuildError, display_path
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


def write_pdfs(site_dir: Path, out_dir: Path, pages: dict[str, str] | None = None, paper: str = "a4") -> list[Path]:
    """Print each `pages` entry ({pdf name: page path in the built site}) into `out_dir`; returns the PDFs."""
    pages = DEFAULT_PDFS if pages is None else pages
    if paper not in PAPERS:
        raise BuildError(f"unknown paper size '{paper}': use one of {', '.join(PAPERS)}")
    sources = {name: _site_page(site_dir, name, page) for name, page in pages.items()}
    written = []
    with _browser() as browser:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BuildError(
                f"cannot create the PDF folder {display_path(out_dir)}: {error.strerror or error}"
            ) from None
        for name, source in sources.items():
            written.append(_print_page(browser, source, out_dir / name, PAPERS[paper]))
    return written


def _site_page(site_dir: Path, name: str, page: str) -> Path:
    """The file of `page` inside the built site, checked to exist and to stay inside it."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.pdf", name):
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


def _print_page(browser, source: Path, target: Path, paper: str) -> Path:
    """Print one site page into `target`, atomically."""
    from playwright.sync_api import Error

    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise BuildError(f"could not write into {display_path(target.parent)}: {error.strerror or error}") from None
    os.close(handle)
    page = None
    try:
        page = browser.new_page()
        page.goto(source.as_uri(), wait_until="load")
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
        page.pdf(path=temporary, format=paper, print_background=True, margin=MARGIN)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a PDF is an ordinary file
        os.replace(temporary, target)
    except Error as error:
        raise BuildError(f"could not print {display_path(source)}: {str(error).splitlines()[0]}") from None
    except OSError as error:
        raise BuildError(f"could not write {display_path(target)}: {error.strerror or error}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
        if page is not None:
            page.close()
    return target


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
        for part in re.split(r"(\{pages?\})", pages)
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
