"""`playbook build`: it says where the site is."""

from __future__ import annotations

from tests.helpers.cli import run
from tests.helpers.data import MINI


def test_build_reports_where_the_site_is(tmp_path):
    result = run("build", "--content", str(MINI), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "Built 'Data Culture Check'" in result.stdout
    assert (tmp_path / "out" / "index.html").is_file()
