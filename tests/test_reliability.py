"""The fault catalogue (shared RELIABILITY.md): attacks and faults end in a clear error, exit 1,
and the previous output exactly as it was, with no staging folder left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clients.profiles import slugify
from generator.errors import ContentError
from generator.model import profile_schema, schema
from generator.model.loading import validate_document
from generator.yamlio import Document

from .conftest import MINI, ROOT, edit, run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(tmp_path, mini_copy):
    """A site built from the mini model, and its bytes, to check that failures leave it alone."""
    out = tmp_path / "site"
    assert run("build", "--content", str(mini_copy), "--out", str(out)).exit_code == 0
    return out, snapshot(out)


def assert_untouched(out: Path, before: dict[str, bytes]) -> None:
    assert snapshot(out) == before
    assert not [p for p in out.parent.iterdir() if ".staging-" in p.name]


@pytest.mark.parametrize(
    "text, message",
    [
        ("id: x\n!!python/object/apply:os.system ['touch pwned']: 1\n", "is not allowed: remove it"),
        ("a: &a [x]\nb: [*a, *a]\n", "anchor '&a' is not allowed"),
        ("", "expected a mapping with the keys"),
        ("- a\n- b\n", "expected a mapping with the keys 'id', 'name'"),
        ("id: a\n---\nid: b\n", "a second YAML document"),
        ('id: "a\\u202eb"\n', "'a\\u202eb' is not a valid id"),  # shown as an escape, never raw
        ("id: " + "[" * 10_000 + "]" * 10_000 + "\n", "model.yaml:1:"),
    ],
)
def test_loading_attacks_and_shapes(mini_copy, built, text, message):
    out, before = built
    (mini_copy / "model.yaml").write_text(text)
    result = run("build", "--content", str(mini_copy), "--out", str(out))
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output
    assert not Path("pwned").exists()
    assert_untouched(out, before)


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


def test_index_is_not_an_id_for_a_page(mini_copy):
    edit(mini_copy / "practices.yaml", "  - id: decision-log", "  - id: index")
    edit(mini_copy / "checklist.yaml", "practice: decision-log, step: keep", "practice: index, step: keep")
    edit(mini_copy / "checklist.yaml", "practice: decision-log}", "practice: index}")
    edit(mini_copy / "stages.yaml", "practices: [decision-log]", "practices: [index]")
    result = run("validate", str(mini_copy))
    assert result.exit_code == 1
    assert (
        "practices.yaml:9:9: error: practices[1].id: 'index' is the name of the practice overview page" in result.stderr
    )


@pytest.mark.parametrize("target", [".", "content", "templates", "~", "/"])
def test_out_never_replaces_a_folder_it_did_not_make(target, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = str(Path(target).expanduser())
    before = sorted(os.listdir(path))
    result = run("build", "--content", str(MINI), "--out", path)
    assert result.exit_code == 1 and "was not made by playbook" in result.stderr
    assert sorted(os.listdir(path)) == before


def build_with_override(
    tmp_path: Path, content: Path, out: Path, template: str, text: str = "", symlink_to: Path | None = None
):
    """Build a minimal client with one page template overridden (written, or a symlink); the CLI result."""
    folder = tmp_path / "overrides" / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / template).unlink(missing_ok=True)
    if symlink_to:
        (folder / template).symlink_to(symlink_to)
    else:
        (folder / template).write_text(text)
    client = tmp_path / "client.yaml"
    client.write_text("name: X\nslug: x\n")
    return run(
        "build",
        "--content",
        str(content),
        "--client",
        str(client),
        "--out",
        str(out),
        "--templates",
        str(tmp_path / "overrides"),
    )


def test_template_failure_leaves_the_previous_site(built, tmp_path, mini_copy):
    out, before = built
    result = build_with_override(tmp_path, mini_copy, out, "stage.md.j2", "# {{ stage.name }}\n{{ stage.titel }}\n")
    assert result.exit_code == 1
    assert "stage.md.j2:2" in result.stderr and "titel" in result.stderr
    assert_untouched(out, before)


def test_template_symlink_and_include_out_of_the_folder_are_refused(tmp_path, mini_copy):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    out = tmp_path / "site"
    result = build_with_override(tmp_path, mini_copy, out, "about.md.j2", symlink_to=secret)
    assert result.exit_code == 1 and "outside the template folder: refused" in result.stderr
    result = build_with_override(tmp_path, mini_copy, out, "about.md.j2", '{% include "../../secret.txt" %}\n')
    assert result.exit_code == 1 and "not found" in result.stderr
    assert not (out / "x").exists()


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ ('{0.__class__.__mro__}' | attr('format'))('x') }}",
        "{{ '{0.__class__}'.format(model) }}",
        "{{ organisation.__class__ }}",
    ],
)
def test_sandbox_refuses_reaching_into_python(tmp_path, mini_copy, attack):
    result = build_with_override(tmp_path, mini_copy, tmp_path / "site", "about.md.j2", f"# About\n\n{attack}\n")
    assert result.exit_code == 1 and "template error" in result.stderr
    assert not (tmp_path / "site" / "x").exists()


def test_interrupt_exits_130_and_leaves_the_previous_site(built, mini_copy):
    out, before = built
    code = (
        "import sys, generator.build.pipeline as p\n"
        "def stop(*a, **k): raise KeyboardInterrupt\n"
        "p.build_html = stop\n"
        f"sys.argv = ['playbook', 'build', '--content', {str(mini_copy)!r}, '--out', {str(out)!r}]\n"
        "from generator.cli import run; run()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 130 and "Interrupted." in result.stderr
    assert_untouched(out, before)


def test_two_builds_at_once_leave_one_complete_site(tmp_path, mini_copy):
    out = tmp_path / "site"
    command = [sys.executable, "-m", "generator", "build", "--content", str(mini_copy), "--out", str(out)]
    first, second = subprocess.Popen(command), subprocess.Popen(command)
    assert first.wait() == 0 and second.wait() == 0
    assert (out / "index.html").is_file() and (out / ".playbook-output").is_file()
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_builds_are_byte_identical_across_hash_seed_timezone_and_locale(tmp_path):
    outputs = []
    for number, (seed, tz, locale) in enumerate([("1", "UTC", "C.UTF-8"), ("4242", "Asia/Tokyo", "POSIX")]):
        out = tmp_path / f"site{number}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": locale}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--content", str(MINI), "--out", str(out)],
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]
    assert b"<lastmod>2026-11-01</lastmod>" in outputs[0]["sitemap.xml"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_slugs_never_escape(name):
    slug = slugify(name)
    assert slug == "" or schema.ID_PATTERN.fullmatch(slug)
    assert "/" not in slug and "\\" not in slug and ".." not in slug and "\0" not in slug


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(data=yaml_values, file_schema=st.sampled_from(list(schema.CONTENT_FILES.values()) + [profile_schema.ClientFile]))
def test_arbitrary_structures_give_problems_not_crashes(data, file_schema):
    problems, value = validate_document(Document(Path("f.yaml"), data), file_schema)
    assert problems or value is not None
    for problem in problems:
        assert str(problem).startswith("f.yaml")
    if problems:
        with pytest.raises(ContentError):
            raise ContentError(problems)


def test_hostile_client_text_never_becomes_markup(tmp_path):
    out = tmp_path / "site"
    fixture = Path(__file__).parent / "fixtures" / "hostile-client.yaml"
    result = run("build", "--content", str(MINI), "--client", str(fixture), "--out", str(out))
    assert result.exit_code == 0, result.output
    from .htmlcheck import read_page

    site = out / "hostile"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        facts = read_page(page)
        assert facts.event_attributes == [], page
        for _, url, _ in facts.links:
            assert not url.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (page, url)
        for script in facts.scripts:
            assert set(script) <= {"src", "id", "type"}, (page, script)
    inline_scripts = "".join(
        chunk.split("</script>")[0] for page in pages for chunk in page.read_text().split("<script")[1:]
    )
    assert "alert(" not in inline_scripts
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Evil" in (site / "index.html").read_text()


def test_disk_full_is_a_clear_error_and_leaves_the_previous_site(built, mini_copy, monkeypatch):
    import errno

    import generator.build.mkdocs_build

    out, before = built

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(generator.build.mkdocs_build, "write_tree", full)
    result = run("build", "--content", str(mini_copy), "--out", str(out))
    assert result.exit_code == 1
    assert "No space left on device; the previous output is unchanged" in result.stderr
    assert_untouched(out, before)


def test_builder_failure_part_way_leaves_the_previous_site(built, tmp_path, mini_copy):
    out, before = built
    result = build_with_override(
        tmp_path, mini_copy, out, "about.md.j2", "# About\n\n[a page that does not exist](nowhere.md)\n"
    )
    assert result.exit_code == 1
    assert "the site builder reported problems" in result.stderr and "nowhere.md" in result.stderr
    assert_untouched(out, before)
