"""The anonymised benchmark a client's report may show (`benchmark: true`): where its pillar scores
stand among the other clients of its folder, published only when no reader can recover another
client's score from it.

The rule:
- A client's peers are the other assessed clients of its folder, each at its latest assessment;
  never the client itself, so that a reader cannot change its own answers to solve for the others.
- A private client is a peer only when its profile says `in_benchmark: true`; any client can stay
  out with `in_benchmark: false`. A private client's answers therefore change no byte of another
  client's site unless it opted in.
- Below `MIN_PEERS` peers there is no benchmark, and the report says so.
- Each pillar's quartiles (lower, median, upper) are published as bands of `BAND` points (`60-70`),
  never as scores: with five peers the median is one client's exact score, a band is not.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..model.model import Model
from .portfolio import Entry, make_portfolio
from .profiles import Client, load_clients

MIN_PEERS = 5
BAND = 10  # points of a pillar score (0 to 100)


def benchmark_stats(model: Model, peers: list[Entry]) -> dict[str, Any]:
    """The benchmark from `peers` (the reader left out): their count and, from `MIN_PEERS` of them,
    each pillar's quartiles as bands ([low, high]); `pillars` is None below that."""
    if len(peers) < MIN_PEERS:
        return {"peers": len(peers), "needed": MIN_PEERS, "pillars": None}
    pillars = {}
    for pillar in model.pillars:
        scores = [entry.evaluation.result.pillars[pillar.id] for entry in peers]
        q1, median, q3 = statistics.quantiles(scores, n=4, method="inclusive")
        pillars[pillar.id] = {"q1": _band(q1), "median": _band(median), "q3": _band(q3)}
    return {"peers": len(peers), "needed": MIN_PEERS, "pillars": pillars}


def _band(score: float) -> list[int]:
    """The band of `BAND` points that holds `score`; 100 is in the top band."""
    low = min(math.floor(score / BAND) * BAND, 100 - BAND)
    return [low, low + BAND]


def shares(client: Client) -> bool:
    """Whether `client`'s latest assessment counts in other clients' benchmarks."""
    chosen = client.profile.in_benchmark
    return not client.profile.private if chosen is None else chosen


def with_benchmarks(model: Model, clients: list[Client]) -> list[Client]:
    """`clients`, each whose profile asks (`benchmark: true`) given its benchmark among the other
    clients of its folder (a client below `min_answered` and a profile that fails to load are left
    out). Profiles among `clients` are not read again."""
    loaded = {client.path.resolve(): client for client in clients}
    entries: dict[Path, list[Entry]] = {}
    attached = []
    for client in clients:
        if client.profile.benchmark:
            folder = client.path.parent
            if folder not in entries:
                paths = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))
                others, _ = load_clients([p for p in paths if p.resolve() not in loaded], model)
                everyone = [loaded[p.resolve()] for p in paths if p.resolve() in loaded] + others
                entries[folder] = [e for e in make_portfolio(model, everyone).entries if shares(e.client)]
            peers = [e for e in entries[folder] if e.client.path.resolve() != client.path.resolve()]
            client = replace(client, benchmark=benchmark_stats(model, peers))
        attached.append(client)
    return attached
