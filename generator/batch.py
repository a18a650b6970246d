"""Build many client sites at once, in parallel, each one independent of the others' failures."""

from __future__ import annotations

import functools
import multiprocessing
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import click

from .clients import Client, load_clients
from .errors import display_path
from .loading import load_model
from .model import Model
from .pipeline import build_client
from .scoring import score_answers


@dataclass
class ClientOutcome:
    """One row of the batch summary."""

    file: Path
    name: str
    slug: str = ""
    stage: str = ""
    quadrant: str = ""
    result: str = "failed"  # built | unchanged | failed
    seconds: float = 0.0
    message: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    peak_memory_mb: float = 0.0


def build_clients(content: Path, files: list[Path], out_root: Path, *, jobs: int, force: bool = False,
                  templates: tuple[Path, ...] = (), paper: str | None = None, site_url: str | None = None,
                  on_done: Callable[[ClientOutcome], None] = lambda outcome: None) -> list[ClientOutcome]:
    """Build a site per client file into `out_root/<slug>`; invalid or failing clients are reported, not fatal.

    Each client site is published at `<site_url><slug>/` (`site_url` defaults to the base settings').
    """
    model = load_model(content)
    clients, failures = load_clients(files, model)
    outcomes = []
    for path, problems in failures.items():
        outcome = ClientOutcome(path, path.stem, message="\n".join(str(p) for p in problems))
        outcomes.append(outcome)
        on_done(outcome)
    task = functools.partial(_build_one, content, out_root=out_root, templates=templates, force=force, paper=paper,
                             site_url=site_url)
    if jobs <= 1 or len(clients) <= 1:
        for client in clients:
            outcomes.append(task(client))
            on_done(outcomes[-1])
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(clients)), mp_context=context) as pool:
            futures = {pool.submit(task, client): client for client in clients}
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except Exception as error:  # a bug in one worker must not hide the others' results
                    client = futures[future]
                    outcome = ClientOutcome(client.path, client.profile.name, client.slug,
                                            message=f"internal error (please report): {type(error).__name__}: {error}")
                outcomes.append(outcome)
                on_done(outcome)
    return sorted(outcomes, key=lambda o: (o.name.lower(), str(o.file)))


@functools.lru_cache(maxsize=4)
def _model(content: Path) -> Model:
    """Each worker loads the model once, however many clients it builds."""
    return load_model(content)


def _build_one(content: Path, client: Client, *, out_root: Path, templates: tuple[Path, ...],
               force: bool, paper: str | None, site_url: str | None) -> ClientOutcome:
    """Build one client, checked by the caller (in a worker process); a user-facing error fails only it."""
    started = time.perf_counter()
    outcome = ClientOutcome(client.path, client.profile.name, client.slug)
    try:
        model = _model(content)
        loaded = time.perf_counter()
        if client.assessments:
            result = score_answers(model, client.assessments[-1].answers)
            names = {e.id: e.name for e in [*model.stages, *model.quadrants]}
            outcome.stage, outcome.quadrant = names[result.stage], names.get(result.quadrant, "")
        scored = time.perf_counter()
        build = build_client(model, client, out_root, templates=templates, force=force, paper=paper,
                             site_url=site_url)
        outcome.result = "built" if build.built else "unchanged"
        outcome.timings = {"load": loaded - started, "score": scored - loaded, **build.timings}
    except click.ClickException as error:
        outcome.message = error.format_message() if hasattr(error, "problems") else f"error: {error.format_message()}"
    outcome.seconds = time.perf_counter() - started
    outcome.peak_memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return outcome


def summary_table(outcomes: list[ClientOutcome], out_root: Path) -> str:
    """The end-of-batch table: client, stage, quadrant, time, result."""
    rows = [("Client", "Stage", "Quadrant", "Time", "Result")]
    for o in outcomes:
        where = f"{display_path(out_root / o.slug)}/" if o.result != "failed" else "see above"
        rows.append((o.name, o.stage or "-", o.quadrant or "-", f"{o.seconds:.1f}s", f"{o.result} ({where})"))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
