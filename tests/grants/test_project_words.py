"""The project directory's words: one row of text per project (ProjectWords), searched through
the database's own full-text index, each word matched as the beginning of a word, and kept in
step with every record the words are copied from."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovation_fund.demo.loaders import load_programme
from innovation_fund.grants.models import Project, ProjectArea, ProjectWords, Variation
from innovation_fund.grants.project_words import refresh_project_words, words_of
from innovation_fund.grants.selectors import ProjectFilters, search_projects
from innovation_fund.grants.services.variations import approve_variation, request_variation
from tests.factories import (
    FocusAreaFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ProjectAreaFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from tests.grants.variation_builders import live_grant

pytestmark = pytest.mark.django_db

URL = reverse("public:project_list")


def found(*words: str) -> set[str]:
    return set(search_projects(ProjectFilters(words=words)).values_list("slug", flat=True))


def assert_words_current() -> None:
    """Every project's row holds exactly the words it would be given afresh (in any order)."""
    projects = Project.objects.select_related(
        "lead_organisation", "innovation", "focus_area"
    ).prefetch_related("partners__organisation", "areas__authority")
    expected = {project.pk: sorted(words_of(project).split()) for project in projects}
    stored = {pk: sorted(words.split()) for pk, words in ProjectWords.objects.values_list()}
    assert stored == expected


@pytest.fixture
def project():
    """A project naming something in each of the eight places its words come from."""
    project = ProjectFactory(
        slug="the-project",
        name="Valleys Mentoring",
        summary="Caseworkers beside families through the courts",
        practice_description="Restorative conferencing for adolescents",
        lead_organisation=OrganisationFactory(name="Northgate Trust"),
        innovation=InnovationFactory(name="Signs of Safety"),
        focus_area=FocusAreaFactory(name="Edge of care"),
    )
    ProjectPartnerFactory(project=project, organisation=OrganisationFactory(name="Barnardo's"))
    ProjectPartnerFactory(project=project, organisation=None, description="Local grammar schools")
    ProjectAreaFactory(project=project, authority=LocalAuthorityFactory(name="Hackney"))
    ProjectFactory(slug="another", name="Something else entirely")
    return project


@pytest.mark.parametrize(
    "word",
    [
        "valleys",  # name
        "caseworkers",  # summary
        "conferencing",  # practice description
        "northgate",  # lead organisation
        "signs",  # innovation
        "edge",  # focus area
        "barnardo",  # partner organisation
        "grammar",  # a partner named only in words
        "hackney",  # an area's authority
    ],
)
def test_each_source_of_words_finds_the_project(project, word):
    assert found(word) == {"the-project"}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("hack",), {"the-project"}),  # the beginning of a word
        (("HACK",), {"the-project"}),
        (("mentor",), {"the-project"}),
        (("conferenc", "adolesc"), {"the-project"}),  # every word, each a beginning
        (("hack", "entirely"), set()),  # every word must match
        (("ackney",), set()),  # not the middle of a word
        (("entire",), {"another"}),
        (("barnardo's",), {"the-project"}),
        (("safety", "of", "signs"), {"the-project"}),
    ],
)
def test_words_are_matched_as_the_beginnings_of_words(project, words, expected):
    assert found(*words) == expected


def test_words_without_a_letter_or_digit_are_ignored(project):
    assert found("&", "hack", "!!") == {"the-project"}
    assert found("--") == {"the-project", "another"}


def test_renaming_what_a_project_names_changes_what_finds_it(project):
    lead = project.lead_organisation
    lead.name = "Southgate Trust"
    lead.save()
    innovation = project.innovation
    innovation.name = "Family Group Conferences"
    innovation.save(update_fields=["name"])
    authority = project.areas.get().authority
    authority.name = "Haringey"
    authority.save()
    partner = project.partners.exclude(organisation=None).get().organisation
    partner.name = "Action for Children"
    partner.save()
    focus_area = project.focus_area
    focus_area.name = "Youth justice"
    focus_area.save()
    for gone in ("northgate", "signs", "hackney", "barnardo", "edge"):
        assert found(gone) == set(), gone
    for now in ("southgate", "group", "haringey", "action", "youth"):
        assert found(now) == {"the-project"}, now
    assert_words_current()


def test_changing_the_project_itself_changes_its_words(project):
    project.name = "Bridges Mentoring"
    project.save(update_fields=["name"])
    assert found("bridges") == {"the-project"}
    assert found("valleys") == set()


def test_a_save_of_other_fields_leaves_the_words_alone(project):
    with CaptureQueriesContext(connection) as captured:
        project.amount_pence = 5_00
        project.save(update_fields=["amount_pence"])
    assert len(captured) == 1


