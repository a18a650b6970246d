"""Benchmark the MkDocs plugin inside a host site (run by hand; prints each target beside its
measured value).

    .venv/bin/python benchmarks/bench_plugin.py [--runs 3]

A small host site (Material theme, search, a few pages) is built by `mkdocs build` in fresh
processes: without the plugin, and with the plugin adding the bundled model. The same model is
built standalone with `playbook build`. Targets: the plugin adds no more time to the host build
than a standalone build of the playbook takes, and the host's output carries no line of our
dependencies (jieba's dictionary messages, say).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
HOST_PAGES = {
    "index.md": "# Team handbook\n\nHow we work.\n",
    "onboarding.md": "# Onboarding\n\n" + "Read the handbook, meet the team, ship something small.\n\n" * 20,
    "practices.md": "# Practices\n\n" + "- Review every change.\n" * 30,
}


def host_site(folder: Path, with_plugin: bool) -> Path:
    """A host MkDocs site in `folder`; returns its mkdocs.yml."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for name, text in HOST_PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    plugins: list = ["search"]
    if with_plugin:
        plugins.append({"playbook": {"content": str(ROOT / "content"), "prefix": "playbook"}})
    config = {"site_name": "Handbook", "theme": {"name": "material"}, "plugins": plugins}
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def timed(command: list[str], runs: int) -> tuple[float, str]:
    """The median wall time of `command` over `runs` runs (seconds), and the last run's output."""
    times, output = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=ENV, check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        output = done.stdout + done.stderr
    return statistics.median(times), output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as folder:
        work = Path(folder)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]
        bare, _ = timed([*mkdocs, str(host_site(work / "bare", with_plugin=False))], args.runs)
        hosted, output = timed([*mkdocs, str(host_site(work / "hosted", with_plugin=True))], args.runs)
        standalone, _ = timed(
            [sys.executable, "-m", "generator", "build", "--out", str(work / "standalone")], args.runs
        )
        foreign = [line for line in output.splitlines() if line.strip()]
        print(f"{'measure':<44} {'target':>12} {'measured':>12}")
        print(f"{'host site alone (s)':<44} {'':>12} {bare:>12.2f}")
        print(f"{'host site with the plugin (s)':<44} {'':>12} {hosted:>12.2f}")
        print(f"{'standalone playbook build (s)':<44} {'':>12} {standalone:>12.2f}")
        print(f"{'time the plugin adds (s)':<44} {f'<= {standalone:.2f}':>12} {hosted - bare:>12.2f}")
        print(f"{'lines the host build prints (-q)':<44} {'0':>12} {len(foreign):>12}")
        for line in foreign[:5]:
            print(f"  {line}")
        print(f"  (the median of {args.runs} runs each, fresh processes)")


if __name__ == "__main__":
    main()
