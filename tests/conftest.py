"""Shared fixtures: real builds of the bundled model, of a second, unrelated model and of the
example clients; writable copies of models, client folders and projects; one browser per module.

Tests that launch Chromium must be marked `browser` (the fast lane runs `-m "not browser"`): the
hook below tells tests/helpers/browser.py which test is running, and an unmarked test that
launches Chromium, through `chromium()` or by printing PDFs, fails saying so."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import pdf
from generator.build.pipeline import build_playbook, render_site
from generator.model.loading import load_model
from generator.output import write_tree
from tests.helpers import browser as browser_helpers
from tests.helpers.browser import chromium
from tests.helpers.cli import run
from tests.helpers.data import CONTENT, EXAMPLE_PASSPHRASE, FIXTURES, MINI, ROOT
from tests.helpers.files import answers_file, edit, snapshot, write

os.environ.setdefault("PLAYBOOK_PASSPHRASE_NORTHWIND_RETAIL", EXAMPLE_PASSPHRASE)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of `item` is set up: may it launch Chromium?"""
    browser_helpers.BROWSER_ALLOWED = item.get_closest_marker("browser") is not None


@pytest.fixture(scope="session", autouse=True)
def _pdfs_only_in_browser_tests():
    """Printing PDFs launches Chromium: only a test marked `browser` may (a missing renderer still
    fails with its install hint, as it does before any launch)."""
    launch = pdf._browser.__enter__

    def guarded(self):
        if not browser_helpers.BROWSER_ALLOWED:
            pdf.check_renderer()
            browser_helpers.require_browser_mark()
        return launch(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf._browser, "__enter__", guarded)
        yield


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Path:
    """The generic playbook, built once for the whole test run."""
    out = tmp_path_factory.mktemp("default") / "site"
    build_playbook(CONTENT, out)
    return out


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The small fixture model (other stages, axes and pillars), built with no code change."""
    out = tmp_path_factory.mktemp("mini") / "site"
    build_playbook(MINI, out)
    return out


@pytest.fixture(scope="session")
def example_sites(tmp_path_factory):
    """The example clients (clients/), built once with --all --strict: (output folder, the CLI result)."""
    out = tmp_path_factory.mktemp("clients") / "site"
    result = run("build", "--all", "--strict", "--clients", str(ROOT / "clients"), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="session")
def samm_client_site(tmp_path_factory):
    """A client of the score-led fixture model (`headline: score`, tests/fixtures/samm) with two
    assessments, built once: (its site folder, the CLI result, the model)."""
    model = load_model(FIXTURES / "samm")

    def answers(offset: int) -> dict[str, str]:
        return {i.id: model.scale_of(i)[(n + offset) % len(model.scale_of(i))].value for n, i in enumerate(model.items)}

    folder = tmp_path_factory.mktemp("samm-client")
    profile = {
        "name": "Acme",
        "slug": "acme",
        "assessments": [
            {"assessed": "2026-05-01", "answers": answers(0)},
            {"assessed": "2026-08-01", "answers": answers(1)},
        ],
    }
    path = write(folder / "acme.yaml", yaml.safe_dump(profile))
    result = run("build", "--content", str(FIXTURES / "samm"), "--client", str(path), "--out", str(folder / "site"))
    assert result.exit_code == 0, result.output
    return folder / "site" / "acme", result, model


@pytest.fixture
def client_sites(example_sites):
    """The three example clients, built in parallel with --all (once per run)."""
    return example_sites


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A writable copy of the small fixture model, for tests that break it."""
    target = tmp_path / "model"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def fixture_copy(tmp_path):
    """A writable copy of one of the format-2 fixture models."""

    def copy(name: str) -> Path:
        shutil.copytree(FIXTURES / name, tmp_path / name)
        return tmp_path / name

    return copy


@pytest.fixture
def clients_copy(tmp_path) -> Path:
    """A writable copy of the example clients."""
    target = tmp_path / "clients"
    shutil.copytree(ROOT / "clients", target)
    return target


