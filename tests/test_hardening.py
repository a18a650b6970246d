"""The fault catalogue, round two (issue 14): each class of attack or fault that got through,
with its example and the variants found since. Every case ends in a clear message (file:line
where there is one), exit 1 (2 for usage), no traceback, and nothing written."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from pathlib import Path

import pytest

from generator import errors
from generator.clients.images import ActiveImage, check_image
from generator.errors import Problem, format_problems, one_of, visible
from generator.model import profile_schema

from .conftest import MINI, edit, run
from .test_reliability import build_with_override, snapshot

SVG = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'
PLAYBOOK = [sys.executable, "-m", "generator"]


def clean_failure(result, code: int = 1) -> str:
    """The stderr of a CLI run that failed as a user error should: the exit code, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.stderr


def write_client(folder: Path, body: str = "", name: str = "client.yaml") -> Path:
    path = folder / name
    path.write_text(f"name: X\nslug: x\n{body}", encoding="utf-8")
    return path


# --- 1. Active SVG, and logos that are not the image they claim ----------------------------------

ACTIVE_SVGS = {
    "script": f"<svg {SVG}><script>alert(1)</script></svg>",
    "xhtml-script": f"<svg {SVG}><script {XHTML}>alert(1)</script></svg>",
    "xhtml-iframe": f"<svg {SVG}><g><iframe {XHTML} src='javascript:alert(1)'/></g></svg>",
    "onload": f"<svg {SVG} onload='alert(1)'><rect width='1' height='1'/></svg>",
    "onclick-uppercase": f"<svg {SVG}><rect ONCLICK='alert(1)' width='1' height='1'/></svg>",
    "a-javascript": f"<svg {SVG}><a href='javascript:alert(1)'><rect width='9' height='9'/></a></svg>",
    "a-xlink-javascript": f"<svg {SVG} {XLINK}><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "set-href": f"<svg {SVG}><set attributeName='href' to='javascript:alert(1)'/></svg>",
    "animate-values": f"<svg {SVG}><animate attributeName='href' values='javascript:alert(1)'/></svg>",
    "use-external": f"<svg {SVG}><use href='https://evil.example/x.svg#a'/></svg>",
    "use-data": f"<svg {SVG} {XLINK}><use xlink:href='data:image/svg+xml;base64,PHN2Zz4='/></svg>",
    "use-javascript-entity": f"<svg {SVG}><use href='&#106;avascript:alert(1)'/></svg>",
    "image-external": f"<svg {SVG}><image href='https://evil.example/track.png'/></svg>",
    "feimage": f"<svg {SVG}><filter id='f'><feImage href='https://evil.example/x.png'/></filter></svg>",
    "foreignobject": f"<svg {SVG}><foreignObject><div {XHTML}>x</div></foreignObject></svg>",
    "doctype-entities": f"<!DOCTYPE svg [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]><svg {SVG}><text>&b;</text></svg>",
    "doctype-external": f"<!DOCTYPE svg SYSTEM 'https://evil.example/x.dtd'><svg {SVG}/>",
    "stylesheet-instruction": f"<?xml-stylesheet href='https://evil.example/x.css'?><svg {SVG}/>",
    "style-import": f"<svg {SVG}><style>@import url(https://evil.example/x.css);</style></svg>",
    "style-font-face": f"<svg {SVG}><style>@font-face {{ font-family: x; src: url(https://evil.example/f) }}</style></svg>",
    "style-url": f"<svg {SVG}><style>rect {{ fill: url(https://evil.example/#x) }}</style></svg>",
    "style-url-entity-split": f"<svg {SVG}><style>rect {{ fill: ur&#108;(https://evil.example/x) }}</style></svg>",
    "style-escape": f"<svg {SVG}><style>rect {{ fill: u\\72l(https://evil.example/x) }}</style></svg>",
    "style-expression": f"<svg {SVG}><style>rect {{ width: expression(alert(1)) }}</style></svg>",
    "style-image-set": f"<svg {SVG}><style>rect {{ fill: image-set('https://evil.example/x' 1x) }}</style></svg>",
    "style-attribute-url": f"<svg {SVG}><rect style='fill:url(https://evil.example/#x)' width='1' height='1'/></svg>",
    "fill-external": f"<svg {SVG}><rect fill='url(http://evil.example/#x)' width='1' height='1'/></svg>",
    "xml-base": f"<svg {SVG} xml:base='https://evil.example/'/>",
    "undefined-entity": f"<svg {SVG}><text>&xxe;</text></svg>",
    "root-html": f"<html {XHTML}><body><script>alert(1)</script></body></html>",
    "root-without-namespace": "<svg onload='alert(1)'/>",
    "not-well-formed": f"<svg {SVG}><rect></svg>",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(ACTIVE_SVGS))
