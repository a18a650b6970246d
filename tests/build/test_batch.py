"""Many client sites at once (generator/build/batch.py): a summary table, failures that stop only
their client, shards that add up to the full build, and workers that stop with their parent."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from generator.assessment.scoring import score_answers
from generator.build import batch, pipeline
from generator.build.batch import shard
from generator.build.pipeline import ClientBuild
from generator.clients.private_pages import hidden_folder
from generator.formatting import format_number
from generator.model.loading import load_model
from tests.helpers.cli import PLAYBOOK, clean_failure, run
from tests.helpers.data import CONTENT, EXAMPLE_PASSPHRASE, MINI, ROOT
from tests.helpers.files import edit, files_of, write_client
from tests.helpers.sites import stagings
from tests.helpers.timing import time_limit


def test_all_examples_build_with_a_summary_table(client_sites):
    out, result = client_sites
    assert sorted(p.name for p in out.iterdir()) == ["fjord-energi", "lumen-health", "northwind-retail"]
    header, rule, *rows = result.stdout.strip().splitlines()
    assert header.split() == ["Client", "Stage", "Quadrant", "Time", "Result"]
    assert len(rows) == 3 and all("built" in row for row in rows)
    # A private client's results and folder stay out of the log (public in a public repository's Actions).
    private = re.split(r"\s{2,}", next(row for row in rows if row.startswith("Northwind Retail")))
    assert private[1:3] == ["private", "private"] and private[4] == "built (hidden folder)"
    assert "northwind" not in result.stdout.lower().replace("northwind retail", "")


def test_the_examples_pass_our_own_checks_under_strict(client_sites):
    _, result = client_sites  # built with --strict: a warning would have failed its client
    assert result.exit_code == 0
    assert "warning" not in result.stderr and "contrast" not in result.stderr


def test_a_client_below_min_answered_gets_no_stage_in_the_table_and_a_warning(tmp_path):
    clients = tmp_path / "clients"
    assert run("new-client", "Newco", "--content", str(MINI), "--clients", str(clients)).exit_code == 0
    out = tmp_path / "site"
    result = run("build", "--all", "--strict", "--content", str(MINI), "--clients", str(clients), "--out", str(out))
    assert result.exit_code == 0, result.output  # a fresh client is no fault: --strict builds it
    total = len(load_model(MINI).items)
    client, stage, quadrant, _, built = re.split(r"\s{2,}", result.stdout.strip().splitlines()[-1])
    assert (client, stage, quadrant) == ("Newco", f"Not yet assessed: 0 of {total} answered", "-")
    assert built.startswith("built")
    assert (
        f"newco.yaml: warning: Newco: Not yet assessed: 0 of {total} answered ({total // 2} needed): its site "
        "gives no stage, quadrant or score until then" in result.stderr
    )


@pytest.mark.slow
def test_a_failing_client_does_not_stop_the_others(clients_copy, tmp_path):
    out = tmp_path / "site"
    edit(clients_copy / "lumen-health.yaml", "  primary: purple", "  primary: purplish")
    result = run("build", "--all", "--clients", str(clients_copy), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert "1 of 3 clients failed: lumen-health" in result.stderr
    assert "lumen-health.yaml:6:12: error: colors.primary: 'purplish' is not a colour" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["fjord-energi", "northwind-retail"]


def test_a_290_character_name_fails_only_its_client(tmp_path):
    long = "a" * 290
    write_client(tmp_path, f"logo: {long}.png\n", "logo.yaml")
    write_client(tmp_path, f"templates: {long}\n", "templates.yaml")
    (tmp_path / "ok.yaml").write_text("name: Fine\nslug: fine\n")
    result = run("build", "--content", str(MINI), "--all", "--clients", str(tmp_path), "--out", str(tmp_path / "site"))
    stderr = clean_failure(result)
    assert "logo.yaml:3:7: error: logo: '" + long + ".png': cannot read the file: File name too long" in stderr
    assert "templates.yaml:3:12: error: templates: no such folder" in stderr
    assert "2 of 3 clients failed" in stderr
    assert (tmp_path / "site" / "fine" / "index.html").is_file()


def group_processes(group: int) -> list[int]:
    """Live (not zombie) processes in process group `group`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[2]) == group:
                found.append(int(entry.name))
    return found


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def many_clients(tmp_path) -> Path:
    clients = tmp_path / "clients"
    clients.mkdir()
    for n in range(6):
        (clients / f"c{n}.yaml").write_text(f"name: Client {n}\nslug: c{n}\n")
    return clients


