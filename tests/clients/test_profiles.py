"""Client profiles (generator/clients/profiles.py): bad profiles named at their line, slugs
that never escape, tailoring, respondents, safe extra-page links and templates beside the profile."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.assessment.answers_file import load_answers
from generator.clients.profiles import load_client, load_clients, slugify
from generator.errors import ContentError
from generator.model import fields
from generator.model.loading import load_model
from tests.helpers.cli import clean_failure, run
from tests.helpers.data import CONTENT, MINI
from tests.helpers.files import answers_file, edit, write, write_client
from tests.helpers.htmlcheck import read_page


def test_tailoring_hides_practices_adds_notes_and_pages(client_sites):
    out, _ = client_sites
    site = out / "fjord-energi"
    assert not (site / "practices/editorial-programme.html").exists()
    assert (out / "northwind-retail/practices/editorial-programme.html").exists()
    for page in site.rglob("*.html"):
        assert "editorial-programme.html" not in page.read_text(), page
    assert "the gaps are in process, not money" in " ".join(read_page(site / "stages/emerging.html").text)
    assert len(list((site / "practices").glob("*.html"))) == 13 + 1  # the overview, and one practice hidden
    assert "Fjorten gode praksiser" not in (site / "index.html").read_text()  # no count that tailoring made wrong
    # Northwind is private: its own pages are locked (tests/clients/test_private_pages.py opens them).
    for page in ("pages/context.html", "pages/index.html"):
        assert "data-pb-locked=" in (out / "northwind-retail" / page).read_text(), page


@pytest.mark.slow
def test_a_clients_own_pages_show_its_markdown(clients_copy, tmp_path):
    edit(clients_copy / "northwind-retail.yaml", "private: true\n", "")
    out = tmp_path / "site"
    assert run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(out)).exit_code == 0
    html = (out / "northwind-retail/pages/context.html").read_text()
    assert "For Northwind Retail" in (out / "northwind-retail/pages/index.html").read_text()
    assert "<strong>Instagram</strong>" in html and '<a href="https://www.conversocial.com/">' in html


BAD = [
    ("slug: fjord-energi", "slug: ../x", "fjord-energi.yaml:3:7: error: slug: '../x' is not a valid id"),
    ("slug: fjord-energi", "slug: /abs", "fjord-energi.yaml:3:7: error: slug: '/abs' is not a valid id"),
    ("slug: fjord-energi", "slug: a/b", "fjord-energi.yaml:3:7: error: slug: 'a/b' is not a valid id"),
    ("slug: fjord-energi", "slug: ..", "fjord-energi.yaml:3:7: error: slug: '..' is not a valid id"),
    (
        "slug: fjord-energi",
        "slug: Fjörd Energi",
        "fjord-energi.yaml:3:7: error: slug: 'Fjörd Energi' is not a valid id",
    ),
    (
        '  accent: "#9e6900"',
        "  accent: '#12345'",
        "fjord-energi.yaml:6:11: error: colors.accent: '#12345' is not a colour",
    ),
    (
        "hide_practices: [editorial-programme]",
        "hide_practices: [editorial]",
        "fjord-energi.yaml:12:20: error: tailoring.hide_practices[0]: unknown practice 'editorial': use one of",
    ),
    ("language: nb", "language: xx", "fjord-energi.yaml:7:11: error: language: language 'xx' is not supported"),
    ("language: nb", "language: nb\nlogo: missing.png", "fjord-energi.yaml:8:7: error: logo: file not found:"),
    (
        "name: Fjord Energi AS",
        "name: Fjord Energi AS\nwebsite: x",
        "fjord-energi.yaml:3:1: error: website: unknown key",
    ),
]


@pytest.mark.parametrize("old, new, expected", BAD, ids=[case[1].split("\n")[-1] for case in BAD])
def test_bad_client_profiles(clients_copy, tmp_path, monkeypatch, old, new, expected):
    edit(clients_copy / "fjord-energi.yaml", old, new)
    monkeypatch.chdir(clients_copy)
    result = run("build", "--client", "fjord-energi.yaml", "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert not (tmp_path / "site" / "fjord-energi").exists()
    assert not any(p.name.startswith(".") for p in tmp_path.glob("**/.*staging*"))


@pytest.mark.slow
def test_duplicate_slug_across_clients_names_both(clients_copy, tmp_path, monkeypatch):
    shutil.copy(clients_copy / "fjord-energi.yaml", clients_copy / "zz-copy.yaml")
    monkeypatch.chdir(clients_copy)
    result = run("build", "--all", "--clients", ".", "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert "zz-copy.yaml:3:1: error: slug: slug 'fjord-energi' is already used by fjord-energi.yaml" in result.stderr


@pytest.mark.parametrize(
    "text, message",
    [
        ("[x](&#106;avascript:alert(1))", "link '&#106;avascript:alert(1)' (text 'x') is not allowed"),
        ("[x](practice:nope)", "link to unknown practice 'nope': use one of"),
        ("[x](stage:evolvng)", "link to unknown stage 'evolvng': use one of emerging, evolving, mastering"),
    ],
)
def test_refused_and_unknown_links_in_a_profile_are_reported_at_its_line(clients_copy, tmp_path, text, message):
    """The same check as the build's, of the rendered text, so that no form of a link is left for the
    build to report against a generated page."""
    edit(clients_copy / "northwind-retail.yaml", "[Conversocial index](https://www.conversocial.com/)", text)
    result = run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert f"northwind-retail.yaml:26:13: error: tailoring.pages[0].text: {message}" in result.stderr, result.stderr
    assert "Doc file" not in result.stderr and not (tmp_path / "site").exists()


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "JaVaScRiPt:alert(1)"])
def test_extra_page_links_must_be_safe(clients_copy, tmp_path, link):
    edit(clients_copy / "northwind-retail.yaml", "(https://www.conversocial.com/)", f"({link})")
    result = run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert f"link '{link[:10]}" in result.stderr and "is not allowed: use http://, https://, mailto:" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "      - name: Ben\n",
            "      - name: ada\n",
            "acme.yaml:14:15: error: assessments[0].respondents[1].name: two respondents are called 'ada' (the first at line 6)",
        ),
        (
            "file: acme/ben.yaml",
            "file: ../outside.yaml",
            "acme.yaml:15:15: error: assessments[0].respondents[1].file: '../outside.yaml' is outside",
        ),
        (  # another client's answers (a private one's, say) would be published with this client's site
            "file: acme/ben.yaml",
            "file: northwind/ben.yaml",
            "acme.yaml:15:15: error: assessments[0].respondents[1].file: 'northwind/ben.yaml' is outside ",
        ),
        (
            "file: acme/ben.yaml",
            "file: northwind/ben.yaml",
            "clients/acme/: keep this client's respondents' answers files in its own folder",
        ),
        (
            "        role: Lead\n",
            "        role: Lead\n        file: acme/ben.yaml\n",
            "a respondent needs exactly one of 'answers' or 'file'",
        ),
        (
            "    respondents:\n",
            "    answers: {}\n    respondents:\n",
            "an assessment with respondents has no answers of its own",
        ),
    ],
)
def test_respondent_mistakes_are_named_at_their_line(acme, tmp_path, old, new, message):
    write(tmp_path / "outside.yaml", "answers: {}\n")
    edit(acme, old, new)
    result = run("build", "--client", str(acme), "--content", str(MINI), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert not (tmp_path / "site" / "acme").exists()


BEN = "      - name: Ben\n        file: acme/ben.yaml\n"


def respondents_of(profile):
    return [(r.name, r.role) for r in load_client(profile, load_model(MINI)).assessments[0].respondents]


def test_a_respondent_given_by_file_takes_name_and_role_from_it(acme, monkeypatch):
    monkeypatch.chdir(acme.parent)
    answers = {"metrics-published": "no", "review-held": "yes"}
    answers_file(acme.parent / "acme" / "ben.yaml", answers, extra="respondent: {name: Benjamin, role: Analyst}")
    edit(acme, BEN, "      - file: acme/ben.yaml\n")
    assert respondents_of(acme) == [("Ada", "Lead"), ("Benjamin", "Analyst")]
    edit(acme, "      - file: acme/ben.yaml\n", "      - {file: acme/ben.yaml, role: Controller}\n")
    assert respondents_of(acme) == [("Ada", "Lead"), ("Benjamin", "Controller")]


def test_a_name_set_in_both_places_is_the_profiles_and_a_difference_is_a_warning(acme, monkeypatch):
    monkeypatch.chdir(acme.parent)
    answers_file(
        acme.parent / "acme" / "ben.yaml", {"review-held": "yes"}, extra="respondent: {name: Benjamin, role: Analyst}"
    )
    edit(acme, BEN, "      - name: Ben\n        role: Analyst\n        file: acme/ben.yaml\n")
    client = load_client(acme, load_model(MINI))
    assert [(r.name, r.role) for r in client.assessments[0].respondents] == [("Ada", "Lead"), ("Ben", "Analyst")]
    assert [str(w) for w in client.warnings] == [
        "acme.yaml:14:15: warning: assessments[0].respondents[1].name: the name here, 'Ben', differs from the "
        "respondent's name in acme/ben.yaml, 'Benjamin': the site and report use 'Ben'"
    ]
    result = run("build", "--client", "acme.yaml", "--content", str(MINI), "--out", "site", "--strict")
    assert result.exit_code == 1 and "differs from the respondent's name in acme/ben.yaml" in result.stderr
    assert not (acme.parent / "site" / "acme").exists()


@pytest.mark.parametrize(
    "respondent, entry",
    [
        ("", "      - file: acme/ben.yaml\n"),
        ("respondent: {role: Analyst}", "      - {file: acme/ben.yaml, role: Analyst}\n"),
        ("", "      - {name: ~, file: acme/ben.yaml}\n"),
    ],
)
def test_a_name_given_nowhere_is_an_error_naming_the_file(acme, monkeypatch, respondent, entry):
    monkeypatch.chdir(acme.parent)
    answers_file(acme.parent / "acme" / "ben.yaml", {"review-held": "yes"}, extra=respondent)
    edit(acme, BEN, entry)
    with pytest.raises(ContentError) as failure:
        load_client(acme, load_model(MINI))
    assert [str(p) for p in failure.value.problems] == [
        "acme.yaml:14:9: error: assessments[0].respondents[1]: this respondent needs a 'name': give it here, "
        "or as `respondent: {name: ...}` in acme/ben.yaml",
        *(["acme/ben.yaml:1:1: error: respondent: missing required key 'name'"] if respondent else []),
    ]


def test_a_respondent_with_answers_in_the_profile_still_needs_a_name(acme, monkeypatch):
    monkeypatch.chdir(acme.parent)
    edit(acme, "      - name: Ada\n        role: Lead\n", "      - role: Lead\n")
    with pytest.raises(ContentError) as failure:
        load_client(acme, load_model(MINI))
    assert [str(p) for p in failure.value.problems] == [
        "acme.yaml:6:9: error: assessments[0].respondents[0]: missing required key 'name'"
    ]


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


@pytest.mark.parametrize("templates", [".", "./", "sub/..", "./sub/../."])
def test_client_templates_that_hold_the_clients_folder_are_refused_at_their_line(tmp_path, templates):
    clients = tmp_path / "clients"
    write(clients / "sub" / "pages" / "about.md.j2", '{% include ".secrets.yaml" %}\n')
    write(clients / ".secrets.yaml", "x:\n  passphrase: correct-horse-battery-staple-42\n")
    client = write_client(clients, f"templates: {templates}\n")
    out = tmp_path / "site"
    stderr = clean_failure(run("build", "--content", str(MINI), "--client", str(client), "--out", str(out)))
    assert (
        f"client.yaml:3:12: error: templates: '{templates}' holds the clients folder (profiles, answers and "
        "secrets): give the client's templates a folder of their own beside the profile "
        "(such as `templates: x-templates`) that holds templates only"
    ) in stderr
    assert "correct-horse" not in stderr and not out.exists()


def test_client_templates_that_hold_the_model_are_refused_at_their_line(tmp_path):
    content = shutil.copytree(MINI, tmp_path / "clients" / "inner" / "content")
    client = write_client(tmp_path / "clients", "templates: inner\n")
    stderr = clean_failure(
        run("build", "--content", str(content), "--client", str(client), "--out", str(tmp_path / "s"))
    )
    assert "client.yaml:3:12: error: templates: 'inner' holds the model's content: give the client's" in stderr


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_slugs_never_escape(name):
    slug = slugify(name)
    assert slug == "" or fields.ID_PATTERN.fullmatch(slug)
    assert "/" not in slug and "\\" not in slug and ".." not in slug and "\0" not in slug


PLAN = """assessments:
  - assessed: 2026-05-01
    plan:
      review-hled: {owner: Ada}
      metrics-published: {status: done}
      decisions-logged: {owner: Ben, due: 2027-01-31, effort: M, status: doing}
    answers: {metrics-published: "yes"}
