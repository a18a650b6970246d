"""`playbook new-client`: a valid profile listing every item, never a reserved slug, never
written through a symlink."""

from __future__ import annotations

import re

import pytest

from generator.clients.profiles import load_client
from generator.model.loading import load_model
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import CONTENT, FIXTURES, MINI

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


def test_new_client_lists_each_answers_label_and_groups_as_the_checklist(tmp_path):
    """samm groups by pillar, splits pillars into streams and gives every item a scale of its own:
    the profile follows all three."""
    clients = tmp_path / "clients"
    samm = FIXTURES / "samm"
    assert run("new-client", "Secure Co", "--content", str(samm), "--clients", str(clients)).exit_code == 0
    text = (clients / "secure-co.yaml").read_text(encoding="utf-8")
    model = load_model(samm)
    headings = re.findall(r"      # --- (.+) ---", text)
    assert headings == [p.name for p in model.pillars if any(i.pillar == p.id for i in model.items)]
    streams = re.findall(r"      # -- (.+) --\n", text)  # under each pillar, its streams as the checklist has them
    assert streams == [s.name for p in model.pillars for s in p.streams]
    first_stream = model.pillars[0].streams[0]
    under = text.split(f"      # -- {first_stream.name} --\n", 1)[1].split("      # --", 1)[0]
    assert re.findall(r"^      ([a-z0-9-]+):$", under, re.M) == [
        i.id for i in model.items if i.stream == first_stream.id
    ]
    first = model.items[0]
    labels = " | ".join(f"{o.value} = {o.label}" for o in model.scale_of(first))
    assert f"      # ({labels})\n      {first.id}:\n" in text
    assert "each item lists its answers; empty = not answered yet" in text


@pytest.mark.parametrize("slug", ["../x", "Acme", "a b", "x" * 65])
def test_new_client_names_a_bad_slug_as_the_problem(tmp_path, slug):
    stderr = clean_failure(run("new-client", "X", "--slug", slug, "--clients", str(tmp_path / "clients")), code=2)
    assert f"--slug '{slug}' is not a slug: use lowercase letters, digits and hyphens" in stderr
    assert not (tmp_path / "clients").exists()


@pytest.mark.parametrize("failing", ["profile", "secrets"])
def test_new_client_on_a_full_disk_says_so_and_leaves_no_half_written_file(tmp_path, monkeypatch, failing):
    import generator.cli.shared
    from generator.clients import passphrases

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "profile":
        monkeypatch.setattr(generator.cli.shared, "open", full, raising=False)
    else:
        monkeypatch.setattr(passphrases.tempfile, "mkstemp", full)
    clients = tmp_path / "clients"
    stderr = clean_failure(run("new-client", "Acme", "--private", "--clients", str(clients)))
    assert "Traceback" not in stderr and "No space left on device" in stderr
    assert "cannot write" in stderr and not (clients / "acme.yaml").exists()
