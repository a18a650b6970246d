"""Client builds in shards: any CI matrix can fan out, and the parts add up to the full build."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.batch import build_clients, shard

from .conftest import CONTENT, ROOT, run

EXAMPLES = ROOT / "clients"


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_shards_are_disjoint_balanced_and_complete():
    files = [Path(f"clients/c{i:02}.yaml") for i in range(11)]
    parts = [shard(files, k, 4) for k in range(1, 5)]
    assert sorted(p for part in parts for p in part) == sorted(files)
    assert sorted(len(part) for part in parts) == [2, 3, 3, 3]
    assert shard(list(reversed(files)), 2, 4) == parts[1]  # the order given does not matter


def test_the_union_of_the_shards_is_byte_identical_to_one_full_build(tmp_path):
    assert (
        run("build", "--all", "--clients", str(EXAMPLES), "--out", str(tmp_path / "full"), "--jobs", "1").exit_code == 0
    )
    for part in ("1/2", "2/2"):
        result = run(
            "build",
            "--all",
            "--clients",
            str(EXAMPLES),
            "--out",
            str(tmp_path / part.replace("/", "-")),
            "--shard",
            part,
            "--jobs",
            "1",
        )
        assert result.exit_code == 0, result.output
    first, second = files_of(tmp_path / "1-2"), files_of(tmp_path / "2-2")
    assert {name.split("/")[0] for name in first}.isdisjoint(name.split("/")[0] for name in second)
    assert {**first, **second} == files_of(tmp_path / "full")


@pytest.mark.parametrize("value", ["0/2", "3/2", "a/b", "2"])
def test_a_shard_must_be_k_of_n(value, tmp_path):
    result = run("build", "--all", "--clients", str(EXAMPLES), "--out", str(tmp_path / "out"), "--shard", value)
    assert result.exit_code == 2 and "is not a part: give K/N" in result.output


def test_a_warm_worker_reuses_pages_and_builds_the_same_bytes_as_cold_builds(tmp_path, monkeypatch):
    """Pages converted for one client are reused for the next (and for a rebuild), byte for byte."""
    from generator.build import warm_cache

    files = sorted(EXAMPLES.glob("*.yaml"))
    monkeypatch.setattr(warm_cache, "PROCESS_CACHE", warm_cache.WarmCache())
    warm = build_clients(CONTENT, files, tmp_path / "warm", jobs=1, force=True)
    assert [o.result for o in warm] == ["built"] * len(files) and len(warm_cache.PROCESS_CACHE.reused) > 20
    # Checklists differ between clients only in their client attributes: converted and indexed once.
    assert "checklist.md" in warm_cache.PROCESS_CACHE.reused and "checklist.md" in warm_cache.PROCESS_CACHE.reindexed
    for path in files:  # each client on its own, from nothing
        monkeypatch.setattr(warm_cache, "PROCESS_CACHE", warm_cache.WarmCache())
        cold = build_clients(CONTENT, [path], tmp_path / "cold", jobs=1, force=True)
        assert cold[0].result == "built" and warm_cache.PROCESS_CACHE.reused == warm_cache.PROCESS_CACHE.reindexed == []
    assert files_of(tmp_path / "warm") == files_of(tmp_path / "cold")