def start_batch(tmp_path: Path, clients: Path) -> subprocess.Popen:
    """`build --all --jobs 2` in a process group of its own, once its workers are building."""
    out = tmp_path / "site"
    process = subprocess.Popen(
        [
            *PLAYBOOK,
            "build",
            "--all",
            "--jobs",
            "2",
            "--content",
            str(MINI),
            "--clients",
            str(clients),
            "--out",
            str(out),
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert wait_until(lambda: stagings(out), 60), "no client build started"
    return process


@pytest.mark.slow
@pytest.mark.parametrize("how", ["sigterm-group", "sigterm-parent", "sigkill-parent"])
def test_stopping_a_batch_stops_its_workers_and_leaves_no_staging(tmp_path, many_clients, how):
    process = start_batch(tmp_path, many_clients)
    group = os.getpgid(process.pid)
    if how == "sigterm-group":
        os.killpg(group, signal.SIGTERM)  # what a CI cancel sends
    else:
        os.kill(process.pid, signal.SIGTERM if how == "sigterm-parent" else signal.SIGKILL)
    code = process.wait(timeout=30)
    assert code == (-signal.SIGKILL if how == "sigkill-parent" else 143)
    if code == 143:
        assert process.stderr.read().decode().rstrip().endswith("Terminated.")
    assert wait_until(lambda: not group_processes(group), 15), "workers outlived their parent"
    out = tmp_path / "site"
    assert stagings(out, tmp_path) == []
    # and the next builds accept the folder: the client sites, then the generic site over them
    assert (
        run("build", "--all", "--content", str(MINI), "--clients", str(many_clients), "--out", str(out)).exit_code == 0
    )
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    assert (out / "index.html").is_file() and (out / "c5" / "index.html").is_file()


EXAMPLES = ROOT / "clients"


def test_shards_are_disjoint_balanced_and_complete():
    files = [Path(f"clients/c{i:02}.yaml") for i in range(11)]
    parts = [shard(files, k, 4) for k in range(1, 5)]
    assert sorted(p for part in parts for p in part) == sorted(files)
    assert sorted(len(part) for part in parts) == [2, 3, 3, 3]
    assert shard(list(reversed(files)), 2, 4) == parts[1]  # the order given does not matter


@pytest.mark.slow
def test_three_shards_merged_into_the_generic_site_are_byte_identical_to_one_machine(tmp_path):
    """As the workflow of `init --shards 3` does: each part builds only its clients' folders, the
    last job builds the generic site once and copies the parts into it; one machine runs
    `build` then `build --all` into one folder."""
    full, merged = tmp_path / "full", tmp_path / "merged"
    for args in ((), ("--all", "--clients", str(EXAMPLES), "--jobs", "1")):
        assert run("build", "--out", str(full), *args).exit_code == 0
    parts = []
    for part in (1, 2, 3):
        out = tmp_path / f"part-{part}"
        result = run("build", "--all", "--clients", str(EXAMPLES), "--out", str(out), "--shard", f"{part}/3")
        assert result.exit_code == 0, result.output
        parts.append(files_of(out))
    assert all(len({name.split("/")[0] for name in part}) == 1 for part in parts)  # a client each, nothing shared
    assert run("build", "--out", str(merged)).exit_code == 0
    names = [name for files in (files_of(merged), *parts) for name in files]
    assert len(names) == len(set(names))  # no file is written twice: nothing can collide in the merge
    for part in (1, 2, 3):
        shutil.copytree(tmp_path / f"part-{part}", merged, dirs_exist_ok=True)
    assert files_of(merged) == files_of(full)


@pytest.mark.parametrize("value", ["0/2", "3/2", "a/b", "2"])
def test_a_shard_must_be_k_of_n(value, tmp_path):
    result = run("build", "--all", "--clients", str(EXAMPLES), "--out", str(tmp_path / "out"), "--shard", value)
    assert result.exit_code == 2 and "is not a part: give K/N" in result.output


@pytest.mark.slow
def test_a_private_clients_error_does_not_name_its_hidden_folder(clients_copy, tmp_path):
    edit(clients_copy / "northwind-retail.yaml", "private: true\n", "private: true\nfolder: random\n")
    folder = hidden_folder(EXAMPLE_PASSPHRASE, f"{load_model(CONTENT).info.id}:northwind-retail")
    out = tmp_path / "site"
    out.mkdir()
    (out / folder).write_text("not a site")  # the build cannot put the site there
    result = run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(out))
    assert result.exit_code == 1 and "<hidden folder>" in result.stderr
    assert folder not in result.stdout + result.stderr


def _one_client_hangs(monkeypatch, *, deaf: bool = False) -> None:
    """The client `slow` hangs in its build (`deaf`: with the time limit's signal blocked, as in C
    code that never checks for signals); the others build at once (a stand-in for the site).
    Workers fork, so they see the stand-in."""

    def build_client(model, client, *args, **kwargs):
        if client.slug == "slow":
            if deaf:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
            time.sleep(600)
        return ClientBuild(client.slug, built=True)

    monkeypatch.setattr(batch, "build_client", build_client)


def _two_clients(folder: Path) -> list[str]:
    write_client(folder, "", "fine.yaml")
    (folder / "slow.yaml").write_text("name: Slow\nslug: slow\n")
    return ["--content", str(MINI), "--all", "--clients", str(folder), "--out", str(folder / "site")]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_client_over_its_time_limit_fails_and_the_others_build(tmp_path, monkeypatch, jobs):
    _one_client_hangs(monkeypatch)
    with time_limit(60):
        result = run("build", *_two_clients(tmp_path), "--jobs", jobs, "--time-limit", "0.5")
    stderr = clean_failure(result)
    assert "slow.yaml: Slow failed:\nerror: stopped after 0.5 s, its time limit (--time-limit): look for" in stderr
    assert "1 of 2 clients failed: Slow" in stderr
    assert re.search(r"\nX +.* built \(", result.stdout), result.stdout


@pytest.mark.slow
def test_a_worker_deaf_to_its_time_limit_is_stopped_by_the_batch(tmp_path, monkeypatch):
    _one_client_hangs(monkeypatch, deaf=True)
    monkeypatch.setattr(batch, "_STOP_GRACE", 1.0)
    with time_limit(60):
        result = run("build", *_two_clients(tmp_path), "--jobs", "2", "--time-limit", "0.5")
    stderr = clean_failure(result)
    assert (
        "slow.yaml: Slow failed:\nerror: not built: its worker did not stop at the time limit, and the batch " in stderr
    )
    assert "stopped it at 1.5 s" in stderr and "1 of 2 clients failed: Slow" in stderr
    assert re.search(r"\nX +.* built \(", result.stdout), result.stdout
    assert not multiprocessing.active_children()


@pytest.mark.slow
def test_a_build_stopped_at_its_time_limit_leaves_the_previous_site_and_no_staging(tmp_path, monkeypatch):
    write_client(tmp_path, "", "fine.yaml")
    args = ["--content", str(MINI), "--client", str(tmp_path / "fine.yaml"), "--out", str(tmp_path / "site")]
    assert run("build", *args).exit_code == 0
    before = files_of(tmp_path / "site")
    real = pipeline.build_html

    def build_html_then_hang(*args, **kwargs):  # the staging folder is full when the limit comes
        real(*args, **kwargs)
        time.sleep(600)

    monkeypatch.setattr(pipeline, "build_html", build_html_then_hang)
    stderr = clean_failure(run("build", *args, "--force", "--time-limit", "1"))
    assert "error: stopped after 1 s, its time limit" in stderr
    assert files_of(tmp_path / "site") == before and not stagings(tmp_path, tmp_path / "site")


def test_the_table_of_a_score_led_model_leads_with_the_maturity_score(samm_client_site):
    site, result, model = samm_client_site
    header, _, row = result.stdout.strip().splitlines()[-3:]
    assert header.split() == ["Client", "Maturity", "Quadrant", "Time", "Result"]
    client, lead, *_ = re.split(r"\s{2,}", row)
    profile = yaml.safe_load((site.parent.parent / "acme.yaml").read_text(encoding="utf-8"))
    score = score_answers(model, profile["assessments"][-1]["answers"]).maturity_overall
    assert (client, lead) == ("Acme", format_number("en", score))
