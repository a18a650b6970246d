"""The schema of client profiles (generator/model/profile_schema.py): slugs that cannot name a
part of the generic site, and site addresses with URL-safe characters only."""

from __future__ import annotations

import pytest

from generator.model import profile_schema
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import MINI


@pytest.mark.parametrize("slug", sorted(profile_schema.RESERVED_SLUGS))
def test_slugs_that_name_parts_of_the_generic_site_are_reserved(tmp_path, slug):
    client = tmp_path / "client.yaml"
    client.write_text(f"name: X\nslug: {slug}\n")
    out = tmp_path / "site"
    stderr = clean_failure(run("build", "--content", str(MINI), "--client", str(client), "--out", str(out)))
    assert (
        f"client.yaml:2:7: error: slug: '{slug}' is the name of a part of the generic site: choose another slug"
        in stderr
    )
    assert not out.exists()


def test_every_top_level_name_of_the_generic_site_is_reserved(mini_site):
    names = {path.name.split(".")[0] for path in mini_site.iterdir() if not path.name.startswith(".")}
    assert names <= profile_schema.RESERVED_SLUGS, names - profile_schema.RESERVED_SLUGS


@pytest.mark.parametrize(
    "url",
    [
        '"><script>alert(1)</script>',
        'https://x.example/"><script>alert(1)</script>',
        "https://x.example/<b>",
        "https://x.example/a b",
        "https://x.example/a\\b",
        "https://x.example/\x1b[2J",
        "https://x.example/'onload='x",
        "javascript:alert(1)",
        "https://user:secret@x.example/",
        "https://x.example/?q=1",
        "https://x.example/#top",
        "https://x.example/%zz",
        "https://x.example/a\tb",
        "https://x.example/a\u202eb",
    ],
)
def test_site_url_allows_only_url_safe_characters(tmp_path, url):
    stderr = clean_failure(
        run("build", "--content", str(MINI), "--out", str(tmp_path / "site"), "--site-url", url), code=2
    )
    assert "is not a site address" in stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://playbook.example.com",
        "http://127.0.0.1:8000/",
        "https://acme.github.io/a_b-c/",
        "https://x.example/with%20space/",
        "https://[::1]:8080/",
    ],
)
def test_site_url_accepts_ordinary_addresses(url):
    assert profile_schema.check_site_url(url).startswith(url)
