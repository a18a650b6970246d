"""`playbook migrate`: where it writes (a new file, or in place), never over a file without
--force, and a file already current left alone."""

from __future__ import annotations

from tests.helpers.cli import run


def test_migrate_writes_over_an_existing_file_only_with_force(migration_project):
    (migration_project / "migrated.yaml").write_text("keep me\n", encoding="utf-8")
    result = run("migrate", "answers.yaml", "--out", "migrated.yaml", "--content", "model")
    assert result.exit_code == 1
    assert "Error: migrated.yaml already exists: give --force to replace it, or another --out" in result.stderr
    assert (migration_project / "migrated.yaml").read_text(encoding="utf-8") == "keep me\n"
    assert run("migrate", "answers.yaml", "--out", "migrated.yaml", "--force", "--content", "model").exit_code == 0
    assert "model_version: '0.3'" in (migration_project / "migrated.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in migration_project.iterdir()) == [
        "answers.yaml",
        "migrated.yaml",
        "model",
    ]  # no temporary left


def test_migrate_in_place_then_again_finds_it_current(migration_project):
    assert run("migrate", "answers.yaml", "--in-place", "--content", "model").exit_code == 0
    before = (migration_project / "answers.yaml").read_bytes()
    result = run("migrate", "answers.yaml", "--in-place", "--content", "model")
    assert (result.exit_code, result.stdout) == (0, "answers.yaml: already at version 0.3\n")
    assert (migration_project / "answers.yaml").read_bytes() == before


def test_migrate_needs_one_place_to_write(migration_project):
    for flags in ([], ["--out", "new.yaml", "--in-place"]):
        result = run("migrate", "answers.yaml", "--content", "model", *flags)
        assert result.exit_code == 2
        assert "say where to write: --out FILE for a new file, or --in-place to replace FILE" in result.stderr
