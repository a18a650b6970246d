"""The client report (generator/pages/report.py): progress between assessments, respondents and
their disagreement with safe notes, and the branded PDF a consultant hands over (cover, one-page
summary, then the report, on paper without the web's buttons and instructions)."""

from __future__ import annotations

import html
import json
import re
import struct
import subprocess
import zlib

import pytest
import yaml

from generator.assessment.scoring import score_answers
from generator.build.pipeline import render_site
from generator.clients.profiles import load_client
from generator.formatting import format_number, format_percent
from generator.model.loading import load_model
from tests.helpers.browser import chromium
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import CONTENT, FIXTURES, MINI
from tests.helpers.files import write
from tests.helpers.pdf import pdf_text, words


def test_report_shows_progress_between_assessments(client_sites):
    out, _ = client_sites
    report = (out / "lumen-health/report.html").read_text()
    assert "Progress since 2026-02-10" in report and "What moved up" in report
    assert [report.count(f'class="pb-dot pb-dot-{kind}"') for kind in ("previous", "now", "target")] == [1, 1, 1]
    assert report.count("pb-bars-chart") == 4 + 1  # axes, pillars, stages, maturity; then every pillar over time
    over_time = re.search(r'<desc id="pb&#45;comparison-desc">(.*?)</desc>', report)[1]
    assert html.unescape(over_time) == (
        "People: 2026-02-10 62.1, 2026-10-20 98.5, Target 100. Governance: 2026-02-10 67, 2026-10-20 92.4, "
        "Target 100. Technology: 2026-02-10 72.2, 2026-10-20 94.4, Target 100."
    )
    single = (out / "fjord-energi/report.html").read_text()
    assert "Progress since" not in single and "pb-comparison" not in single
    assert "Neste vurdering vil vise hvordan hver pilar har flyttet seg siden denne." in single