@pytest.fixture
def built(tmp_path, mini_copy):
    """A site built from the mini model, and its bytes, to check that failures leave it alone."""
    out = tmp_path / "site"
    assert run("build", "--content", str(mini_copy), "--out", str(out)).exit_code == 0
    return out, snapshot(out)


@pytest.fixture(scope="module")
def bare_mini(tmp_path_factory) -> Path:
    """The small model's generated sources built by MkDocs alone, without any of our plugins."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = tmp_path_factory.mktemp("bare")
    docs, config = render_site(load_model(MINI))
    write_tree(work / "docs", docs)
    settings = {**config, "docs_dir": str(work / "docs"), "site_dir": str(work / "site")}
    (work / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    build(load_config(str(work / "mkdocs.yml")))
    return work / "site"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A new project made from the small model, with the working folder inside it."""
    assert run("init", str(tmp_path / "acme"), "--model", "mini").exit_code == 0
    monkeypatch.chdir(tmp_path / "acme")
    return tmp_path / "acme"


PRIVATE_PROFILE = "northwind-retail.yaml"


@pytest.fixture(scope="module")
def private_sites(tmp_path_factory):
    """Northwind Retail built private (as it ships, with PDFs) and, for comparison, the same profile
    in clear; the clear one is built with PDFs too, so that the two report pages differ only by the lock."""
    root = tmp_path_factory.mktemp("private")
    clients = root / "clients"
    shutil.copytree(ROOT / "clients", clients)
    assert run("build", "--client", str(clients / PRIVATE_PROFILE), "--out", str(root / "private")).exit_code == 0
    plain = root / "plain-clients"
    shutil.copytree(clients, plain)
    edit(plain / PRIVATE_PROFILE, "private: true\n", "")
    assert run("build", "--client", str(plain / PRIVATE_PROFILE), "--out", str(root / "plain")).exit_code == 0
    return root / "private" / "northwind-retail", root / "plain" / "northwind-retail"


# The mini model is at version 0.3; these changes lead to it from 0.1.
LOG = """
changes:
  - previous: "0.1"
    version: "0.2"
    renamed: {metrics-shared: metrics-published}
    merged: {self-service: [self-serve, ad-hoc-queries]}
    retired: [dashboards]
  - previous: "0.2"
    version: "0.3"
    split: {decisions: [review-held, decisions-logged]}
    rescaled: {self-service: {maybe: partial}}
"""

OLD_ANSWERS = """# made on version 0.1
model_version: "0.1"
respondent: {name: Ada Lund, role: Analyst}
answers:
  metrics-shared:
    value: yes
    note: Every Monday.
    evidence: [https://intranet.example/metrics]
  dashboards: no
  self-serve: maybe
  ad-hoc-queries: maybe
  decisions:
    value: partial
    note: |-
      Only some teams.
      The others plan to.
"""


@pytest.fixture
def migration_project(mini_copy, monkeypatch) -> Path:
    """A folder with the mini model (`model/`, with the log above) and an old answers file."""
    (mini_copy / "model.yaml").write_text((MINI / "model.yaml").read_text(encoding="utf-8") + LOG, encoding="utf-8")
    (mini_copy.parent / "answers.yaml").write_text(OLD_ANSWERS, encoding="utf-8")
    monkeypatch.chdir(mini_copy.parent)  # messages name files relative to the working folder
    return mini_copy.parent


ACME_PROFILE = """name: Acme
slug: acme
assessments:
  - assessed: 2026-05-01
    respondents:
      - name: Ada
        role: Lead
        answers:
          metrics-published: yes
          review-held:
            value: no
            note: "<script>alert(1)</script> [click](javascript:alert(1))"
            evidence: ["javascript:alert(2)", https://wiki.example/review]
      - name: Ben
        file: acme/ben.yaml
"""


@pytest.fixture
def acme(tmp_path) -> Path:
    clients = tmp_path / "clients"
    answers_file(clients / "acme" / "ben.yaml", {"metrics-published": "no", "review-held": "yes"}, name="Benjamin")
    return write(clients / "acme.yaml", ACME_PROFILE)


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser
