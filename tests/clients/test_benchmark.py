"""The anonymised benchmark (generator/clients/benchmark.py): who counts, how many it needs, and
that what it publishes cannot give away another client's score."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.build.pipeline import render_site
from generator.clients.benchmark import MIN_PEERS, with_benchmarks
from generator.clients.profiles import load_clients
from generator.model.loading import load_model
from tests.helpers.cli import run
from tests.helpers.data import MINI
from tests.helpers.files import write

MODEL = load_model(MINI)
# The small model: tooling = 2 x metrics-published + self-service (weights); partial is half.
TOOLING = {  # {tooling score: the answers that give it}
    0: {"metrics-published": "no", "self-service": "no"},
    100 / 6: {"metrics-published": "no", "self-service": "partial"},
    100 / 3: {"metrics-published": "partial", "self-service": "no"},
    50: {"metrics-published": "partial", "self-service": "partial"},
    100 * 2 / 3: {"metrics-published": "yes", "self-service": "no"},
    100: {"metrics-published": "yes", "self-service": "yes"},
}
HABITS = {"review-held": "yes", "decisions-logged": "partial"}
PASSPHRASE = "orbit velvet canyon 42 lantern"


def _folder(tmp_path, profiles: dict[str, dict]) -> list:
    for slug, given in profiles.items():
        extra = {key: value for key, value in given.items() if key != "tooling"}
        answers = TOOLING[given["tooling"]] | HABITS
        profile = {"name": slug.title(), "slug": slug, "assessments": [{"assessed": "2026-01-05", "answers": answers}]}
        (tmp_path / f"{slug}.yaml").write_text(yaml.safe_dump(profile | extra), encoding="utf-8")
    clients, failures = load_clients(sorted(tmp_path.glob("*.yaml")), MODEL)
    assert failures == {}
    return with_benchmarks(MODEL, clients)


def _benchmark_of(clients, slug: str) -> dict:
    return next(c.benchmark for c in clients if c.slug == slug)


def test_quartiles_are_bands_of_the_other_clients_only(tmp_path):
    scores = [0, 100 / 6, 50, 100 * 2 / 3, 100]  # quartiles (inclusive): 16.7, 50, 66.7
    profiles = {f"peer-{i}": {"tooling": score} for i, score in enumerate(scores)}
    clients = _folder(tmp_path, profiles | {"reader": {"tooling": 100, "benchmark": True}})
    tooling = _benchmark_of(clients, "reader")["pillars"]["tooling"]
    assert tooling == {"q1": [10, 20], "median": [50, 60], "q3": [60, 70]}
    assert _benchmark_of(clients, "reader")["peers"] == MIN_PEERS == 5
    # The reader's own answers move nothing: it is never its own peer.
    again = _folder(tmp_path, profiles | {"reader": {"tooling": 0, "benchmark": True}})
    assert _benchmark_of(again, "reader") == _benchmark_of(clients, "reader")


def test_below_five_peers_there_is_no_benchmark_only_how_many_it_needs(tmp_path):
    profiles = {f"peer-{i}": {"tooling": 50} for i in range(4)}
    clients = _folder(tmp_path, profiles | {"reader": {"tooling": 50, "benchmark": True}})
    assert _benchmark_of(clients, "reader") == {"peers": 4, "needed": 5, "pillars": None}


def test_private_clients_count_only_when_they_opt_in_and_anyone_can_opt_out(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_PASSPHRASE_SECRET", PASSPHRASE)
    profiles = {f"peer-{i}": {"tooling": 50} for i in range(4)}
    profiles |= {"secret": {"tooling": 0, "private": True}, "shy": {"tooling": 0, "in_benchmark": False}}
    reader = {"reader": {"tooling": 50, "benchmark": True}}
    assert _benchmark_of(_folder(tmp_path, profiles | reader), "reader")["peers"] == 4
    profiles["secret"] = {"tooling": 0, "private": True, "in_benchmark": True}
    assert _benchmark_of(_folder(tmp_path, profiles | reader), "reader")["peers"] == 5


def test_a_private_clients_answers_change_no_byte_of_any_other_clients_site(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_PASSPHRASE_SECRET", PASSPHRASE)

    def sites(secret_tooling: float, opted_in: bool) -> dict[str, dict]:
        folder = tmp_path / f"{secret_tooling:.0f}-{opted_in}"
        folder.mkdir()
        profiles = {f"peer-{i}": {"tooling": score, "benchmark": True} for i, score in enumerate(TOOLING) if i < 5}
        profiles["secret"] = {"tooling": secret_tooling, "private": True, "in_benchmark": opted_in}
        clients = _folder(folder, profiles)
        return {c.slug: {path: str(text) for path, text in render_site(MODEL, c)[0].items()} for c in clients}

    low, high = sites(0, False), sites(100, False)
    assert low["secret"] != high["secret"]
    assert {slug: pages for slug, pages in low.items() if slug != "secret"} == {
        slug: pages for slug, pages in high.items() if slug != "secret"
    }
    # Opted in, the same change reaches the others' benchmarks: the comparison above can fail.
    low, high = sites(0, True), sites(100, True)
    assert low["peer-0"]["report.md"] != high["peer-0"]["report.md"]


@pytest.mark.slow
def test_a_built_report_shows_the_bands_and_names_no_other_client(tmp_path):
    clients = tmp_path / "clients"
    answers = ("yes", "yes", "partial", "no", "yes", "partial")  # tooling 66.7, 66.7, 33.3, 0, 66.7, 33.3
    names = ("Alpha Ltd", "Beta Corp", "Gamma AS", "Delta Inc", "Epsilon AB", "Zeta Oy")
    for index, (name, value) in enumerate(zip(names, answers, strict=True)):
        write(
            clients / f"c{index}.yaml",
            f"name: {name}\nslug: c{index}\n"
            + ("benchmark: true\n" if index == 0 else "")
            + f"assessments:\n  - answers:\n      metrics-published: {value}\n      review-held: yes\n",
        )
    assert run("new-client", "Eta Inc", "--content", str(MINI), "--clients", str(clients)).exit_code == 0
    out = tmp_path / "site"
    result = run("build", "--all", "--clients", str(clients), "--content", str(MINI), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    report = (out / "c0" / "report.html").read_text(encoding="utf-8")
    start = report.index('id="among-other-clients"')
    table = report[start : report.index("</table>", start)]
    # The five others (Eta Inc, with no answers, is not among them): 0, 33.3, 33.3, 66.7, 66.7.
    assert re.search(
        r"<td>Tooling</td>\s*<td[^>]*>66&#46;7</td>\s*<td[^>]*>30–40</td>\s*<td[^>]*>30–40</td>\s*<td[^>]*>60–70</td>",
        table,
    ), table
    for path in (out / "c0").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for other in (*names[1:], "/c1/", "/c2/", "c1.yaml", "c2.yaml", "33&#46;3"):
                assert other not in text, (path, other)
    assert "among-other-clients" not in (out / "c1" / "report.html").read_text(encoding="utf-8")
