"""Brand colours against WCAG 2: the ratios, the shades suggested, and the build's warnings."""

from __future__ import annotations

import pytest

from generator.clients import contrast
from generator.clients.contrast import (
    GRAPHIC,
    TEXT,
    WHITE,
    check_brand,
    floor2,
    marker_ratio,
    print_colours,
    ratio,
)
from generator.yamlio import load_yaml
from tests.helpers.cli import run
from tests.helpers.data import CONTENT

PROFILE = """name: {name}
slug: {slug}
colors:
  primary: "{primary}"
  accent: "{accent}"
assessments:
  - assessed: 2026-03-01
    answers: {{accounts-owned: yes}}
"""


def test_ratios_follow_wcag():
    assert ratio("#000", "#fff") == pytest.approx(21)
    assert ratio("#777777", WHITE) == pytest.approx(4.48, abs=0.01)
    assert floor2(ratio(contrast.PRIMARY["teal"][0], WHITE)) == "3.76"  # the figure, never rounded up
    assert floor2(4.4999) == "4.49"
    assert contrast.over("#000000de", "#ffec3d") == "#211f08"  # the theme's 87% black header text on yellow


def test_a_failing_colour_gets_the_nearest_shade_that_passes():
    primary, accent = check_brand("teal", "amber")
    assert (primary.role, primary.colour) == ("primary", "#009485")
    assert [s.use for s in primary.shortfalls] == ["with the header's text on it", "as link text on the white page"]
    assert ratio(primary.suggestion, WHITE) >= TEXT > ratio(contrast.PRIMARY["teal"][0], WHITE)
    assert primary.suggestion == contrast.nearest_shade("#009485", lambda c: ratio(c, WHITE) >= TEXT)
    assert accent.role == "accent" and [(s.use, s.minimum) for s in accent.shortfalls] == [
        ("as link text under the pointer on the white page", TEXT),
        (contrast.MARKER_USE, GRAPHIC),
    ]
    assert check_brand("#1a237e", "#c2185b") == []


def test_the_marker_counts_its_white_ring():
    # Ringed in white, a dot in the cell's own colour still stands out; a pale dot does not.
    assert marker_ratio("#1a237e", (contrast.PLAIN_CELL, "#1a237e")) >= GRAPHIC
    assert marker_ratio("#ffc107", (contrast.PLAIN_CELL, "#1a237e")) < GRAPHIC


def test_a_yellow_header_has_no_shade_for_both_its_text_and_the_page():
    (yellow,) = check_brand("yellow", "#1a237e")
    assert yellow.suggestion is None


def test_print_colours_keep_contrast_on_paper():
    for primary, accent in [("yellow", "amber"), ("teal", "teal"), ("#1a237e", "#c2185b")]:
        colours = print_colours(primary, accent)
        assert ratio(colours["ink"], WHITE) >= TEXT and ratio(colours["ink"], colours["on_ink"]) >= TEXT
        assert marker_ratio(colours["mark"], (contrast.PLAIN_CELL, colours["ink"])) >= GRAPHIC
    assert print_colours("#1a237e", "#c2185b") == {"ink": "#1a237e", "on_ink": WHITE, "mark": "#c2185b"}


def test_the_default_colours_are_named_as_defaults(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text("name: Plain\nslug: plain\n", encoding="utf-8")
    (problem,) = contrast.brand_problems(load_yaml(path, text_scalars=True), "indigo", "teal")
    assert (problem.line, problem.where, problem.severity) == (1, "colors.accent", "warning")
    assert problem.message.endswith("(the default: set colors.accent)")


@pytest.mark.slow
def test_build_warns_at_the_colour_line_and_strict_refuses_the_client(tmp_path):
    clients = tmp_path / "clients"
    clients.mkdir()
    (clients / "teal.yaml").write_text(
        PROFILE.format(name="Teal Co", slug="teal-co", primary="teal", accent="#1a237e"), encoding="utf-8"
    )
    (clients / "navy.yaml").write_text(
        PROFILE.format(name="Navy Co", slug="navy-co", primary="#1a237e", accent="#c2185b"), encoding="utf-8"
    )
    out = tmp_path / "site"
    result = run("build", "--content", str(CONTENT), "--all", "--clients", str(clients), "--out", str(out))
    assert result.exit_code == 0, result.output
    warning = f"{clients / 'teal.yaml'}:4:12: warning: colors.primary: teal (#009485) has too little contrast: "
    assert warning + "3.76:1 with the header's text on it (needs 4.5:1)" in result.stderr
    assert "use #008577, the nearest shade that passes" in result.stderr
    assert not [line for line in result.stderr.splitlines() if "navy" in line and "colors." in line]  # #1a237e passes
    assert (out / "teal-co" / "index.html").is_file() and (out / "navy-co" / "index.html").is_file()

    strict_out = tmp_path / "strict"
    result = run(
        "build", "--content", str(CONTENT), "--all", "--clients", str(clients), "--out", str(strict_out), "--strict"
    )
    assert result.exit_code == 1
    assert warning in result.stderr and "Teal Co failed:\nerror: --strict:" in result.stderr
    assert "1 of 2 clients failed: Teal Co" in result.stderr
    assert sorted(p.name for p in strict_out.iterdir()) == ["navy-co"]  # nothing written for Teal Co
