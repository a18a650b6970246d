"""Requirement graphs ({id: the ids it requires}): finding the circles a model must not have."""

from __future__ import annotations


def maybe_on_cycles(graph: dict[str, list[str]]) -> set[str]:
    """The ids that may lie on a cycle: what is left after repeatedly dropping ids that nothing
    left requires or that require nothing left (linear; keeps a long chain from costing its square)."""
    edges = {node: {n for n in targets if n in graph} for node, targets in graph.items()}
    incoming: dict[str, set[str]] = {node: set() for node in graph}
    for node, targets in edges.items():
        for target in targets:
            incoming[target].add(node)
    queue = [node for node in graph if not edges[node] or not incoming[node]]
    alive = set(graph)
    while queue:
        node = queue.pop()
        if node not in alive:
            continue
        alive.discard(node)
        for target in edges[node]:
            incoming[target].discard(node)
            if target in alive and not incoming[target]:
                queue.append(target)
        for source in incoming[node]:
            edges[source].discard(node)
            if source in alive and not edges[source]:
                queue.append(source)
    return alive


def cycle_from(start: str, graph: dict[str, list[str]]) -> list[str] | None:
    """The ids of a requirement cycle through `start` (`[a, b, a]`), if there is one.

    A depth-first walk with its own stack: a chain of thousands of requirements is no recursion.
    """
    path, seen, pending = [start], {start}, [iter(graph.get(start, []))]
    while pending:
        for following in pending[-1]:
            if following == start:
                return [*path, start]
            if following in graph and following not in seen:
                seen.add(following)
                path.append(following)
                pending.append(iter(graph[following]))
                break
        else:
            pending.pop()
            path.pop()
    return None