target: {stage: fluent}
"""


def test_a_plan_entry_for_a_step_not_on_the_roadmap_is_a_warning_at_its_line_with_the_closest_step(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    write_client(tmp_path, PLAN, name="acme.yaml")
    client = load_client(tmp_path / "acme.yaml", load_model(MINI))
    assert client.assessments[0].plan["decisions-logged"].owner == "Ben"
    assert [str(w) for w in client.warnings] == [
        "acme.yaml:6:7: warning: assessments[0].plan.review-hled: 'review-hled' is not a step of this "
        "assessment's roadmap (did you mean 'review-held'?)",
        "acme.yaml:7:7: warning: assessments[0].plan.metrics-published: 'metrics-published' is not a step of "
        "this assessment's roadmap (the assessment already meets what the target asks of it: remove the entry)",
    ]
    result = run("build", "--client", "acme.yaml", "--content", str(MINI), "--out", "site", "--strict")
    assert result.exit_code == 1 and "did you mean 'review-held'?" in result.stderr
    assert not (tmp_path / "site" / "x").exists()


@pytest.mark.parametrize(
    "entry, message",
    [
        ("{status: started}", "status: 'started' is not allowed: use 'planned', 'doing' or 'done'"),
        ("{effort: XL}", "effort: 'XL' is not an effort: use S, M or L, or a whole number of days (1 to 1000)"),
        ("{due: 2027-13-01}", "due: '2027-13-01' is not a date: write it as YYYY-MM-DD"),
        ("{owner: Ben, when: soon}", "when: unknown key 'when' (known keys: owner, due, effort, status, note)"),
    ],
)
def test_a_bad_plan_entry_is_an_error_at_its_line(tmp_path, entry, message):
    body = PLAN.replace("{owner: Ben, due: 2027-01-31, effort: M, status: doing}", entry)
    with pytest.raises(ContentError) as error:
        load_client(write_client(tmp_path, body), load_model(MINI))
    assert [p.message for p in error.value.problems if p.line == 8] == [message.split(": ", 1)[1]]
    assert [p.where for p in error.value.problems] == ["assessments[0].plan.decisions-logged." + message.split(":")[0]]


def test_an_answers_file_has_no_plan_or_commentary(tmp_path):
    path = answers_file(tmp_path / "answers.yaml", {"review-held": "yes"}, extra="commentary: Fine work")
    with pytest.raises(ContentError, match="unknown key 'commentary'"):
        load_answers(path, load_model(MINI))


@pytest.mark.parametrize(
    "targets, message",
    [
        (
            "target: {stage: fluent}\ntargets:\n  - {by: 2027-01-01, stage: fluent}\n",
            "client.yaml:4:1: error: targets: give either 'target' or phased 'targets', not both",
        ),
        (
            "targets:\n  - {stage: fluent}\n",
            "client.yaml:4:5: error: targets[0]: a target phase needs 'by': the date it is due (YYYY-MM-DD)",
        ),
        (
            "targets:\n  - {by: 2027-02-30, stage: fluent}\n",
            "targets[0].by: '2027-02-30' is not a date: write it as YYYY-MM-DD",
        ),
        (
            "targets:\n  - {by: 2027-01-01, stage: fluent, when: soon}\n",
            "targets[0].when: unknown key 'when': a target has 'stage', 'pillars', 'answers', 'by'",
        ),
    ],
)
def test_a_phased_target_needs_dates_and_stands_alone(tmp_path, targets, message):
    with pytest.raises(ContentError) as error:
        load_client(write_client(tmp_path, targets), load_model(MINI))
    assert any(message in str(p) for p in error.value.problems), [str(p) for p in error.value.problems]


@pytest.mark.parametrize(
    "email",
    ["dana@northwind.example?bcc=all@rival.example&body=Hello", "dana@northwind.example&x", "Dana <dana@nw.example>"],
)
def test_a_contact_email_is_a_plain_address(clients_copy, tmp_path, email):
    edit(clients_copy / "northwind-retail.yaml", "email: dana.whitfield@northwind.example", f'email: "{email}"')
    result = run("build", "--client", str(clients_copy / "northwind-retail.yaml"), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert (
        f"northwind-retail.yaml:15:10: error: contact.email: '{email}' is not a plain e-mail address: "
        "write it as name@example.org, with nothing after it"
    ) in result.stderr


def _load_failures(folder) -> list[str]:
    """The problems `load_clients` finds in a clients folder, as the build prints them."""
    _, failures = load_clients(sorted(folder.glob("*.yaml")), load_model(CONTENT))
    return [str(problem) for problems in failures.values() for problem in problems]


@pytest.mark.parametrize(
    "folder, message",
    [
        ("assets", "lumen-health.yaml:4:9: error: folder: its site's folder would be a part of the generic site"),
        ("fjord-energi", "lumen-health.yaml:4:9: error: folder: its site's folder would be that of"),
    ],
)
def test_a_hidden_folder_collides_with_no_other_site_folder(clients_copy, monkeypatch, folder, message):
    edit(clients_copy / "lumen-health.yaml", "slug: lumen-health\n", "slug: lumen-health\nfolder: random\n")
    monkeypatch.setenv("PLAYBOOK_FOLDER_LUMEN_HEALTH", folder)
    (problem,) = _load_failures(clients_copy)
    assert message in problem and problem.endswith("set another with PLAYBOOK_FOLDER_LUMEN_HEALTH")


def test_a_slug_may_not_be_another_clients_hidden_folder(clients_copy, monkeypatch):
    edit(clients_copy / "lumen-health.yaml", "slug: lumen-health\n", "slug: lumen-health\nfolder: random\n")
    monkeypatch.setenv("PLAYBOOK_FOLDER_LUMEN_HEALTH", "zz-client")
    write(clients_copy / "zz-client.yaml", "name: ZZ\nslug: zz-client\n")
    (problem,) = _load_failures(clients_copy)
    assert "zz-client.yaml:2:1: error: slug: slug 'zz-client' is the folder of" in problem
