"""Build many client sites at once, in parallel, each one independent of the others' failures."""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..assessment.evaluation import evaluate
from ..assessment.scoring import Result, answers_needed
from ..clients.benchmark import with_benchmarks
from ..clients.profiles import Client, load_clients
from ..errors import Problem, Terminated, display_path, format_problems, visible
from ..formatting import format_number
from ..model.loading import load_model
from ..model.model import Model
from ..model.model import names as model_names
from ..pages.report import Publisher
from .pipeline import build_client

PRIVATE_CELL = "private"  # in place of a private client's results and hidden folder, in logs and tables
HIDDEN_FOLDER = "<hidden folder>"  # in place of its name in a private client's error messages

CLIENT_TIME_LIMIT = 120.0  # seconds for one client site; the bundled examples take a few each
_STOP_GRACE = 30.0  # seconds past every limit before the batch stops a worker that ignores its own


class OverTime(BaseException):
    """A client's build ran past its time limit; it unwinds like Ctrl-C, removing its staging folder."""


@dataclass
class ClientOutcome:
    """One row of the batch summary."""

    file: Path
    name: str
    slug: str = ""
    folder: str = ""  # where the site went under the output (the slug, or a hidden folder)
    private: bool = False
    lead_title: str = ""  # the column the model's headline leads with: Stage, Maturity or Levels
    lead: str = ""  # what leads: the overall stage, the maturity score or the range of pillar levels
    quadrant: str = ""
    answered: int = 0
    total: int = 0
    needed: int = 0  # answers before a verdict (`min_answered`); under it, no stage or quadrant
    result: str = "failed"  # built | unchanged | failed
    seconds: float = 0.0
    message: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    peak_memory_mb: float = 0.0
    warnings: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()  # what the build tells of it beyond the table (a PDF encrypted)


