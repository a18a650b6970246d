"""Client logos (generator/clients/images.py): the image type their name claims, small, regular
files, and SVGs refused unless they are plain drawings."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from generator import errors
from generator.clients.images import ActiveImage, check_image
from tests.helpers.cli import PLAYBOOK, clean_failure, run
from tests.helpers.data import MINI
from tests.helpers.files import write_client

SVG = 'xmlns="http://www.w3.org/2000/svg"'

XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'

XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'

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


def _fan_out(copies: int, levels: int, reference: str = "<use href='#l{inner}'/>") -> str:
    """An SVG whose level n draws `copies` of level n - 1, `levels` deep, through `reference`."""
    groups = ["<g id='l0'><rect width='1' height='1'/></g>"]
    groups += [f"<g id='l{n}'>" + reference.format(inner=n - 1) * copies + "</g>" for n in range(1, levels + 1)]
    return f"<svg {SVG} {XLINK}><defs>{''.join(groups)}</defs><use href='#l{levels}'/></svg>"


EXPANDING_SVGS = {
    "use-10-by-6": _fan_out(10, 6),  # 1.2 KB, a million rectangles: froze every page in Chromium
    "use-2-by-20": _fan_out(2, 20),
    "xlink-use": _fan_out(10, 5, "<use xlink:href='#l{inner}'/>"),
    "pattern-fill": _fan_out(10, 5, "<rect width='1' height='1' fill='url(#l{inner})'/>"),
    "style-attribute": _fan_out(10, 5, "<rect width='1' height='1' style='clip-path: url(#l{inner})'/>"),
    "marker-at-each-point": (
        f"<svg {SVG}><marker id='m'>" + "<rect width='1' height='1'/>" * 100 + "</marker>"
        "<path marker-mid='url(#m)' d='M0 0" + " L1 1" * 200 + "'/></svg>"
    ),
    "style-rule-on-every-element": (
        f"<svg {SVG}><style>rect {{ fill: url(#p) }}</style><pattern id='p'>"
        + "<circle r='1'/>" * 100
        + "</pattern>"
        + "<rect width='1' height='1'/>" * 200
        + "</svg>"
    ),
    "self-reference": f"<svg {SVG}><g id='a'><use href='#a'/></g></svg>",
    "mutual-reference": f"<svg {SVG}><g id='a'><use href='#b'/></g><g id='b'><use href='#a'/></g></svg>",
    "many-elements": f"<svg {SVG}>" + "<path d='M0 0L1 1'/>" * 10_001 + "</svg>",
}


@pytest.mark.parametrize("name", sorted(EXPANDING_SVGS))
def test_an_svg_drawing_too_many_elements_with_its_references_expanded_is_refused(name):
    with pytest.raises(ActiveImage, match="an SVG that draws over 10,000 elements, its references .* expanded"):
        check_image(EXPANDING_SVGS[name].encode(), ".svg")


@pytest.mark.parametrize(
    "svg",
    [
        _fan_out(10, 3),  # a thousand rectangles
        _fan_out(2, 10),
        f"<svg {SVG}>" + "<path d='M0 0L1 1'/>" * 9_000 + "</svg>",
        f"<svg {SVG}><g id='a'/>" + "<use href='#a'/>" * 4_000 + "</svg>",
        f"<svg {SVG}><marker id='m'><rect/></marker><path marker-mid='url(#m)' d='M0 0" + " L1 1" * 1_000 + "'/></svg>",
    ],
)
def test_an_svg_reusing_parts_within_the_limit_is_accepted(svg):
    check_image(svg.encode(), ".svg")


def test_a_fanning_out_svg_logo_is_refused_at_the_logo_line_naming_the_file(tmp_path):
    (tmp_path / "logo.svg").write_text(EXPANDING_SVGS["use-10-by-6"], encoding="utf-8")
    client = write_client(tmp_path, "logo: logo.svg\n")
    out = tmp_path / "site"
    stderr = clean_failure(run("build", "--content", str(MINI), "--client", str(client), "--out", str(out)))
    assert "client.yaml:3:7: error: logo: 'logo.svg': an SVG that draws over 10,000 elements" in stderr, stderr
    assert not out.exists()