def test_active_svg_logos_are_refused_at_the_logo_line(tmp_path, name):
    (tmp_path / "logo.svg").write_text(ACTIVE_SVGS[name], encoding="utf-8")
    client = write_client(tmp_path, "logo: logo.svg\n")
    out = tmp_path / "site"
    stderr = clean_failure(run("build", "--content", str(MINI), "--client", str(client), "--out", str(out)))
    assert re.search(
        r"client\.yaml:3:7: error: logo: 'logo\.svg': (an SVG with|not a well-formed SVG|not an SVG)", stderr
    ), stderr
    assert "export it" in stderr
    assert not out.exists()


MISNAMED = {
    "svg-named-png": ("logo.png", f"<svg {SVG}/>".encode(), "not a PNG image (it is SVG)"),
    "text-named-jpg": ("logo.jpg", b"<html><script>alert(1)</script></html>", "not a JPEG image"),
    "png-named-webp": ("logo.webp", b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "not a WebP image (it is PNG)"),
    "png-named-svg": ("logo.svg", b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "not a well-formed SVG"),
    "html-named-svg": ("logo.svg", b"<!doctype html><script>alert(1)</script>", "not a well-formed SVG"),
    "too-big": ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 1_000_000, "the limit is 1,000,000"),
    "gif": ("logo.gif", b"GIF89a", "is not an image the site can show"),
}


@pytest.mark.parametrize("name", sorted(MISNAMED))
def test_a_logo_must_be_the_image_type_it_claims(tmp_path, name):
    file, data, message = MISNAMED[name]
    (tmp_path / file).write_bytes(data)
    client = write_client(tmp_path, f"logo: {file}\n")
    stderr = clean_failure(
        run("build", "--content", str(MINI), "--client", str(client), "--out", str(tmp_path / "site"))
    )
    assert "client.yaml:3:7: error: logo: " in stderr and message in stderr, stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("kind", ["fifo", "folder", "dangling-symlink"])
