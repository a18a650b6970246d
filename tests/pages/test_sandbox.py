"""The confinement of templates (generator/pages/sandbox.py): the loader serves template files
only, and every operation of the sandbox that can make a large value is bounded."""

from __future__ import annotations

import html
import os
import time

import jinja2
import pytest
from jinja2.exceptions import SecurityError

from generator.errors import BuildError
from generator.pages import sandbox
from generator.pages.rendering import make_environment, render_pages
from generator.pages.sandbox import TemplateFolders
from generator.pages.views import Page
from tests.helpers.files import write

SECRET = "correct-horse-battery-staple"


@pytest.fixture
def folder(tmp_path):
    """A template folder holding one good template and everything a template must not reach."""
    inside = tmp_path / "templates"
    write(inside / "pages" / "ok.md.j2", "fine")
    write(inside / ".secrets.yaml", SECRET)
    write(inside / "acme.yaml", SECRET)
    write(inside / "answers.csv", SECRET)
    write(inside / ".hidden" / "x.md.j2", SECRET)
    write(inside / "pages" / ".x.md.j2", SECRET)
    write(tmp_path / "outside.md.j2", SECRET)
    (inside / "link.md.j2").symlink_to(inside / "pages" / "ok.md.j2")  # a link, even to a template inside
    (inside / "out.md.j2").symlink_to(tmp_path / "outside.md.j2")
    (inside / "linked").symlink_to(inside / "pages")
    (inside / "folder.md.j2").mkdir()
    os.mkfifo(inside / "fifo.md.j2")  # would block a plain open for ever
    return inside


@pytest.mark.parametrize(
    "name",
    [
        ".secrets.yaml",
        "acme.yaml",
        "answers.csv",
        ".hidden/x.md.j2",
        "pages/.x.md.j2",
        "../outside.md.j2",
        "pages/../../outside.md.j2",
        "link.md.j2",
        "out.md.j2",
        "linked/ok.md.j2",
        "folder.md.j2",
        "fifo.md.j2",
        "missing.md.j2",
    ],
)
def test_template_folders_serve_template_files_only(folder, name):
    environment = make_environment((folder,), sandboxed=True)
    assert environment.get_template("pages/ok.md.j2").render() == "fine"
    with pytest.raises(jinja2.TemplateNotFound):
        environment.get_template(name)
    template = environment.from_string(f'{{% include "{name}" ignore missing %}}|{{% include "pages/ok.md.j2" %}}')
    assert template.render() == "|fine"


def test_template_folders_see_a_link_swapped_in_after_the_first_load(folder, tmp_path):
    loader = TemplateFolders([folder])
    environment = jinja2.Environment(loader=loader)
    assert environment.get_template("pages/ok.md.j2").render() == "fine"
    (folder / "pages" / "ok.md.j2").unlink()
    (folder / "pages" / "ok.md.j2").symlink_to(tmp_path / "outside.md.j2")
    with pytest.raises(jinja2.TemplateNotFound, match="a link, or not a plain file"):
        environment.get_template("pages/ok.md.j2")


