"""The portfolio across all clients: CSV, XLSX and the internal page hold `score --json`'s numbers."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from generator import output
from generator.assessment.evaluation import evaluate
from generator.clients.profiles import load_clients
from generator.model.loading import load_model
from tests.helpers.browser import chromium, watch_page
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, MINI, ROOT
from tests.helpers.files import write
from tests.helpers.htmlcheck import read_page

EXAMPLES = ROOT / "clients"

SAMM = ROOT / "tests" / "fixtures" / "samm"  # no matrix, pillar groups, answer scales with digit values

MODEL = load_model(CONTENT)

SAMM_MODEL = load_model(SAMM)

FORMULA_NAME = "=1+1 & <Labs>"


def expected_rows(model, clients_dir: Path) -> list[dict]:
    """What each assessed client's row must hold, read from `evaluate(...).as_json()` (`score --json`)."""
    clients, failures = load_clients(sorted(clients_dir.glob("[!.]*.yaml")), model)
    assert failures == {}
    names = {e.id: e.name for e in [*model.stages, *model.quadrants]}
    rows = []
    for client in sorted(clients, key=lambda c: c.profile.name.casefold()):
        if not client.assessments:
            continue
        latest = client.assessments[-1]
        document = evaluate(model, latest, client.target).as_json()
        if not document["ready"]:
            continue
        row = {
            "Client": client.profile.name,
            "Slug": client.slug,
            "Assessed": latest.assessed.isoformat(),
            "Respondents": len(document["respondents"]),
        }
        levels = {f"{p.name} level": names[document["levels"][p.id]] for p in model.pillars}
        overall = {"Overall maturity": document["maturity_overall"]}
        headline = model.scoring.headline  # what leads: the stage, the overall maturity or the levels
        row.update(
            {"stage": {model.labels.stage.singular: names[document["stage"]]}, "score": overall}.get(headline, levels)
        )
        if model.quadrants:
            row[model.labels.quadrant.singular] = names[document["quadrant"]]
        row.update({f"{axis.name} score": document["axes"][axis.id] for axis in model.axes})
        for pillar in model.pillars:
            if headline != "levels":
                row[f"{pillar.name} level"] = levels[f"{pillar.name} level"]
            row.update(
                {
                    f"{pillar.name} score": document["pillars"][pillar.id],
                    f"{pillar.name} maturity": document["maturity"][pillar.id],
                }
            )
        row.update({f"{group.name} maturity": document["groups"][group.id] for group in model.groups})
        row.update(
            {
                **(overall if headline != "score" else {}),
                "Answered": document["answered"],
                "Total": document["total"],
                "Progress to target (%)": document["to_target"]["overall"],
            }
        )
        rows.append(row)
    return rows


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_xlsx(path: Path) -> tuple[list[str], list[dict]]:
    sheet = load_workbook(path)["Portfolio"]
    header, *rows = sheet.iter_rows(values_only=True)
    return list(header), [dict(zip(header, row, strict=True)) for row in rows]