def test_a_logo_that_is_not_a_regular_file_is_refused_without_waiting(tmp_path, kind):
    target = tmp_path / "logo.svg"
    {
        "fifo": lambda: os.mkfifo(target),
        "folder": target.mkdir,
        "dangling-symlink": lambda: target.symlink_to(tmp_path / "gone.svg"),
    }[kind]()
    client = write_client(tmp_path, "logo: logo.svg\n")
    result = subprocess.run(
        [*PLAYBOOK, "build", "--content", str(MINI), "--client", str(client), "--out", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "client.yaml:3:7: error: logo:" in result.stderr
    assert ("not a regular file" if kind != "dangling-symlink" else "file not found") in result.stderr
    assert not (tmp_path / "site").exists()


INERT_SVGS = {
    "shapes": f"<svg {SVG} viewBox='0 0 64 64'><circle cx='32' cy='32' r='30' fill='#fff'/><path d='M1 1h9'/></svg>",
    "illustrator": (
        f"<?xml version='1.0' encoding='UTF-8'?><svg {SVG} {XLINK} data-name='Layer 1' viewBox='0 0 9 9'>"
        "<defs><style>.cls-1{fill:url(#g);}.cls-2{fill:#0b5394}</style><linearGradient id='g' x1='0' "
        "x2='1'><stop offset='0' stop-color='#fff'/></linearGradient></defs><title>Logo</title>"
        "<rect class='cls-1' width='9' height='9'/><use xlink:href='#r'/><g id='r' class='cls-2' "
        "style='opacity:.5;filter:url(#f)'/><filter id='f'><feGaussianBlur stdDeviation='1'/></filter></svg>"
    ),
    "inkscape": (
        f"<svg {SVG} xmlns:inkscape='http://www.inkscape.org/namespaces/inkscape' "
        "xmlns:sodipodi='http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd' "
        "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:cc='http://creativecommons.org/ns#' "
        "xmlns:dc='http://purl.org/dc/elements/1.1/' sodipodi:docname='logo.svg'><sodipodi:namedview "
        "inkscape:zoom='1'/><metadata><rdf:RDF><cc:Work><dc:format>image/svg+xml</dc:format></cc:Work>"
        "</rdf:RDF></metadata><g inkscape:label='Layer 1' inkscape:groupmode='layer'><text x='1' "
        "y='5' font-family='sans-serif'>A<tspan dy='1'>B</tspan></text></g></svg>"
    ),
}


@pytest.mark.parametrize("name", sorted(INERT_SVGS))
def test_plain_svg_logos_from_common_editors_are_accepted(name):
    check_image(INERT_SVGS[name].encode(), ".svg")


@pytest.mark.parametrize(
    "suffix, data",
    [
        (".png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        (".jpg", b"\xff\xd8\xff\xe0\0\x10JFIF"),
        (".jpeg", b"\xff\xd8\xff\xdb"),
        (".webp", b"RIFF\x24\0\0\0WEBPVP8 "),
    ],
)
def test_raster_logos_are_checked_by_their_first_bytes(suffix, data):
    check_image(data, suffix)


def test_a_logo_changed_after_loading_is_checked_again_when_published(tmp_path):
    from generator.build import pipeline

    logo = tmp_path / "logo.svg"
    logo.write_text(ACTIVE_SVGS["script"])
    with pytest.raises(errors.BuildError, match="logo.svg: an SVG with the element <script>"):
        pipeline._checked_logo(logo)


def test_an_svg_check_raises_only_its_own_error():
    for data in [b"\xff\xfe<", b"<svg", b"\0" * 10, "<svg xmlns='http://www.w3.org/2000/svg'>\u202e</svg>".encode()]:
        try:
            check_image(data, ".svg")
        except ActiveImage:
            pass


# --- 3. Files that are not regular files ---------------------------------------------------------


def test_non_regular_files_are_refused_at_once(tmp_path):
    """A FIFO, a device, a folder, as a client profile, an answers file or a model file: refused at
    once (a FIFO used to hang the command for ever). Each run is bounded by a timeout."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    (model / "checklist.yaml").unlink()
    os.mkfifo(model / "checklist.yaml")
    cases = [
        (["build", "--content", str(MINI), "--client", str(fifo), "--out", str(tmp_path / "site")], "a named pipe"),
        (["score", str(fifo), "--content", str(MINI)], "a named pipe"),
        (["score", "/dev/zero", "--content", str(MINI)], "a device"),
        (["validate", str(model)], "a named pipe"),
    ]
    for args, kind in cases:
        result = subprocess.run([*PLAYBOOK, *args], capture_output=True, text=True, timeout=30)
        assert result.returncode == 1, (args, result.stderr)
        assert f"error: not a regular file ({kind}): give a file" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_an_oversized_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "answers.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(3_000_000_000)  # sparse: reading it would take a while
    started = time.monotonic()
    stderr = clean_failure(run("score", str(huge), "--content", str(MINI)))
    assert "the file is 3,000,000,000 bytes; the limit is 2,000,000" in stderr
    assert time.monotonic() - started < 5


# --- 4. Unbounded work -------------------------------------------------------------------------


def big_model(folder: Path, practices: int, items: int, typo: str = "practice-1x") -> Path:
    """The mini model with many practices and items; every item names the practice `typo`."""
    shutil.copytree(MINI, folder)
    lines = ["practices:"]
    for n in range(practices):
        lines += [
            f"  - {{id: practice-{n}, name: Practice {n}, summary: S., why: W., how: [H], pillars: [habits], "
            "stage: curious}"
        ]
    (folder / "practices.yaml").write_text("\n".join(lines) + "\n")
    lines = ["items:"]
    for n in range(items):
        axis, pillar, stage = [("reach", "tooling", "curious"), ("depth", "habits", "fluent")][n % 2]
        lines += [f"  - {{id: item-{n}, text: T., axis: {axis}, pillar: {pillar}, stage: {stage}, practice: {typo}}}"]
    (folder / "checklist.yaml").write_text("\n".join(lines) + "\n")
    edit(folder / "stages.yaml", "practices: [decision-log]", "practices: []")
    edit(folder / "stages.yaml", "practices: [weekly-review]", "practices: []")
    return folder


def test_one_wrong_reference_in_a_big_model_gives_a_short_report(tmp_path):
    model = big_model(tmp_path / "big", practices=800, items=3000)
    stderr = clean_failure(run("validate", str(model)))
    assert len(stderr) < 40_000, len(stderr)  # it printed every practice id for every item
    first = stderr.splitlines()[0]
    assert re.fullmatch(
        r".*checklist\.yaml:2:\d+: error: items\[0\]\.practice: unknown practice 'practice-1x': use one of "
        r"practice-1, practice-\d+, practice-\d+ and 797 more",
        first,
    ), first
    assert re.search(r"\n\.\.\. and [0-9,]+ more problems \(fix these first\)\n", stderr)
    assert stderr.rstrip().endswith("Aborted with 3,000 errors.")


def test_a_long_requirement_circle_is_named_briefly_and_without_recursion(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    count = 3000  # deeper than Python's recursion limit
    lines = ["practices:"]
    for n in range(count):
        lines.append(
            f"  - {{id: p-{n}, name: P{n}, summary: S., why: W., how: [H], pillars: [habits], stage: curious, "
            f"requires: [p-{(n + 1) % count}]}}"
        )
    (model / "practices.yaml").write_text("\n".join(lines) + "\n")
    text = (model / "checklist.yaml").read_text()
    (model / "checklist.yaml").write_text(re.sub(r"practice: [a-z-]+", "practice: p-0", text))
    edit(model / "stages.yaml", "practices: [decision-log]", "practices: []")
    edit(model / "stages.yaml", "practices: [weekly-review]", "practices: []")
    stderr = clean_failure(run("validate", str(model)))
    assert (
        "practices require each other in a circle: p-0 -> p-1 -> p-2 -> p-3 -> p-4 -> ... (2,993 more) ... -> "
        "p-2998 -> p-2999 -> p-0: remove one" in stderr
    )
    assert max(len(line) for line in stderr.splitlines()) < 400


def test_choice_lists_and_problem_lists_are_capped():
    assert one_of(["a", "b"]) == "a, b"
    assert one_of([f"id-{n}" for n in range(500)], "id-42x").startswith("id-42, ")
    assert one_of([f"id-{n}" for n in range(500)], "zzz") == "id-0, id-1, id-2, id-3 and 496 more"
    problems = [Problem("f.yaml", n, 1, "x", "bad") for n in range(1, 501)]
    text = format_problems(problems)
    assert text.count("\n") == errors.MAX_SHOWN_PROBLEMS and text.endswith(
        "... and 400 more problems (fix these first)"
    )


@pytest.mark.parametrize("templates", ["/", "..", "../..", "/etc", "link-to-root", "link-to-parent/x"])
def test_client_templates_stay_inside_the_profiles_folder(tmp_path, templates):
    clients = tmp_path / "clients"
    clients.mkdir()
    (clients / "link-to-root").symlink_to("/")
    (clients / "link-to-parent").symlink_to("..")
    client = write_client(clients, f"templates: {templates}\n")
    stderr = clean_failure(
        run("build", "--content", str(MINI), "--client", str(client), "--out", str(tmp_path / "site"))
    )
    assert f"client.yaml:3:12: error: templates: '{templates}' is outside the folder of the client profile" in stderr
    assert not (tmp_path / "site").exists()


# --- 5. Client slugs that name parts of the generic site ----------------------------------------


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


@pytest.mark.parametrize("args", [["Stages"], ["Acme", "--slug", "assets"]])
def test_new_client_refuses_a_reserved_slug(tmp_path, args):
    stderr = clean_failure(run("new-client", *args, "--content", str(MINI), "--clients", str(tmp_path / "c")), code=2)
    assert "is the name of a part of the generic site" in stderr
    assert not (tmp_path / "c").exists()


# --- 6. Messages instead of tracebacks ---------------------------------------------------------


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


@pytest.mark.parametrize(
    "value, message",
    [
        ("2026-02-30", "'2026-02-30' is not a date: write it as YYYY-MM-DD"),
        ("2206-01-10", "2206-01-10 is not a date from 1970 to 2099: check the year"),
        ("1969-12-31", "1969-12-31 is not a date from 1970 to 2099"),
    ],
)
def test_date_typos_in_assessments(tmp_path, value, message):
    client = write_client(tmp_path, f"assessments:\n  - assessed: {value}\n    answers: {{}}\n")
    stderr = clean_failure(
        run("build", "--content", str(MINI), "--client", str(client), "--out", str(tmp_path / "site"))
    )
    assert f"client.yaml:4:15: error: assessments[0].assessed: {message}" in stderr
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"assessed: {value}\nanswers: {{}}\n")
    assert f"answers.yaml:1:11: error: assessed: {message}" in clean_failure(
        run("score", str(answers), "--content", str(MINI))
    )


def make_read_only(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: the file system says no instead

        def refuse(*args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr("tempfile.mkdtemp", refuse)
    else:
        folder.chmod(0o555)
    return folder / "site"


@pytest.mark.parametrize("where", ["read-only", "/proc/x", "/dev/null/x", "file/x", "long-name"])
def test_an_output_folder_that_cannot_be_written(tmp_path, monkeypatch, where):
    (tmp_path / "file").write_text("x")
    out = {
        "read-only": lambda: make_read_only(tmp_path, monkeypatch),
        "file/x": lambda: tmp_path / "file" / "x",
        "long-name": lambda: tmp_path / ("a" * 290),
    }.get(where, lambda: Path(where))()
    stderr = clean_failure(run("build", "--content", str(MINI), "--out", str(out)))
    assert stderr.startswith(f"error: cannot write {out}: ") or "was not made by playbook" in stderr, stderr


def test_client_file_names_that_are_not_utf8(tmp_path):
    good = tmp_path / os.fsdecode(b"caf\xe9.yaml")
    good.write_text("name: Cafe\nslug: cafe\n")
    bad = tmp_path / os.fsdecode(b"b\xff.yaml")
    bad.write_text("name: B\nslug: b\nwieght: 1\n")
    result = subprocess.run(
        [
            *PLAYBOOK,
            "build",
            "--content",
            str(MINI),
            "--client",
            str(good),
            "--client",
            str(bad),
            "--out",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        timeout=60,
    )
    stderr = result.stderr.decode("utf-8")  # every byte printed is UTF-8, the unreadable one as \xff
    assert result.returncode == 1 and "Traceback" not in stderr
    assert "b\\xff.yaml:3:1: error: wieght: unknown key 'wieght'" in stderr
    assert (tmp_path / "site" / "cafe" / "index.html").is_file()


def test_a_290_character_name_fails_only_its_client(tmp_path):
    long = "a" * 290
    write_client(tmp_path, f"logo: {long}.png\n", "logo.yaml")
    write_client(tmp_path, f"templates: {long}\n", "templates.yaml")
    (tmp_path / "ok.yaml").write_text("name: Fine\nslug: fine\n")
    result = run("build", "--content", str(MINI), "--all", "--clients", str(tmp_path), "--out", str(tmp_path / "site"))
    stderr = clean_failure(result)
    assert "logo.yaml:3:7: error: logo: '" + long + ".png': cannot read the file: File name too long" in stderr
    assert "templates.yaml:3:12: error: templates: no such folder" in stderr
    assert "2 of 3 clients failed" in stderr
    assert (tmp_path / "site" / "fine" / "index.html").is_file()


@pytest.mark.parametrize(
    "template, error",
    [
        ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
        ("{{ 10 % 0 }}", "ZeroDivisionError"),
        ("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}", "RecursionError"),
        ("{{ (2 ** 2000) | float }}", "OverflowError"),
        ("{{ (1e308 * 10) | int }}", "OverflowError"),  # infinity has no integer
        ("{{ {}.x.y }}", "has no attribute 'x'"),
    ],
)
def test_template_runtime_errors_are_messages(tmp_path, template, error):
    out = tmp_path / "site"
    result = build_with_override(tmp_path, MINI, out, "about.md.j2", f"# About\n\n{template}\n")
    stderr = clean_failure(result)
    assert "about.md.j2:3: template error while rendering about.md: " in stderr and error in stderr, stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "template, error",
    [
        ("{{ 'x' * 10 ** 9 }}", "'*' would make 1,000,000,000 items"),
        ("{{ ([1, 2] * 10 ** 8) | length }}", "'*' would make 200,000,000 items"),
        ("{{ 9 ** 99999 }}", "'**' would make a number of over 1,000 digits"),
    ],
)
def test_override_templates_cannot_make_huge_values(tmp_path, template, error):
    out = tmp_path / "site"
    result = build_with_override(tmp_path, MINI, out, "about.md.j2", f"# About\n\n{template}\n")
    assert error in clean_failure(result) and not out.exists()


def test_an_override_template_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    from generator.pages import rendering

    monkeypatch.setattr(rendering, "RENDER_SECONDS", 0.5)
    out = tmp_path / "site"
    endless = "{% for a in range(100000) %}{% for b in range(100000) %}{{ '' }}{% endfor %}{% endfor %}"
    started = time.monotonic()
    result = build_with_override(tmp_path, MINI, out, "about.md.j2", f"# About\n\n{endless}\n")
    assert "pages/about.md.j2: rendering about.md took over 0.5 s" in clean_failure(result)
    assert time.monotonic() - started < 10 and not out.exists()


@pytest.mark.parametrize("host", ["127.0.0.1", "203.0.113.7"])
def test_serve_on_an_address_that_cannot_be_used(host):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*PLAYBOOK, "serve", "--content", str(MINI), "--host", host, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"error: cannot serve on {host}:{port}: " in result.stderr and "choose another --port" in result.stderr


# --- 7. Terminal injection ---------------------------------------------------------------------

ESCAPES = {
    "csi-clear": "\x1b[2J\x1b[H",
    "osc-title": "\x1b]0;pwned\x07",
    "c1-csi": "\x9b2J",
    "bidi": "\u202e",
    "backspace": "\x08\x08\x08",
    "carriage-return": "\rBuilt ok",
    "delete": "\x7f",
    "line-separator": "\u2028",
    "next-line": "\x85",
    "zero-width": "\u200b",
}


def raw_controls(text: str) -> list[str]:
    return [char for char in text if char != "\n" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")]


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escape_sequences_from_files_never_reach_the_terminal(tmp_path, mini_copy, name):
    sequence = ESCAPES[name]
    quoted = sequence.encode("unicode_escape").decode()  # as YAML escapes: the file itself stays clean
    edit(mini_copy / "model.yaml", "name: Data Culture Check", f'"na{quoted}me": x\nname: Data Culture Check')
    edit(mini_copy / "stages.yaml", "id: fluent", f'id: "flu{quoted}ent"')
    answers = tmp_path / "answers.yaml"
    answers.write_text(f'answers:\n  self-service: "y{quoted}es"\n  "x{quoted}": yes\n')
    for result in (run("validate", str(mini_copy)), run("score", str(answers), "--content", str(MINI))):
        stderr = clean_failure(result)
        assert raw_controls(stderr) == [], stderr
        assert visible(sequence, newlines=False) in stderr


def test_escape_sequences_in_file_names_never_reach_the_terminal(tmp_path):
    bad = tmp_path / "evil\x1b[2J.yaml"
    bad.write_text("name: B\nslug: b\nnope: 1\n")
    missing = tmp_path / "gone\x1b]0;x\x07.yaml"
    results = [
        subprocess.run(
            [*PLAYBOOK, "build", "--content", str(MINI), "--client", str(path), "--out", str(tmp_path / "s")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        for path in (bad, missing)
    ]
    for result, code in zip(results, (1, 2), strict=True):
        assert result.returncode == code and "Traceback" not in result.stderr
        assert raw_controls(result.stderr + result.stdout) == [], result.stderr
    assert "evil\\x1b[2J.yaml:3:1: error: nope: unknown key 'nope'" in results[0].stderr
    assert "gone\\x1b]0;x\\x07.yaml" in results[1].stderr


def test_visible_shows_every_control_character_and_keeps_text():
    assert (
        visible("Fjord Energi AS: ø, 漢字, emoji 🙂, tab\there") == "Fjord Energi AS: ø, 漢字, emoji 🙂, tab\\x09here"
    )
    assert visible("a\nb") == "a\nb" and visible("a\nb", newlines=False) == "a\\x0ab"
    assert visible(os.fsdecode(b"\xff")) == "\\xff"
    assert visible("\U000e0041") == "\\U000e0041"  # a tag character (invisible text)


# --- 8. Silent misreads and small holes ----------------------------------------------------------


@pytest.mark.parametrize("weight", ["1:30", "017", "0o17", "0x1f", "0b11", "1_000", ".inf", "-.inf", ".nan", "1e3"])
def test_numbers_are_decimal_or_an_error(mini_copy, weight):
    """YAML 1.1 reads 1:30 as 90, 017 as 15, 0x1f as 31 and 1_000 as 1000: all refused (decimal only)."""
    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 1,", f"stage: fluent, weight: {weight},")
    stderr = clean_failure(run("validate", str(mini_copy)))
    assert f"checklist.yaml:3:124: error: items[1].weight: expected a number, found text '{weight}'" in stderr, stderr


@pytest.mark.parametrize("weight, value", [("1.5", 1.5), ("2", 2), (".5", 0.5), ("1.0e+1", 10.0), ("+3", 3)])
def test_decimal_numbers_still_read(mini_copy, weight, value):
    from generator.model.loading import load_model

    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 1,", f"stage: fluent, weight: {weight},")
    assert load_model(mini_copy).items[1].weight == value


def test_a_tagged_number_must_be_decimal_too(mini_copy):
    edit(mini_copy / "checklist.yaml", "stage: fluent, weight: 1,", "stage: fluent, weight: !!int 1:30,")
    assert "checklist.yaml:3:124: error: '1:30' is not a decimal number" in clean_failure(
        run("validate", str(mini_copy))
    )


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


@pytest.mark.parametrize("target", ["outside/acme.yaml", "outside/missing-folder/acme.yaml"])
def test_new_client_never_writes_through_a_symlink(tmp_path, target):
    clients = tmp_path / "clients"
    clients.mkdir()
    (tmp_path / "outside").mkdir()
    (clients / "acme.yaml").symlink_to(tmp_path / target)
    stderr = clean_failure(run("new-client", "Acme", "--content", str(MINI), "--clients", str(clients)), code=2)
    assert "acme.yaml already exists" in stderr
    assert list((tmp_path / "outside").iterdir()) == []


def test_serve_keeps_rebuilding_after_the_content_folder_is_deleted_and_restored(mini_copy):
    from .browser import free_port

    port = free_port()
    server = subprocess.Popen(
        [*PLAYBOOK, "serve", "--content", str(mini_copy), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def page_says(text: str, seconds: float = 15) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if (
                    text
                    in urllib.request.urlopen(f"http://127.0.0.1:{port}/stages/fluent.html", timeout=2).read().decode()
                ):
                    return True
            except OSError:
                pass
            time.sleep(0.1)
        return False

    try:
        assert page_says("Data is part of every decision.")
        backup = mini_copy.parent / "backup"
        mini_copy.rename(backup)
        time.sleep(1.2)  # the watcher (polling every 0.5 s) notices that the folder is gone, and stops
        backup.rename(mini_copy)
        edit(mini_copy / "stages.yaml", "Data is part of every decision.", "Evidence settles every argument.")
        assert page_says("Evidence settles every argument."), "the preview stopped rebuilding"
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- 9. Signals ------------------------------------------------------------------------------------


def group_processes(group: int) -> list[int]:
    """Live (not zombie) processes in process group `group`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[2]) == group:
                found.append(int(entry.name))
    return found


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def stagings(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.is_dir() for p in folder.iterdir() if ".staging-" in p.name]


@pytest.fixture
def many_clients(tmp_path) -> Path:
    clients = tmp_path / "clients"
    clients.mkdir()
    for n in range(6):
        (clients / f"c{n}.yaml").write_text(f"name: Client {n}\nslug: c{n}\n")
    return clients


def start_batch(tmp_path: Path, clients: Path) -> subprocess.Popen:
    """`build --all --jobs 2` in a process group of its own, once its workers are building."""
    out = tmp_path / "site"
    process = subprocess.Popen(
        [
            *PLAYBOOK,
            "build",
            "--all",
            "--jobs",
            "2",
            "--content",
            str(MINI),
            "--clients",
            str(clients),
            "--out",
            str(out),
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert wait_until(lambda: stagings(out), 60), "no client build started"
    return process


@pytest.mark.parametrize("how", ["sigterm-group", "sigterm-parent", "sigkill-parent"])
def test_stopping_a_batch_stops_its_workers_and_leaves_no_staging(tmp_path, many_clients, how):
    process = start_batch(tmp_path, many_clients)
    group = os.getpgid(process.pid)
    if how == "sigterm-group":
        os.killpg(group, signal.SIGTERM)  # what a CI cancel sends
    else:
        os.kill(process.pid, signal.SIGTERM if how == "sigterm-parent" else signal.SIGKILL)
    code = process.wait(timeout=30)
    assert code == (-signal.SIGKILL if how == "sigkill-parent" else 143)
    if code == 143:
        assert process.stderr.read().decode().rstrip().endswith("Terminated.")
    assert wait_until(lambda: not group_processes(group), 15), "workers outlived their parent"
    out = tmp_path / "site"
    assert stagings(out, tmp_path) == []
    # and the next builds accept the folder: the client sites, then the generic site over them
    assert (
        run("build", "--all", "--content", str(MINI), "--clients", str(many_clients), "--out", str(out)).exit_code == 0
    )
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    assert (out / "index.html").is_file() and (out / "c5" / "index.html").is_file()


def test_a_killed_build_leaves_staging_that_the_next_start_removes(tmp_path):
    out = tmp_path / "site"
    code = (
        "import os, signal, generator.build.pipeline as p\n"
        "def killed(*a, **k): os.kill(os.getpid(), signal.SIGKILL)\n"
        "p.build_html = killed\n"
        f"import sys; sys.argv = ['playbook', 'build', '--content', {str(MINI)!r}, '--out', {str(out)!r}]\n"
        "from generator.cli import run; run()\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == -signal.SIGKILL
    assert len(stagings(tmp_path)) == 1
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    assert stagings(tmp_path) == [] and (out / "index.html").is_file()


def test_a_crash_between_the_two_renames_of_a_swap_is_undone(tmp_path):
    out = tmp_path / "site"
    assert run("build", "--content", str(MINI), "--out", str(out)).exit_code == 0
    client = write_client(tmp_path, "")
    assert run("build", "--content", str(MINI), "--client", str(client), "--out", str(out)).exit_code == 0
    before = snapshot(out)
    code = (
        "import os, signal\n"
        "rename = os.rename\n"
        "def crash_after_moving_out(source, target):\n"
        "    rename(source, target)\n"
        "    if str(target).endswith('/old'): os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.rename = crash_after_moving_out\n"
        f"import sys; sys.argv = ['playbook', 'build', '--content', {str(MINI)!r}, '--out', {str(out)!r}]\n"
        "from generator.cli import run; run()\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == -signal.SIGKILL
    assert not out.exists()  # the kill came between the renames: no site at all, for now
    other = tmp_path / "other.yaml"
    other.write_text("name: Other\nslug: other\n")
    assert run("build", "--content", str(MINI), "--client", str(other), "--out", str(out)).exit_code == 0
    after = snapshot(out)
    assert {k: v for k, v in after.items() if not k.startswith("other/")} == before  # the previous site is back
    assert stagings(tmp_path, out) == []
