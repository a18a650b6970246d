"""Client builds in shards: any CI matrix can fan out, and the parts add up to the full build."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.batch import shard

from .conftest import ROOT, run

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
    assert run("build", "--all", "--clients", str(EXAMPLES), "--out", str(tmp_path / "full"), "--jobs", "1").exit_code == 0
    for part in ("1/2", "2/2"):
        result = run("build", "--all", "--clients", str(EXAMPLES), "--out", str(tmp_path / part.replace("/", "-")),
                     "--shard", part, "--jobs", "1")
        assert result.exit_code == 0, result.output
    first, second = files_of(tmp_path / "1-2"), files_of(tmp_path / "2-2")
    assert {name.split("/")[0] for name in first}.isdisjoint(name.split("/")[0] for name in second)
    assert {**first, **second} == files_of(tmp_path / "full")


@pytest.mark.parametrize("value", ["0/2", "3/2", "a/b", "2"])
def test_a_shard_must_be_k_of_n(value, tmp_path):
    result = run("build", "--all", "--clients", str(EXAMPLES), "--out", str(tmp_path / "out"), "--shard", value)
    assert result.exit_code == 2 and "is not a part: give K/N" in result.output
