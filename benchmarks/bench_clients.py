"""Benchmark batch client builds (run by hand; prints numbers, asserts nothing).

    .venv/bin/python benchmarks/bench_clients.py [N] [--jobs J]

Generates N client profiles with random answers from the bundled model, then measures:
our code (load, validate, score, render) against the MkDocs build, per client and in total;
the parallel speed-up of --jobs J over --jobs 1; a no-change rebuild; peak memory per worker.
Targets: MkDocs work per client in a warm worker <= 300 ms, our code <= 5% of build time,
speed-up >= 1.7x with 2 jobs, no-change rebuild of 50 clients < 2 s, peak memory per worker < 300 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from generator.build.batch import build_clients
from generator.clients.profiles import load_clients, scaffold_client
from generator.model.loading import load_model
from generator.paths import DEFAULT_CONTENT


def make_clients(folder: Path, count: int) -> list[Path]:
    model = load_model(DEFAULT_CONTENT)
    rng = random.Random(42)
    values = [option.value for option in model.scoring.answers]
    paths = []
    for number in range(count):
        slug = f"client-{number:03d}"
        text = scaffold_client(f"Client {number:03d}", slug, model)
        text = text.replace("  - assessed:          # YYYY-MM-DD", "  - assessed: 2026-11-01")
        for item in model.items:
            text = text.replace(f"      {item.id}:\n", f"      {item.id}: {rng.choice(values)}\n")
        path = folder / f"{slug}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def timed_batch(files: list[Path], out: Path, jobs: int, force: bool):
    started = time.perf_counter()
    outcomes = build_clients(DEFAULT_CONTENT, files, out, jobs=jobs, force=force)
    elapsed = time.perf_counter() - started
    failed = [o for o in outcomes if o.result == "failed"]
    assert not failed, failed[0].message
    return elapsed, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        root = Path(tmp)
        (root / "clients").mkdir()
        files = make_clients(root / "clients", args.count)
        started = time.perf_counter()  # what build_clients does first, in the parent: check every profile
        load_clients(files, load_model(DEFAULT_CONTENT))
        validate = (time.perf_counter() - started) / args.count
        serial, outcomes = timed_batch(files, root / "serial", jobs=1, force=True)
        parallel, outcomes_parallel = timed_batch(files, root / "parallel", jobs=args.jobs, force=True)
        rebuild, unchanged = timed_batch(files, root / "parallel", jobs=args.jobs, force=False)
    assert all(o.result == "unchanged" for o in unchanged)

    ours = [validate + o.timings["load"] + o.timings["score"] + o.timings["render"] for o in outcomes]
    mkdocs = [o.timings["build"] for o in outcomes]
    total_ours, total_mkdocs = sum(ours), sum(mkdocs)
    print(f"clients: {args.count}   jobs: {args.jobs}   cores: {os.cpu_count()}")
    print(
        f"per client (jobs 1): our code {statistics.mean(ours) * 1000:.0f} ms "
        f"(load+validate+score {validate * 1000 + statistics.mean(o.timings['load'] + o.timings['score'] for o in outcomes) * 1000:.0f} ms, "
        f"render {statistics.mean(o.timings['render'] for o in outcomes) * 1000:.0f} ms), "
        f"mkdocs build {statistics.mean(mkdocs) * 1000:.0f} ms"
    )
    warm = statistics.mean(mkdocs[1:]) if len(mkdocs) > 1 else mkdocs[0]  # the first client warms the worker
    print(f"MkDocs work per client, warm worker: {warm * 1000:.0f} ms  (target <= 300 ms)")
    print(
        f"total (jobs 1): our code {total_ours:.2f} s, mkdocs {total_mkdocs:.2f} s, "
        f"our share {total_ours / (total_ours + total_mkdocs) * 100:.1f}%  (target <= 5%)"
    )
    print(
        f"wall time: jobs 1 {serial:.1f} s, jobs {args.jobs} {parallel:.1f} s, "
        f"speed-up {serial / parallel:.2f}x  (target >= 1.7x with 2 jobs)"
    )
    print(f"no-change rebuild: {rebuild:.2f} s  (target < 2 s for 50 clients)")
    peak = max(o.peak_memory_mb for o in outcomes_parallel)
    print(f"peak memory per worker: {peak:.0f} MB  (target < 300 MB)")


if __name__ == "__main__":
    main()