def assert_same_rows(csv_rows: list[dict], xlsx_rows: list[dict], expected: list[dict]) -> None:
    assert len(csv_rows) == len(xlsx_rows) == len(expected)
    for from_csv, from_xlsx, want in zip(csv_rows, xlsx_rows, expected, strict=True):
        assert list(from_csv) == list(from_xlsx) == list(want)
        for title, value in want.items():
            if isinstance(value, str):  # in the CSV, text that would start a formula starts with '
                shown = "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value
                assert from_csv[title] == shown and from_xlsx[title] == value, title
            else:  # a number: a number in both files, equal to score --json's
                assert float(from_csv[title]) == value, title
                assert isinstance(from_xlsx[title], (int, float)) and from_xlsx[title] == value, title


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> Path:
    """The portfolio of the example clients (one of them private) with the bundled model."""
    out = tmp_path_factory.mktemp("portfolio") / "out"
    result = run("portfolio", "--content", str(CONTENT), "--clients", str(EXAMPLES), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("(3 clients)\n")
    return out


def samm_answers(offset: int) -> dict[str, str]:
    """Answers to every SAMM item, each client's different (the item's options taken in turn)."""
    return {
        item.id: SAMM_MODEL.scale_of(item)[(index + offset) % len(SAMM_MODEL.scale_of(item))].value
        for index, item in enumerate(SAMM_MODEL.items)
    }


@pytest.fixture(scope="module")
def samm_clients(tmp_path_factory) -> Path:
    """Four clients of a model without a matrix: three assessed (one by two respondents), one not yet."""
    folder = tmp_path_factory.mktemp("samm") / "clients"
    folder.mkdir()
    profiles = {
        "formula": {
            "name": FORMULA_NAME,
            "slug": "formula-labs",
            "assessments": [
                {"assessed": "2026-05-01", "answers": samm_answers(0)},
                {"assessed": "2026-08-01", "answers": samm_answers(1)},
            ],
        },
        "acme": {
            "name": "Acme Shipping",
            "slug": "acme-shipping",
            "assessments": [
                {
                    "assessed": "2026-06-15",
                    "respondents": [
                        {"name": "Ada", "role": "CISO", "answers": samm_answers(2)},
                        {"name": "Bo", "role": "Engineer", "answers": samm_answers(3)},
                    ],
                }
            ],
        },
        "bright": {
            "name": "Bright Bank",
            "slug": "bright-bank",
            "target": {"stage": "level-2"},
            "assessments": [{"assessed": "2026-07-01", "answers": samm_answers(3)}],
        },
        "zenith": {"name": "Zenith Works", "slug": "zenith-works"},
    }
    for file, profile in profiles.items():
        (folder / f"{file}.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def samm_portfolio(samm_clients) -> Path:
    out = samm_clients.parent / "out"
    result = run("portfolio", "--content", str(SAMM), "--clients", str(samm_clients), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("(3 clients; 1 not assessed yet)\n")
    return out


def test_example_portfolio_holds_the_numbers_of_score_json(examples):
    expected = expected_rows(MODEL, EXAMPLES)
    header, xlsx_rows = read_xlsx(examples / "portfolio.xlsx")
    assert header == list(expected[0])
    assert [row["Client"] for row in expected] == ["Fjord Energi AS", "Lumen Health", "Northwind Retail"]
    assert_same_rows(read_csv(examples / "portfolio.csv"), xlsx_rows, expected)


def test_a_row_matches_the_real_score_command(examples, tmp_path):
    client = next(c for c in load_clients([EXAMPLES / "lumen-health.yaml"], MODEL)[0])
    answers = tmp_path / "lumen.yaml"
    answers.write_text(yaml.safe_dump({"answers": client.assessments[-1].answers}), encoding="utf-8")
    result = run("score", str(answers), "--content", str(CONTENT), "--json")
    assert result.exit_code == 0, result.output
    scored = json.loads(result.stdout)
    row = next(r for r in read_csv(examples / "portfolio.csv") if r["Slug"] == "lumen-health")
    for pillar in MODEL.pillars:
        assert float(row[f"{pillar.name} score"]) == scored["pillars"][pillar.id]
        assert float(row[f"{pillar.name} maturity"]) == scored["maturity"][pillar.id]
    assert [float(row[f"{axis.name} score"]) for axis in MODEL.axes] == list(scored["axes"].values())
    assert float(row["Overall maturity"]) == scored["maturity_overall"]
    assert float(row["Progress to target (%)"]) == scored["to_target"]["overall"]
    assert (int(row["Answered"]), int(row["Total"])) == (scored["answered"], scored["total"])


def test_a_model_without_a_matrix(samm_clients, samm_portfolio):
    expected = expected_rows(SAMM_MODEL, samm_clients)
    header, xlsx_rows = read_xlsx(samm_portfolio / "portfolio.xlsx")
    assert [row["Client"] for row in expected] == [FORMULA_NAME, "Acme Shipping", "Bright Bank"]
    assert header[:6] == [
        "Client",
        "Slug",
        "Assessed",
        "Respondents",
        "Overall maturity",  # a score-led model (`headline: score`) leads with it; no quadrant, no axes
        f"{SAMM_MODEL.pillars[0].name} level",
    ]
    assert {"Design maturity", "Operations maturity"} <= set(header)
    assert "Maturity level" not in header and header.count("Overall maturity") == 1  # no overall stage
    page = (samm_portfolio / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<button type="button" title="[^"]*">([^<]*)</button>', page) == header
    assert_same_rows(read_csv(samm_portfolio / "portfolio.csv"), xlsx_rows, expected)
    assert xlsx_rows[1]["Respondents"] == 2 and xlsx_rows[0]["Assessed"] == "2026-08-01"  # the latest one
    assert "Zenith Works" not in (samm_portfolio / "portfolio.csv").read_text(encoding="utf-8")


def test_workbook_layout_and_text_that_looks_like_a_formula_in_both_files(samm_portfolio):
    workbook = load_workbook(samm_portfolio / "portfolio.xlsx")
    assert workbook.sheetnames == ["Portfolio", "Model"]
    sheet = workbook["Portfolio"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    assert all(sheet.column_dimensions[letter].width > 5 for letter in "ABC")
    cell = sheet["A2"]
    assert (cell.value, cell.data_type) == (FORMULA_NAME, "s")
    assert read_csv(samm_portfolio / "portfolio.csv")[0]["Client"] == "'" + FORMULA_NAME  # text there too
    with zipfile.ZipFile(samm_portfolio / "portfolio.xlsx") as archive:
        assert not any("<f>" in archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))
    about = {row[0]: row[1] for row in workbook["Model"].iter_rows(values_only=True) if row[0]}
    assert (about["Model"], about["Version"]) == (SAMM_MODEL.info.id, SAMM_MODEL.info.version)
    assert all(title in about and about[title] for title in next(sheet.iter_rows(values_only=True)))


def test_files_are_the_same_bytes_each_time(samm_clients, samm_portfolio, tmp_path):
    assert (
        run("portfolio", "--content", str(SAMM), "--clients", str(samm_clients), "--out", str(tmp_path)).exit_code == 0
    )
    for name in ("index.html", "portfolio.csv", "portfolio.xlsx"):
        assert (tmp_path / name).read_bytes() == (samm_portfolio / name).read_bytes(), name


def test_page_is_standalone_escaped_and_names_every_client(examples, samm_portfolio):
    for out, names in (
        (examples, ["Fjord Energi AS", "Lumen Health", "Northwind Retail"]),
        (samm_portfolio, [FORMULA_NAME, "Acme Shipping", "Bright Bank", "Zenith Works"]),
    ):
        html = (out / "index.html").read_text(encoding="utf-8")
        facts = read_page(out / "index.html")
        text = " ".join(facts.text)
        assert all(name in text for name in names)
        assert facts.links == [] and all("src" not in script for script in facts.scripts)
        assert "<link" not in html and "url(" not in html and '<meta name="robots" content="noindex' in html
        assert facts.event_attributes == []
    samm_html = (samm_portfolio / "index.html").read_text(encoding="utf-8")
    assert "&lt;Labs&gt;" in samm_html and "<Labs>" not in samm_html
    assert f"Zenith Works: Not yet assessed: 0 of {len(SAMM_MODEL.items)} answered" in " ".join(
        read_page(samm_portfolio / "index.html").text
    )
    assert read_page(examples / "index.html").title == f"Portfolio: {MODEL.info.name}"
    assert "<svg" in (examples / "index.html").read_text() and "<svg" not in samm_html  # a matrix only with axes


@pytest.mark.browser
def test_headings_sort_the_table_in_chromium(examples):
    csv_rows = read_csv(examples / "portfolio.csv")
    by_score = [r["Client"] for r in sorted(csv_rows, key=lambda r: float(r["People score"]))]
    with chromium() as browser:
        page = browser.new_page()
        problems = watch_page(page)
        page.goto((examples / "index.html").as_uri())
        heading = page.locator("thead th", has_text="People score")
        names = lambda: page.locator("tbody th").all_inner_texts()  # noqa: E731
        assert names() == [r["Client"] for r in csv_rows]
        heading.get_by_role("button").click()
        assert names() == by_score and heading.get_attribute("aria-sort") == "ascending"
        assert page.locator("thead th[aria-sort]").count() == 1
        heading.get_by_role("button").click()
        assert names() == by_score[::-1] and heading.get_attribute("aria-sort") == "descending"
        page.get_by_role("button", name="Slug").click()
        assert names() == ["Fjord Energi AS", "Lumen Health", "Northwind Retail"]
        assert problems == []


@pytest.mark.parametrize("value", ["pdf", "html,", "csv,xls"])
def test_a_bad_format_is_a_usage_error(value, tmp_path):
    result = run("portfolio", "--clients", str(EXAMPLES), "--out", str(tmp_path / "out"), "--format", value)
    assert result.exit_code == 2
    assert "is not a portfolio format: give a comma-separated list of html, csv, xlsx" in result.stderr
    assert not (tmp_path / "out").exists()


def test_format_chooses_the_files(samm_clients, tmp_path):
    result = run(
        "portfolio",
        "--content",
        str(SAMM),
        "--clients",
        str(samm_clients),
        "--out",
        str(tmp_path),
        "--format",
        "CSV, html",
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "portfolio.csv"]


def test_a_bad_profile_is_reported_and_the_others_go_on(samm_clients, tmp_path):
    clients = tmp_path / "clients"
    clients.mkdir()
    for path in samm_clients.glob("*.yaml"):
        (clients / path.name).write_bytes(path.read_bytes())
    (clients / "broken.yaml").write_text("name: Broken\nslug: broken\ncolour: red\n", encoding="utf-8")
    result = run("portfolio", "--content", str(SAMM), "--clients", str(clients), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "broken.yaml:3:1: error: colour: unknown key 'colour'" in result.stderr
    assert "1 of 5 client profiles failed to load:" in result.stderr
    assert [r["Client"] for r in read_csv(tmp_path / "out" / "portfolio.csv")] == [
        "'" + FORMULA_NAME,
        "Acme Shipping",
        "Bright Bank",
    ]


def test_a_failed_write_leaves_the_previous_files(samm_clients, tmp_path, monkeypatch):
    args = ("portfolio", "--content", str(SAMM), "--clients", str(samm_clients), "--out", str(tmp_path))
    assert run(*args).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_mkstemp, calls = output.tempfile.mkstemp, []

    def full_disk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(output.tempfile, "mkstemp", full_disk)
    result = run(*args)
    assert result.exit_code == 1
    assert "cannot write the portfolio into" in result.stderr and "No space left on device" in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temporary file left either


def test_a_client_below_min_answered_is_listed_as_not_assessed_and_left_out_of_rows_and_chart(tmp_path):
    clients = tmp_path / "clients"
    for index, value in enumerate(("yes", "partial")):
        answers = f"assessments:\n  - answers:\n      metrics-published: {value}\n      review-held: yes\n"
        write(clients / f"c{index}.yaml", f"name: Client {index}\nslug: c{index}\n{answers}")
    assert run("new-client", "Delta Inc", "--content", str(MINI), "--clients", str(clients)).exit_code == 0
    out = tmp_path / "out"
    result = run("portfolio", "--content", str(MINI), "--clients", str(clients), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("(2 clients; 1 not assessed yet)\n")
    total = len(load_model(MINI).items)
    assert [row["Client"] for row in read_csv(out / "portfolio.csv")] == ["Client 0", "Client 1"]
    page = read_page(out / "index.html")
    assert f"Delta Inc: Not yet assessed: 0 of {total} answered" in " ".join(page.text)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count("<circle") == 2 and "Delta Inc</title>" not in html  # a dot per assessed client
