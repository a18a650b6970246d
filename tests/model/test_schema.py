"""The content schema (generator/model/schema.py): strict and closed, no silent coercion, plain
text without invisible controls, real dates, safe links; exported as closed JSON Schema."""

from __future__ import annotations

import json

import pytest

from tests.helpers.cli import clean_failure, run
from tests.helpers.files import edit


@pytest.mark.parametrize("value", ["NO", "on", "1.10", "yes", "2026-01-01"])
def test_no_silent_coercion_where_text_is_expected(mini_copy, value):
    edit(mini_copy / "model.yaml", "name: Data Culture Check", f"name: {value}")
    result = run("validate", str(mini_copy))
    assert result.exit_code == 1
    assert "model.yaml:2:7: error: name: expected text" in result.stderr


@pytest.mark.parametrize("title", ["Bad\u202etitle", "Bell\u0007", "Zero\u200bwidth"])
def test_control_and_bidi_characters_in_titles(mini_copy, title):
    edit(mini_copy / "stages.yaml", "name: Fluent", f"name: {json.dumps(title)}")  # written as \\u escapes
    result = run("validate", str(mini_copy))
    assert result.exit_code == 1
    assert "stages.yaml:12:11: error: stages[1].name: contains the invisible control character U+" in result.stderr


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "//evil.example"]
)
def test_only_http_https_mailto_links(mini_copy, url):
    edit(mini_copy / "model.yaml", "scoring:", f"sources:\n  - title: A source\n    url: '{url}'\nscoring:")
    result = run("validate", str(mini_copy))
    assert (
        result.exit_code == 1 and "is not an allowed link: use an http://, https:// or mailto: address" in result.stderr
    )


@pytest.mark.parametrize(
    "value, message",
    [
        ("2206-13-10", "model.yaml:4:10: error: '2206-13-10' is not a date: write a real date as YYYY-MM-DD"),
        ("2026-02-30", "model.yaml:4:10: error: '2026-02-30' is not a date"),
        ("2206-01-10", "model.yaml:4:10: error: updated: 2206-01-10 is not a date from 1970 to 2099: check the year"),
        ("1900-01-01", "model.yaml:4:10: error: updated: 1900-01-01 is not a date from 1970 to 2099"),
        ('"2026-01-01"', "model.yaml:4:10: error: updated: expected a date written as YYYY-MM-DD (without quotes)"),
    ],
)
def test_date_typos_in_the_model(mini_copy, value, message):
    edit(mini_copy / "model.yaml", "updated: 2026-11-01", f"updated: {value}")
    assert message in clean_failure(run("build", "--content", str(mini_copy), "--out", str(mini_copy.parent / "site")))
    assert not (mini_copy.parent / "site").exists()


@pytest.mark.parametrize("name", ["model", "axes", "stages", "pillars", "practices", "checklist", "client"])
def test_schema_is_exported_as_closed_json_schema(name):
    result = run("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False and schema["properties"]
    if name == "checklist":
        item = schema["$defs"]["Item"]
        assert item["properties"]["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
        assert set(item["required"]) == {"id", "text", "pillar", "stage"}  # axis only with a matrix