def test_respondents_in_a_profile_build_a_report_with_their_disagreement_and_safe_notes(acme, tmp_path):
    result = run("build", "--client", str(acme), "--content", str(MINI), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    report = (tmp_path / "site" / "acme" / "report.html").read_text(encoding="utf-8")
    assert "Merged from 2 respondents" in report and "Where respondents disagree most" in report
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;" in report and "<script>alert(1)" not in report
    assert 'href="javascript:' not in report  # the note's link is text, never a link
    assert "wiki.example" not in report  # evidence stays in the answers (the appendix shows answers only)
    roadmap_page = (tmp_path / "site" / "acme" / "roadmap.html").read_text(encoding="utf-8")
    assert "Phase 1" in roadmap_page


BRAND = (0x1A, 0x23, 0x7E)

WEB_ONLY = [
    "Export answers",
    "Import answers",
    "See the roadmap",
    "Select a quadrant",
    "Answers stay in this browser",
    "Report (PDF)",
    "Checklist (PDF)",
    "Printable version",
]

PROFILE = """name: Fjell & Fjord AS
slug: fjell-fjord
logo: logo.png
colors:
  primary: "#1a237e"
  accent: "#c2185b"
assessments:
  - assessed: 2026-01-15
    answers: {before}
  - assessed: 2026-06-30
    answers: {after}
"""

MODEL = load_model(CONTENT)

FIRST_STAGE = [item.id for item in MODEL.items if item.stage == MODEL.stages[0].id]


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def client_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-pdf")
    (folder / "logo.png").write_bytes(png(64, 32, (0xE6, 0x51, 0x00)))
    before = {item.id: "yes" if item.id in FIRST_STAGE[::2] else "no" for item in MODEL.items}
    after = {item.id: "yes" if item.id in FIRST_STAGE else "no" for item in MODEL.items}
    profile = PROFILE.replace("{before}", json.dumps(before)).replace("{after}", json.dumps(after))
    (folder / "fjell.yaml").write_text(profile, encoding="utf-8")
    result = run(
        "build",
        "--content",
        str(CONTENT),
        "--client",
        str(folder / "fjell.yaml"),
        "--out",
        str(folder / "site"),
        "--pdf",
        "a4",
    )
    assert result.exit_code == 0, result.output
    return folder / "site" / "fjell-fjord"


@pytest.mark.browser
def test_cover_page_has_the_client_date_logo_and_brand_colour(client_site):
    report = client_site / "report.pdf"
    cover = words(pdf_text(report, 1))
    assert (
        cover
        == f"Fjell & Fjord AS Assessment of 2026-06-30 Social Business Maturity Playbook · version {MODEL.info.version} "
        "Confidential: prepared for Fjell & Fjord AS"
    )
    images = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(report)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(images) == 1 and images[0].split()[3:5] == ["64", "32"]  # the logo
    ppm = subprocess.run(
        ["pdftoppm", "-r", "20", "-f", "1", "-l", "1", str(report)], capture_output=True, check=True
    ).stdout
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    pixels = ppm[header.end() :]
    branded = sum(1 for i in range(0, len(pixels), 3) if all(abs(pixels[i + k] - BRAND[k]) < 12 for k in range(3)))
    assert branded / (len(pixels) / 3) > 0.05  # the band in the brand colour


@pytest.mark.browser
def test_second_page_is_the_summary_with_strengths_gaps_and_next_steps(client_site):
    page = words(pdf_text(client_site / "report.pdf", 2))
    report = (client_site / "report.html").read_text()
    verdict = re.search(r'<p class="pb-summary-verdict">(.*?)</p>', report, re.S)
    assert f"Summary {words(html.unescape(verdict.group(1)))} Stage " in page  # the verdict leads
    assert re.search(r"Stage \w+ Quadrant \w+ Maturity score [\d.]+ of 3 Progress to target [\d.]+%", page)
    lists = report[report.index('<div class="pb-summary-lists">') : report.index("</section>")]
    at = 0
    for heading in ("Strengths", "Gaps", "Next steps"):  # in this order, three lines each, on this page
        listed = re.search(rf"<h3>{heading}</h3><[ou]l>(.*?)</[ou]l>", lists)[1]
        lines = [words(html.unescape(line)) for line in re.findall(r"<li>([^<]*)", listed)]
        assert len(lines) == 3
        for line in [heading, *lines]:
            at = page.index(line, at)
    assert "Progress since 2026-01-15 Then: " in page
    assert f"{len(FIRST_STAGE) // 2} answers moved up and 0 slipped" in page
    assert "Your assessment" not in page  # the report itself starts on the next page
    text = words(pdf_text(client_site / "report.pdf"))
    assert text.index("Your assessment") < text.index("Roadmap Progress to target") < text.index("Where you stand")
    assert "Page 2 of" in page and "Page 1 of" not in words(pdf_text(client_site / "report.pdf", 1))


@pytest.mark.browser
def test_no_web_only_text_on_paper(client_site):
    for name in ("report.pdf", "checklist.pdf"):
        text = words(pdf_text(client_site / name))
        assert [phrase for phrase in WEB_ONLY if phrase in text] == [], name
    assert "Organisation Fjell & Fjord AS" in words(pdf_text(client_site / "checklist.pdf", 1))


@pytest.mark.browser
def test_the_report_page_hides_the_cover_and_summary_on_screen(client_site):
    with chromium() as browser:
        page = browser.new_page()
        page.goto((client_site / "report.html").as_uri())
        assert page.locator(".pb-cover").is_hidden() and page.locator(".pb-summary-page").is_hidden()
        page.emulate_media(media="print")
        assert page.locator(".pb-cover").is_visible() and page.locator(".pb-summary-page").is_visible()


@pytest.mark.parametrize("answered", [0, 1])
def test_below_min_answered_the_report_and_roadmap_give_no_verdict(tmp_path, answered):
    """A client fresh from new-client (or with too few answers): its report and roadmap say how
    many are answered and what to answer first, and name no stage, quadrant, score or next step."""
    model = load_model(MINI)
    clients = tmp_path / "clients"
    assert run("new-client", "Newco", "--content", str(MINI), "--clients", str(clients)).exit_code == 0
    profile = clients / "newco.yaml"
    first = model.items[0].id
    if answered:
        text = profile.read_text(encoding="utf-8").replace(f"      {first}:\n", f"      {first}: yes\n")
        profile.write_text(
            text.replace("  - assessed:          # YYYY-MM-DD", "  - assessed: 2026-11-02"), encoding="utf-8"
        )
    result = run("build", "--content", str(MINI), "--client", str(profile), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    site = tmp_path / "site" / "newco"
    for page in ("report.html", "roadmap.html"):
        article = re.search(r"<article.*?</article>", (site / page).read_text(encoding="utf-8"), re.S).group(0)
        text = html.unescape(re.sub(r"<[^>]+>", " ", article))
        assert f"Not yet assessed: {answered} of {len(model.items)} answered." in text, page
        unanswered = [item for item in model.items if item.id != first or not answered]
        assert unanswered[0].text in text and f"checklist.html#pb-item-{unanswered[0].id}" in article
        named = [s.name for s in model.stages] + [q.name for q in model.quadrants] + ["Maturity score", "Phase 1"]
        assert [name for name in named if name in text] == [], page


COMMENTARY = """name: Acme
slug: acme
assessments:
  - assessed: 2026-05-01
    commentary: |
      **Good** progress since May. <script>alert(1)</script> <img src=x onerror=alert(2)>
      {: onclick="alert(3)" }

      Second paragraph.
    answers: {metrics-published: "yes", self-service: "no"}
"""


def test_the_commentary_shows_under_its_heading_as_markdown_and_hostile_markup_stays_text(tmp_path):
    write(tmp_path / "acme.yaml", COMMENTARY)
    result = run(
        "build", "--client", str(tmp_path / "acme.yaml"), "--content", str(MINI), "--out", str(tmp_path / "site")
    )
    assert result.exit_code == 0, result.stderr
    report = (tmp_path / "site" / "acme" / "report.html").read_text(encoding="utf-8")
    commentary = report[report.index('<h2 id="commentary">') : report.index('<h2 id="where-you-stand">')]
    assert "<p><strong>Good</strong> progress since May." in commentary and "<p>Second paragraph.</p>" in commentary
    assert "<script>alert" not in report and "<img src" not in commentary
    assert not re.search(r"<[^>]*on(click|error)", commentary)  # no element took an attribute
    assert "&#60;script&gt;alert(1)&#60;/script&gt; &#60;img src=x onerror=alert(2)&gt;" in commentary  # as text
    assert "&#123;: onclick" in commentary


def test_a_commentary_link_the_site_would_refuse_is_an_error_at_its_line(tmp_path):
    write(tmp_path / "acme.yaml", COMMENTARY.replace("Second paragraph.", "[Open](javascript:alert)"))
    result = run(
        "build", "--client", str(tmp_path / "acme.yaml"), "--content", str(MINI), "--out", str(tmp_path / "site")
    )
    assert (
        "acme.yaml:5:17: error: assessments[0].commentary: link 'javascript:alert' (text 'Open') is not allowed"
        in clean_failure(result)
    )
    assert not (tmp_path / "site" / "acme").exists()


def test_a_score_led_report_leads_with_the_maturity_score_and_names_no_overall_stage(samm_client_site):
    site, _, model = samm_client_site
    report = (site / "report.html").read_text(encoding="utf-8")
    summary = re.search(r'<dl class="pb-summary-facts">(.*?)</dl>', report, re.S)[1]
    assert [html.unescape(t) for t in re.findall(r"<dt>(.*?)</dt>", summary)] == [
        "Maturity score",
        "Progress to target",
    ]
    cards = re.search(r"pb-report-headline(.*?)</div>", report, re.S)[1]
    assert re.findall(r"<strong>(.*?)</strong>", cards) == ["Maturity score"]
    stage = model.labels.stage.singular  # "Maturity level"
    assert stage not in summary and stage not in cards
    then_and_now = re.findall(r"(Maturity score: [\d.]+ → [\d.]+\.)(.*?)</p>", html.unescape(report))
    assert len(then_and_now) == 2 and not any("Then:" in rest for _, rest in then_and_now)


def report_completion(report: str) -> dict[str, str]:
    """{pillar:stage: text} of the report's completion heatmap."""
    table = re.search(r'<table class="pb-completion-table">(.*?)</table>', report, re.S)[1]
    return {
        html.unescape(key): html.unescape(text)
        for key, text in re.findall(r'<td data-pb-completion="([^"]+)"[^>]*>([^<]*)</td>', table)
    }


def test_the_report_shows_completion_per_pillar_and_stage_as_score_json_gives_it(samm_client_site):
    site, _, model = samm_client_site
    profile = yaml.safe_load((site.parent.parent / "acme.yaml").read_text(encoding="utf-8"))
    completion = score_answers(model, profile["assessments"][-1]["answers"]).completion
    report = (site / "report.html").read_text(encoding="utf-8")
    assert report_completion(report) == {
        f"{pillar}:{stage}": format_percent("en", share * 100) if share is not None else "–"
        for pillar, shares in completion.items()
        for stage, share in shares.items()
    }
    head = re.search(r'<table class="pb-completion-table">.*?</thead>', report, re.S)[0]
    assert re.findall(r'<th scope="col">([^<]*)</th>', head) == ["Security practice"] + [
        s.name
        for s in model.stages
        if s.id != "level-0"  # a stage without items is reached by default: no column
    ]
    assert "<caption" in head and 'role="region"' in report


@pytest.mark.browser
def test_the_printed_report_keeps_the_whole_completion_heatmap(samm_client_site, tmp_path):
    site, _, model = samm_client_site
    with chromium() as browser:
        page = browser.new_page()
        page.goto((site / "report.html").as_uri())
        page.pdf(path=str(tmp_path / "report.pdf"), format="A4", print_background=True)
    text = words(pdf_text(tmp_path / "report.pdf"))
    cells = report_completion((site / "report.html").read_text(encoding="utf-8"))
    for pillar in model.pillars:  # each row whole, in order, on paper
        row = " ".join(text for key, text in cells.items() if key.startswith(f"{pillar.id}:"))
        assert f"{pillar.name} {row}" in text


STREAMS_CLIENT = """name: Secure Co
slug: secure-co
assessments:
  - assessed: 2026-11-01
    answers: {threats-a1: "1", threats-a2: "0.5", threats-a3: "0.25", threats-b1: yearly, threats-b2: never,
              threats-b3: quarterly, requirements-a1: "0", requirements-a2: "0", requirements-a3: "0",
              requirements-b1: "0", requirements-b2: "0", requirements-b3: "0"}
"""

LEVEL_ROW = re.compile(
    r'^\| (<span class="pb-stream-row">)?([^|<]+)(?:</span>)? \| \[([^\]]+)\]\([^)]*\) \|(.*)$', re.M
)


def levels_table(tmp_path, content, profile: str) -> list[tuple[bool, str, str, str]]:
    """(a stream's row, name, stage, maturity score) of each row of the report's levels table."""
    model = load_model(content)
    write(tmp_path / "client.yaml", profile)
    docs, _ = render_site(model, load_client(tmp_path / "client.yaml", model))
    return [
        (bool(stream), name, stage, html.unescape(rest).strip(" |"))
        for stream, name, stage, rest in LEVEL_ROW.findall(docs["report.md"])
    ]


def test_the_report_shows_each_streams_level_and_score_under_its_pillar(tmp_path):
    # threats-a: credits 1, 0.5, 0.25 (levels 1 and 2 reached); threats-b: 0.5, 0, 1 (level 1 only)
    assert levels_table(tmp_path, FIXTURES / "samm", STREAMS_CLIENT)[:4] == [
        (False, "Threat assessment", "Foundations", "1.625"),
        (True, "Application risk profile", "Structured", "1.75"),
        (True, "Threat modelling", "Foundations", "1.5"),
        (False, "Security requirements", "Not started", "0"),
    ]
    without = levels_table(tmp_path, MINI, COMMENTARY)
    assert without and all(not stream and rest == "" for stream, _, _, rest in without)


def test_a_level_led_report_says_then_and_now_by_the_maturity_score(tmp_path):
    """`headline: levels` names no overall stage; then and now is the maturity score (each
    pillar's level before and now is in the comparison under it)."""
    model = load_model(FIXTURES / "long-labels")
    first = {item.id: model.scale_of(item)[-1].value for item in model.items}
    second = {item.id: model.scale_of(item)[0].value for item in model.items}
    profile = {
        "name": "Acme",
        "slug": "acme",
        "assessments": [{"assessed": "2026-05-01", "answers": first}, {"assessed": "2026-11-01", "answers": second}],
    }
    write(tmp_path / "acme.yaml", yaml.safe_dump(profile))
    docs, _ = render_site(model, load_client(tmp_path / "acme.yaml", model))
    before, now = (score_answers(model, answers).maturity_overall for answers in (first, second))
    progress = docs["report.md"].split("### Progress since ", 1)[1].split("\n", 1)[1]
    assert (
        html.unescape(progress)
        .lstrip()
        .startswith(f"Maturity score: {format_number('en', before, 1)} → {format_number('en', now, 1)}.")
    )
    assert "Then:" not in docs["report.md"]