NAMESPACE = "{% set ns = namespace(v=VALUE) %}{% for i in range(40) %}{% set ns.v = STEP %}{% endfor %}"
DAG = '{% set a = ["x" * 1000] * 1000 %}{% set b = [a] * 1000 %}'  # prints as 10**9 characters
GROWING = [  # each would allocate gigabytes, or print a billion characters
    '{{ "x".ljust(2000000000) }}',
    '{{ "x".rjust(2000000000, "y") }}',
    '{{ "x".center(2000000000) }}',
    '{{ "1".zfill(2000000000) }}',
    '{{ ("x" | safe).ljust(2000000000) }}',
    '{{ "\t".expandtabs(10 ** 9) }}',
    '{{ ("x" * 1000000).replace("", "y" * 1000) }}',
    '{{ ("ab" * 500000).replace("a", "y" * 1000) }}',
    '{{ ("x" * 1000000).join(["a", "b"] * 500) }}',
    '{{ ("x" * 1000000).join(range(1000) | map("string")) }}',
    '{{ ("x" * 1000).translate({120: "y" * 1000000}) }}',
    '{{ ("\U0001f600" * 1000000).encode("unicode_escape").decode().encode("unicode_escape") | length }}',
    '{{ ("x" * 1000000).encode().hex("y" * 100) | length }}',
    '{{ "{:>2000000000}".format(1) }}',
    '{{ "{:.2000000000f}".format(1.5) }}',
    '{{ "{x:>2000000000}".format_map({"x": 1}) }}',
    '{{ "{:{w}}".format(1, w=2000000000) }}',
    '{{ ("{0}" * 100000).format("x" * 100000) }}',
    '{{ "%2000000000d" % 1 }}',
    '{{ "%.2000000000f" % 1.5 }}',
    '{{ "%*d" % (2000000000, 1) }}',
    '{{ ("%(a)s" * 100000) % {"a": "x" * 100000} }}',
    '{{ "%2000000000d" | format(1) }}',
    '{{ "x" | center(2000000000) }}',
    '{{ ("a\n" * 100000) | indent(width=10 ** 9) }}',
    '{{ ("a\n" * 100000) | indent("y" * 1000) }}',
    '{{ ("x " * 500000) | wordwrap(1, wrapstring="y" * 1000) }}',
    "{{ [1] | batch(10 ** 9, 0) | list }}",
    "{{ [1] | slice(10 ** 9) | list }}",
    '{{ (["x" * 1000] * 1000) | join("y" * 100000) }}',
    '{{ "x" | replace("x", "y" * 1000000) | replace("y", "z" * 1000) }}',
    '{{ ("a.b " * 250000) | urlize(target="y" * 1000) }}',
    '{{ ("a\n" * 100000) | markdown(none, 10 ** 9) }}',
    "{{ 1.5 | number(10 ** 9) }}",
    "{{ 50 | percent(10 ** 9) }}",
    '{{ "{x:>2000000000}" | t(x=1) }}',
    NAMESPACE.replace("VALUE", '"x" * 1000000').replace("STEP", "ns.v ~ ns.v"),
    NAMESPACE.replace("VALUE", '"x" * 1000000').replace("STEP", "ns.v + ns.v"),
    NAMESPACE.replace("VALUE", "[1] * 1000000").replace("STEP", "ns.v + ns.v"),
    NAMESPACE.replace("VALUE", "10 ** 999").replace("STEP", "ns.v * ns.v"),
    "{% set l = [1] * 1000000 %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
    DAG + "{{ b }}",
    DAG + "{{ b ~ '' }}",
    DAG + "{{ b | string }}",
    DAG + "{{ b | tojson }}",
    DAG + "{{ b | pprint }}",
    DAG + "{{ b | sum(start=[]) | length }}",
    DAG + '{{ "%s" % (b,) }}',
    DAG + '{{ "{}".format(b) }}',
    DAG + "{% set ns = namespace(b=b) %}{{ ns }}",
    DAG + "{{ {'b': b}.items() }}",
    '{% for i in range(100000) %}{{ "x" * 1000000 }}{% endfor %}',
    '{% set s %}{% for i in range(100000) %}{{ "x" * 1000000 }}{% endfor %}{% endset %}',
    '{% macro m() %}{% for i in range(100000) %}{{ "x" * 1000000 }}{% endfor %}{% endmacro %}{{ m() | length }}',
    "{{ lipsum(10 ** 7) }}",
]


@pytest.mark.parametrize("template", GROWING)
def test_bounded_sandbox_refuses_every_operation_that_would_make_a_huge_value(tmp_path, template):
    environment = make_environment((tmp_path,), sandboxed=True)
    started = time.monotonic()
    with pytest.raises((SecurityError, jinja2.UndefinedError), match=r"would|not allowed|placeholders|nested|lipsum"):
        environment.from_string(template).render()
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "template, shown",
    [
        ('{{ "x".ljust(3, "-") }}|{{ "7".zfill(3) }}|{{ "{:_>4}".format(1) }}|{{ "%03d" % 7 }}', "x--|007|___1|007"),
        ('{{ "a b" | replace(" ", "-") }}|{{ [1, 2] | join(", ") }}|{{ "x" | center(3) }}', "a-b|1, 2| x "),
        (
            "{{ [1, 2, 3] | batch(2, 0) | list }}|{{ 0.84 | number(1) }}|{{ ([1] + [2]) ~ 'a' }}",
            "[[1, 2], [3, 0]]|0.8|[1, 2]a",
        ),
    ],
)
def test_bounded_sandbox_leaves_everyday_operations_alone(tmp_path, template, shown):
    assert html.unescape(make_environment((tmp_path,), sandboxed=True).from_string(template).render()) == shown


def test_bounded_sandbox_fills_in_the_sites_words_with_plain_names_only(tmp_path):
    environment = make_environment((tmp_path,), sandboxed=True)
    with pytest.raises(SecurityError, match=r"'t' fills in \{name\} placeholders only, not \{x.__class__\}"):
        environment.from_string('{{ "{x.__class__}" | t(x=1) }}').render()


def test_render_pages_stops_a_template_that_keeps_large_values(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MEMORY_HEADROOM", 512 * 1024**2)
    keeping = (
        '{% set kept = [] %}{% for i in range(100000) %}{% if kept.append("x" * 1000000 ~ i) %}{% endif %}{% endfor %}'
    )
    write(tmp_path / "page.md.j2", f"# Page\n{keeping}\n")
    started = time.monotonic()
    with pytest.raises(BuildError) as failure:
        render_pages([Page("x.md", "page.md.j2", {})], make_environment((tmp_path,), sandboxed=True))
    assert str(failure.value) == (
        f"{tmp_path}/page.md.j2:2: rendering x.md took over 0.5 GB of memory: look for a loop that keeps large "
        "values in the override template"
    )
    assert time.monotonic() - started < 5
