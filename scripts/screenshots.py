"""Regenerate the screenshots of the README and the docs (docs/pages/images/*.png) from fresh builds.

    .venv/bin/python -m scripts.screenshots        # from the checkout's root (make screenshots)

Builds the generic site and the example client Lumen Health (both with their PDFs) into a temporary
folder, serves it on loopback and shoots it with Debian's Chromium at a fixed viewport. The
checklist is answered by clicking its radios, with Lumen Health's latest answers (half the items,
then all), so that every run shows the same page.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from generator.build.batch import build_clients
from generator.build.pipeline import build_playbook
from generator.clients.profiles import load_clients
from generator.model.loading import load_model
from tests.helpers.browser import chromium, free_port, served, settled

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CLIENT = ROOT / "clients" / "lumen-health.yaml"
DOCS = ROOT / "docs" / "pages" / "images"
VIEWPORT = {"width": 1280, "height": 800}
SHOT = {"animations": "disabled", "caret": "hide"}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="playbook-screenshots-") as work:
        site, port = Path(work) / "site", free_port()
        root = f"http://127.0.0.1:{port}/"
        build_playbook(CONTENT, site, site_url=root, paper="a4")
        (outcome,) = build_clients(CONTENT, [CLIENT], site, jobs=1, paper="a4", site_url=root)
        if outcome.result != "built":
            raise SystemExit(f"{CLIENT.name}: {outcome.message}")
        with served(site, port), chromium() as browser:
            page = browser.new_page(viewport=VIEWPORT)
            shoot(page, f"{root}index.html", "screenshot-home.png")
            shoot(page, f"{root}checklist.html", "screenshot-checklist-empty.png")
            answers = sample_answers()
            half = dict(list(answers.items())[: len(answers) // 2])
            answer(page, half)
            scroll_to(page, f'[data-pb-fieldset="{list(half)[-1]}"]', "center")  # where answering stopped
            page.screenshot(path=DOCS / "screenshot-checklist-half.png", **SHOT)
            answer(page, answers)
            scroll_to(page, ".pb-results", "start")
            page.screenshot(path=DOCS / "screenshot-checklist-full.png", **SHOT)
            shoot(page, f"{root}{outcome.folder}/report.html", "screenshot-report.png")
        pdf_page(site / outcome.folder / "report.pdf", 1, "screenshot-pdf-cover.png")
        pdf_page(site / outcome.folder / "report.pdf", 2, "screenshot-pdf-summary.png")
        pdf_page(site / "checklist.pdf", 1, "print-checklist.png")
    for path in sorted(DOCS.glob("*.png")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def shoot(page, url: str, name: str) -> None:
    """The first screen of the page at `url`."""
    page.goto(url, wait_until="networkidle")
    page.screenshot(path=DOCS / name, **SHOT)


def pdf_page(pdf: Path, number: int, name: str) -> None:
    """Page `number` of `pdf` as a PNG (pdftoppm, at 60 dpi)."""
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            str(number),
            "-l",
            str(number),
            "-singlefile",
            str(pdf),
            str(DOCS / name.removesuffix(".png")),
        ],
        check=True,
    )


def scroll_to(page, selector: str, block: str) -> None:
    """Scroll `selector` to the `block` position of the screen, clear of the theme's sticky header."""
    page.locator(selector).first.evaluate(
        """(element, block) => {
        element.style.scrollMarginTop = document.querySelector('.md-header').offsetHeight + 'px';
        element.scrollIntoView({block});
    }""",
        block,
    )


def sample_answers() -> dict[str, str]:
    """Every checklist item's answer in Lumen Health's latest assessment (the scale's first where it has none)."""
    model = load_model(CONTENT)
    (client,), _ = load_clients([CLIENT], model)
    given = client.assessments[-1].answers
    return {item.id: given.get(item.id) or model.scale_of(item)[0].value for item in model.items}


def answer(page, answers: dict[str, str]) -> None:
    """Click each item's radio, as a person answers."""
    for item, value in answers.items():
        page.locator(f'input[type="radio"][data-pb-item="{item}"][value="{value}"]').click()
    settled(page)


if __name__ == "__main__":
    main()
