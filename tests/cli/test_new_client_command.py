"""`playbook new-client`: a valid profile listing every item, never a reserved slug, never
written through a symlink."""

from __future__ import annotations

import pytest

from generator.clients.profiles import load_client
from generator.model.loading import load_model
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import CONTENT, MINI

MODEL = load_model(CONTENT)


def test_new_client_scaffold_is_valid_and_lists_every_item(tmp_path):
    result = run("new-client", "Ørsted & Co", "--clients", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / "orsted-co.yaml"
    text = path.read_text()
    for item in MODEL.items:
        assert f"      {item.id}:\n" in text and f"# {item.text}" in text
    client = load_client(path, MODEL)
    assert client.profile.name == "Ørsted & Co" and client.assessments[0].answers == {}
    assert run("new-client", "Ørsted & Co", "--clients", str(tmp_path)).exit_code == 2


@pytest.mark.parametrize("args", [["Stages"], ["Acme", "--slug", "assets"]])
def test_new_client_refuses_a_reserved_slug(tmp_path, args):
    stderr = clean_failure(run("new-client", *args, "--content", str(MINI), "--clients", str(tmp_path / "c")), code=2)
    assert "is the name of a part of the generic site" in stderr
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("target", ["outside/acme.yaml", "outside/missing-folder/acme.yaml"])
def test_new_client_never_writes_through_a_symlink(tmp_path, target):
    clients = tmp_path / "clients"
    clients.mkdir()
    (tmp_path / "outside").mkdir()
    (clients / "acme.yaml").symlink_to(tmp_path / target)
    stderr = clean_failure(run("new-client", "Acme", "--content", str(MINI), "--clients", str(clients)), code=2)
    assert "acme.yaml already exists" in stderr
    assert list((tmp_path / "outside").iterdir()) == []