def build_clients(
    content: Path,
    files: list[Path],
    out_root: Path,
    *,
    jobs: int,
    force: bool = False,
    templates: tuple[Path, ...] = (),
    paper: str | None = None,
    site_url: str | None = None,
    appendix: bool = False,
    publisher: Publisher | None = None,
    strict: bool = False,
    time_limit: float = CLIENT_TIME_LIMIT,
    on_done: Callable[[ClientOutcome], None] = lambda outcome: None,
) -> list[ClientOutcome]:
    """Build a site per client file into `out_root/<slug>`; invalid or failing clients are reported, not fatal.

    A client whose build takes over `time_limit` seconds fails with a message, and the batch goes on.

    Each client site is published at `<site_url><slug>/` (`site_url` defaults to the base settings').
    Each outcome carries its client's warnings; with `strict`, a client with warnings is not built.
    `appendix` adds every answer to each report; each report's cover names the `publisher`.
    """
    model = load_model(content)
    clients, failures = load_clients(files, model)
    clients = with_benchmarks(model, clients)
    outcomes = []
    for path, problems in failures.items():
        outcome = ClientOutcome(path, visible(path.stem, newlines=False), message=format_problems(problems))
        outcomes.append(outcome)
        on_done(outcome)
    if strict:
        for client in (c for c in clients if c.warnings):
            outcome = ClientOutcome(
                client.path,
                client.profile.name,
                client.slug,
                warnings=client.warnings,
                message="error: --strict: fix the warnings above, or build without --strict",
            )
            outcomes.append(outcome)
            on_done(outcome)
        clients = [c for c in clients if not c.warnings]
    task = functools.partial(
        _build_one,
        content,
        out_root=out_root,
        templates=templates,
        force=force,
        paper=paper,
        site_url=site_url,
        appendix=appendix,
        publisher=publisher,
        time_limit=time_limit,
    )
    if jobs <= 1 or len(clients) <= 1:
        for client in clients:
            outcomes.append(task(client))
            on_done(outcomes[-1])
    else:
        context = multiprocessing.get_context("fork")
        workers = min(jobs, len(clients))
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
        )
        # Each worker stops its own client at the time limit; this stops one stuck where signals wait.
        limit = -(-len(clients) // workers) * time_limit + _STOP_GRACE
        futures = {pool.submit(_run_in_worker, task, client): client for client in clients}
        try:
            for future, client in _as_completed_within(futures, limit):
                outcomes.append(_outcome_of(future, client, limit))
                on_done(outcomes[-1])
        except BaseException:  # Ctrl-C, SIGTERM: stop the workers now (each removes its staging folder)
            pool.shutdown(wait=False, cancel_futures=True)
            _stop_workers()
            raise
        if not all(future.done() for future in futures):
            pool.shutdown(wait=False, cancel_futures=True)
            _stop_workers()
        pool.shutdown()
    return sorted(outcomes, key=lambda o: (o.name.lower(), str(o.file)))


def _as_completed_within(futures: dict[Future, Client], seconds: float) -> Iterator[tuple[Future | None, Client]]:
    """(future, client) as each completes; after `seconds` in all, (None, client) for each left."""
    waiting = dict(futures)
    try:
        for future in as_completed(futures, timeout=seconds):
            yield future, waiting.pop(future)
    except TimeoutError:
        yield from ((None, client) for client in waiting.values())


def _outcome_of(future: Future | None, client: Client, limit: float) -> ClientOutcome:
    """The outcome a worker returned, or a failed one for a worker that failed or never answered."""
    if future is not None:
        try:
            return future.result()
        except Exception as error:  # a bug in one worker must not hide the others' results
            message = f"internal error (please report): {type(error).__name__}: {error}"
    else:
        message = (
            f"error: not built: its worker did not stop at the time limit, and the batch stopped it at {limit:g} s"
        )
    return ClientOutcome(client.path, client.profile.name, client.slug, message=message)


def _start_worker(parent: int) -> None:
    """In each worker: die with the parent (even a kill -9 of it), stop cleanly on SIGTERM, and
    leave Ctrl-C to the parent, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)  # Linux; elsewhere the call is absent
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(Terminated.exit_code)


_PR_SET_PDEATHSIG = 1
_building = False  # in a worker: whether a client is being built (else SIGTERM just exits)


def _terminate(number, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
    if not _building:
        os._exit(Terminated.exit_code)
    raise Terminated()


def _run_in_worker(task: Callable[[Client], ClientOutcome], client: Client) -> ClientOutcome:
    """Run `task` in a worker; on SIGTERM, exit once its clean-up ran instead of taking the next client."""
    global _building
    _building = True
    try:
        return task(client)
    except Terminated:
        os._exit(Terminated.exit_code)
    finally:
        _building = False


def _stop_workers(timeout: float = 10.0) -> None:
    """SIGTERM every worker of this process and wait (a little) for each to finish its clean-up."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    deadline = time.monotonic() + timeout
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()


@functools.lru_cache(maxsize=4)
def _model(content: Path) -> Model:
    """Each worker loads the model once, however many clients it builds."""
    return load_model(content)


def _build_one(
    content: Path,
    client: Client,
    *,
    out_root: Path,
    templates: tuple[Path, ...],
    force: bool,
    paper: str | None,
    site_url: str | None,
    appendix: bool,
    publisher: Publisher | None,
    time_limit: float,
) -> ClientOutcome:
    """Build one client, checked by the caller (in a worker process); a user-facing error, or its
    time limit, fails only it."""
    started = time.perf_counter()
    outcome = ClientOutcome(
        client.path, client.profile.name, client.slug, client.folder, client.profile.private, warnings=client.warnings
    )
    try:
        with _time_limit(time_limit):
            model = _model(content)
            loaded = time.perf_counter()
            outcome.total, outcome.needed = len(model.items), answers_needed(model)
            if client.assessments:
                result = evaluate(model, client.assessments[-1], client.target).result
                outcome.answered = result.answered
                outcome.lead_title = LEAD_TITLES[model.scoring.headline]
                if result.ready:
                    names = model_names(model.stages, model.quadrants)
                    outcome.lead, outcome.quadrant = _lead(model, result, names), names.get(result.quadrant or "", "")
            scored = time.perf_counter()
            build = build_client(
                model,
                client,
                out_root,
                templates=templates,
                force=force,
                paper=paper,
                site_url=site_url,
                appendix=appendix,
                publisher=publisher,
            )
            outcome.result = "built" if build.built else "unchanged"
            outcome.notes = build.notes
            outcome.timings = {"load": loaded - started, "score": scored - loaded, **build.timings}
    except click.ClickException as error:
        outcome.message = error.format_message() if hasattr(error, "problems") else f"error: {error.format_message()}"
    except OSError as error:  # a file-system fault fails this client only
        where = f" ({display_path(error.filename)})" if error.filename else ""
        outcome.message = f"error: {error.strerror or error}{where}"
    except OverTime:
        outcome.message = (
            f"error: stopped after {time_limit:g} s, its time limit (--time-limit): look for a text or "
            "template that takes long, or allow more time"
        )
    if client.profile.private and client.folder != client.slug:  # build logs may be public
        outcome.message = outcome.message.replace(client.folder, HIDDEN_FOLDER)
    outcome.seconds = time.perf_counter() - started
    outcome.peak_memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return outcome


LEAD_TITLES = {"stage": "Stage", "score": "Maturity", "levels": "Levels"}


def _lead(model: Model, result: Result, names: dict[str, str]) -> str:
    """What a client's row leads with, by the model's headline: the overall stage, the maturity
    score, or the pillars' levels from the lowest to the highest ("Foundations – Structured")."""
    if model.scoring.headline == "score":
        return format_number(model.info.language, result.maturity_overall)
    if model.scoring.headline == "levels":
        order = [stage.id for stage in model.stages]
        reached = sorted({order.index(level) for level in result.levels.values()})
        low, high = names[order[reached[0]]], names[order[reached[-1]]]
        return low if low == high else f"{low} – {high}"
    return names[result.stage]


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise `OverTime` in the block after `seconds`. A timer thread signals the main thread
    (SIGUSR1: rendering's page limit has SIGALRM), which stops even a regular expression."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    running = threading.Event()
    running.set()

    def expire(number, frame) -> None:
        if running.is_set():
            raise OverTime()

    previous = signal.signal(signal.SIGUSR1, expire)
    timer = threading.Timer(seconds, signal.pthread_kill, (threading.get_ident(), signal.SIGUSR1))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        running.clear()
        timer.cancel()
        timer.join()  # a signal it sent arrives before the handler is put back
        signal.signal(signal.SIGUSR1, previous)


def shard(files: list[Path], part: int, parts: int) -> list[Path]:
    """Part `part` of `parts` (1-based) of the client files: by file name, every `parts`-th one,
    so that the parts are disjoint, together hold every file, and differ in size by one at most."""
    ordered = sorted(files, key=lambda path: (path.name, str(path)))
    return [path for index, path in enumerate(ordered) if index % parts == part - 1]


def not_assessed(outcome: ClientOutcome) -> str:
    """ "Not yet assessed: N of M answered" for a built client below `min_answered`, else ""."""
    if outcome.result == "failed" or outcome.answered >= outcome.needed:
        return ""
    return f"Not yet assessed: {outcome.answered} of {outcome.total} answered"


def not_assessed_warnings(outcomes: list[ClientOutcome]) -> list[str]:
    """A warning per built client below `min_answered`: its site shows no verdict yet (not a fault
    of its profile, so `--strict` builds it all the same)."""
    return [
        f"{display_path(o.file)}: warning: {o.name}: "
        + ("not yet assessed" if o.private else f"{not_assessed(o)} ({o.needed} needed)")
        + ": its site gives no stage, quadrant or score until then"
        for o in outcomes
        if not_assessed(o)
    ]


def summary_table(outcomes: list[ClientOutcome], out_root: Path) -> str:
    """The end-of-batch table: client, stage, quadrant, time, result ("Not yet assessed" for the stage
    of a client below `min_answered`). A private client's results and hidden folder never show: build
    logs are often public (a public repository's Actions)."""
    title = next((o.lead_title for o in outcomes if o.lead_title), "Stage")
    rows = [("Client", title, "Quadrant", "Time", "Result")]
    for o in outcomes:
        where = f"{display_path(out_root / o.folder)}/" if o.result != "failed" else "see above"
        lead, quadrant = not_assessed(o) or o.lead or "-", o.quadrant or "-"
        if o.private:
            lead, quadrant = PRIVATE_CELL, PRIVATE_CELL
            where = "hidden folder" if o.result != "failed" else where
        rows.append((o.name, lead, quadrant, f"{o.seconds:.1f}s", f"{o.result} ({where})"))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