def test_deleting_a_partner_or_an_area_removes_its_words(project):
    project.partners.get(organisation=None).delete()
    assert found("grammar") == set()
    project.areas.all().delete()
    assert found("hackney") == set()
    assert found("barnardo") == {"the-project"}
    assert_words_current()


def test_a_partner_or_area_added_or_changed_is_found(project):
    partner = project.partners.get(organisation=None)
    partner.description = "Police and health visitors"
    partner.save()
    ProjectAreaFactory(
        project=project,
        authority=LocalAuthorityFactory(name="Tower Hamlets"),
        involvement=ProjectArea.Involvement.PARTNER,
    )
    assert found("grammar") == set()
    assert found("police", "hamlets") == {"the-project"}


def test_deleting_an_innovation_or_focus_area_takes_its_words_away(project):
    project.innovation.delete()
    project.focus_area.delete()
    assert found("signs") == set()
    assert found("edge") == set()
    assert_words_current()


def test_deleting_a_project_deletes_its_words(project):
    pk = project.pk
    project.delete()
    assert not ProjectWords.objects.filter(project_id=pk).exists()
    assert found("hackney") == set()


def test_refreshing_every_project_rebuilds_the_rows(project):
    ProjectWords.objects.all().delete()
    assert found("hackney") == set()
    refresh_project_words()
    assert found("hackney") == {"the-project"}
    assert_words_current()


def test_only_published_projects_are_found(project):
    ProjectFactory(slug="hidden", name="Hackney hidden", is_published=False)
    assert found("hackney") == {"the-project"}


# Words that are only punctuation are ignored; the rest are read as words, so "hack" in any of
# these finds Hackney, and "NEAR(hack" looks for "near" followed by a word beginning "hack".
HOSTILE = {
    "'": True,
    '"': True,
    "&": True,
    "!": True,
    ":*": True,
    "(": True,
    ")": True,
    "\\": True,
    "hack'": True,
    "'hack": True,
    '"hack': True,
    'hack"': True,
    "hack&": True,
    "!hack": True,
    "hack:*": True,
    "(hack": True,
    "hack\\": True,
    "\\'hack": True,
    "hack*": True,
    "hack:": True,
    "^hack": True,
    "hack|": True,
    "hack<->": True,
    "-hack": True,
    "+hack": True,
    "{hack}": True,
    "hack''": True,
    "NEAR(hack": False,
    "x'|'hack": False,
}


@pytest.mark.parametrize(("word", "finds"), HOSTILE.items())
def test_hostile_input_is_searched_as_words_not_syntax(client, project, word, finds):
    expected = {"the-project"} if finds else set()
    response = client.get(URL, {"q": f"{word} mentoring"})
    assert response.status_code == 200
    assert {p.slug for p in response.context["page"].object_list} == expected
    assert found(word, "valleys") == expected


@pytest.mark.parametrize("word", ["AND", "OR", "NOT", "NEAR", "and", "a:b", "o'neill", "co-op"])
def test_operator_like_words_are_only_words(project, word):
    ProjectFactory(slug="named", name=f"The {word} project")
    assert "named" in found(word)


def test_a_hyphenated_word_is_found_by_its_beginning(project):
    ProjectFactory(slug="coop", name="Hackney-based co-operative")
    assert found("co-op") == {"coop"}
    assert found("hackney-bas") == {"coop"}
    assert found("operative") == {"coop"}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            min_size=1,
            max_size=12,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_words_give_an_answer_not_an_error(project, words):
    list(search_projects(ProjectFilters(words=tuple(words)))[:20])


def grow(count: int) -> None:
    for _ in range(count):
        project = ProjectFactory(name="Family project", summary="Family support")
        ProjectPartnerFactory(project=project)
        ProjectAreaFactory(project=project)


def queries_for(client, query: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, query)
    assert response.status_code == 200
    return len(captured)


def test_a_word_search_makes_the_same_number_of_queries_at_any_size(client):
    grow(3)
    small = queries_for(client, {"q": "famil support"})
    grow(25)
    large = queries_for(client, {"q": "famil support"})
    assert large == small
    assert Project.objects.count() == 28


def test_an_awarded_project_has_its_partners_words_and_a_variation_changes_them():
    cast = live_grant()
    project = cast.grant.project
    assert_words_current()
    approve_variation(
        cast.manager,
        request_variation(
            cast.officer,
            cast.grant,
            kind=Variation.Kind.PARTNERS,
            reason="A new partner",
            proposed_partners=["Barnardo's"],
        ),
    )
    assert "Barnardo's" in ProjectWords.objects.get(project=project).words
    assert_words_current()


def test_loading_the_programme_leaves_every_project_its_words():
    call_command("load_places", stdout=io.StringIO())
    load_programme()
    assert ProjectWords.objects.count() == Project.objects.count() > 0
    assert_words_current()
