from datetime import date

import pytest
from django.urls import reverse

from innovation_fund.grants.models import ProjectArea
from innovation_fund.organisations.models import OrganisationType
from innovation_fund.programmes.models import Round
from tests.factories import (
    FocusAreaFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ProjectAreaFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    RegionFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("public:project_list")


def listed(response) -> list[str]:
    return [project.name for project in response.context["page"].object_list]


@pytest.fixture
def programme():
    """Three projects that differ in every way the directory can filter on."""
    london = RegionFactory(code="E12000007", name="London")
    east = RegionFactory(code="E12000006", name="East of England")
    hackney = LocalAuthorityFactory(name="Hackney", slug="hackney", region=london)
    hertfordshire = LocalAuthorityFactory(name="Hertfordshire", slug="hertfordshire", region=east)
    luton = LocalAuthorityFactory(name="Luton", slug="luton", region=east)
    round_one = RoundFactory(number=1, name="Round One")
    round_two = RoundFactory(number=2, name="Round Two", programme=round_one.programme)
    social_work = FocusAreaFactory(round=round_one, name="Rethinking children's social work")
    family_safeguarding = InnovationFactory(name="Family Safeguarding", slug="family-safeguarding")
    herts_council = OrganisationFactory(
        name="Hertfordshire County Council", organisation_type=OrganisationType.LOCAL_AUTHORITY
    )
    fostering = OrganisationFactory(name="The Fostering Network")
    r1 = ProjectFactory(
        name="Family Safeguarding",
        round=round_one,
        focus_area=social_work,
        lead_organisation=herts_council,
        innovation=family_safeguarding,
        amount_pence=486_000_000,
        award_year=2014,
    )
    ProjectAreaFactory(project=r1, authority=hertfordshire)
    r2 = ProjectFactory(
        name="Implement Family Safeguarding in other authorities",
        round=round_two,
        lead_organisation=herts_council,
        innovation=family_safeguarding,
        amount_pence=1_160_000_000,
        award_year=2017,
    )
    ProjectAreaFactory(project=r2, authority=hertfordshire)
    ProjectAreaFactory(project=r2, authority=luton, involvement=ProjectArea.Involvement.PARTNER)
    mockingbird = ProjectFactory(
        name="Mockingbird Family Model pilot",
        round=round_one,
        lead_organisation=fostering,
        amount_pence=None,
        award_year=None,
    )
    ProjectPartnerFactory(
        project=mockingbird, organisation=OrganisationFactory(name="Leeds City Council")
    )
    ProjectAreaFactory(
        project=mockingbird, authority=hackney, involvement=ProjectArea.Involvement.AREA
    )
    return {"round_one": round_one, "social_work": social_work}


def test_every_published_project_is_listed_with_a_count(client, programme):
    ProjectFactory(name="Unpublished", is_published=False)
    response = client.get(URL)
    assert response.status_code == 200
    assert sorted(listed(response)) == [
        "Family Safeguarding",
        "Implement Family Safeguarding in other authorities",
        "Mockingbird Family Model pilot",
    ]
    assert "3 projects" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"q": "safeguarding"},
            ["Family Safeguarding", "Implement Family Safeguarding in other authorities"],
        ),
        ({"q": "leeds"}, ["Mockingbird Family Model pilot"]),  # a partner's name
        (
            {"q": "family luton"},
            ["Implement Family Safeguarding in other authorities"],
        ),  # all words
        ({"round": "round-2"}, ["Implement Family Safeguarding in other authorities"]),
        ({"region": "E12000007"}, ["Mockingbird Family Model pilot"]),
        ({"local_authority": "luton"}, ["Implement Family Safeguarding in other authorities"]),
        ({"organisation_type": "charity"}, ["Mockingbird Family Model pilot"]),
        ({"innovation": "family-safeguarding", "round": "round-1"}, ["Family Safeguarding"]),
        ({"q": "nothing-matches-this"}, []),
    ],
)
def test_filters_and_search_give_the_right_projects(client, programme, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert sorted(listed(response)) == expected


def test_focus_area_filter(client, programme):
    focus_area = programme["social_work"]
    response = client.get(URL, {"focus_area": focus_area.slug_with_round})
    assert listed(response) == ["Family Safeguarding"]


def test_a_project_in_several_areas_of_a_region_is_listed_once(client, programme):
    response = client.get(URL, {"region": "E12000006"})
    assert sorted(listed(response)) == [
        "Family Safeguarding",
        "Implement Family Safeguarding in other authorities",
    ]


def test_sorting_by_amount_puts_unknown_amounts_last(client, programme):
    response = client.get(URL, {"sort": "amount"})
    assert listed(response) == [
        "Implement Family Safeguarding in other authorities",
        "Family Safeguarding",
        "Mockingbird Family Model pilot",
    ]


def test_rounds_the_public_may_not_see_are_not_offered(client, programme):
    hidden = RoundFactory(number=3, name="Round Three (unannounced)", state=Round.State.DRAFT)
    FocusAreaFactory(round=hidden, name="Secret priority")
    demonstration = RoundFactory(
        number=4, name="Demonstration round", is_demonstration=True, state=Round.State.PUBLISHED
    )
    FocusAreaFactory(round=demonstration, name="Practice priority")
    html = client.get(URL).content.decode()
    assert "Round One" in html and "Rethinking children" in html
    for name in ("Round Three", "Secret priority", "Demonstration round", "Practice priority"):
        assert name not in html
    # Asking for one is the same mistake as asking for a round that does not exist.
    for number in ("3", "4"):
        response = client.get(URL, {"round": number})
        assert "Select a round from the list" in response.content.decode()
        assert "Round Three" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"round": "99"}, "round", "Select a round from the list"),
        ({"region": "<script>"}, "region", "Select a region from the list"),
        ({"sort": "price"}, "sort", "Select how to sort the projects from the list"),
        ({"page": "abc"}, "page", "Page must be a number, like 2"),
        ({"page": "7"}, "page", "There is no page 7: there is 1 page of results"),
        ({"sort": "amount", "round": "x1"}, "round", "Select a round from the list"),
    ],
)
def test_a_bad_filter_value_gives_a_clear_message_not_an_error(
    client, programme, query, field, message
):
    response = client.get(URL, {"q": "family", **query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert f'href="#id_{field}"' in html
    assert "<title>Error: " in html
    # What the person typed is kept, and the valid filters still apply.
    assert 'value="family"' in html
    assert len(listed(response)) == 3


def test_filters_stay_in_the_links_to_other_pages(client, programme):
    for index in range(25):
        ProjectFactory(name=f"Extra family project {index:02d}", round=programme["round_one"])
    response = client.get(URL, {"q": "family", "round": "round-1"})
    assert response.context["page"].paginator.count == 27
    next_link = response.context["pagination"]["next"]["href"]
    assert "q=family" in next_link and "round=round-1" in next_link and "page=2" in next_link
    second = client.get(URL + next_link)
    assert len(listed(second)) == 7


def test_a_search_of_too_many_words_is_refused_and_kept(client, programme):
    typed = " ".join(["family"] * 11)
    response = client.get(URL, {"q": typed, "round": "round-1"})
    html = response.content.decode()
    assert "Search for 10 words or fewer" in html
    assert 'href="#id_q"' in html
    assert f'value="{typed}"' in html
    assert sorted(listed(response)) == ["Family Safeguarding", "Mockingbird Family Model pilot"]


def test_no_two_local_authorities_read_the_same_in_the_filter(client):
    yorkshire = RegionFactory(code="E12000003", name="Yorkshire and The Humber")
    old = LocalAuthorityFactory(
        name="Barnsley", slug="barnsley-2009", region=yorkshire, valid_to=date(2025, 4, 30)
    )
    new = LocalAuthorityFactory(
        name="Barnsley", slug="barnsley", region=yorkshire, valid_from=date(2025, 5, 1)
    )
    # Two ended records ending the same year are told apart by their dates and codes.
    first = LocalAuthorityFactory(name="Twice", slug="twice-1", valid_to=date(2019, 3, 31))
    second = LocalAuthorityFactory(
        name="Twice", slug="twice-2", valid_from=date(2019, 4, 1), valid_to=date(2019, 12, 31)
    )
    LocalAuthorityFactory(name="Leeds", slug="leeds", region=yorkshire)

    response = client.get(URL, {"local_authority": old.slug})

    choices = dict(response.context["form"].fields["local_authority"].choices)
    labels = list(choices.values())
    assert len(labels) == len(set(labels))
    assert choices[old.slug] == "Barnsley (until 2025)"
    assert choices[new.slug] == "Barnsley"
    assert choices["leeds"] == "Leeds"
    assert choices[first.slug] == f"Twice (1 April 2009 to 31 March 2019, {first.gss_code})"
    assert choices[second.slug].startswith("Twice (1 April 2019 to 31 December 2019")
    html = response.content.decode()
    assert f'<option value="{old.slug}" selected>Barnsley (until 2025)</option>' in html
