"""The innovation pages for programme managers, with the test client."""

from datetime import date

import pytest
from django.urls import reverse

from innovation_fund.evidence.models import Finding
from innovation_fund.innovations.models import Adoption, Innovation
from innovation_fund.programmes.models import ProgrammeRole
from innovation_fund.public.selectors import innovation_page
from innovation_fund.spread.coverage import coverage_on
from tests.factories import (
    FindingFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    ProjectFactory,
    UserFactory,
)
from tests.helpers import sign_in

from .builders import manager

pytestmark = pytest.mark.django_db


def test_someone_who_manages_no_programme_gets_not_found(client):
    innovation = InnovationFactory()
    adoption = Adoption.objects.create(innovation=innovation, authority=LocalAuthorityFactory())
    sign_in(client, UserFactory())
    for url in [
        reverse("spread:innovation_list"),
        reverse("spread:innovation_add"),
        reverse("spread:innovation_detail", args=[innovation.pk]),
        reverse("spread:innovation_edit", args=[innovation.pk]),
        reverse("spread:adoption_add", args=[innovation.pk]),
        reverse("spread:adoption_edit", args=[innovation.pk, adoption.pk]),
        reverse("spread:adoption_remove", args=[innovation.pk, adoption.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("spread:adoption_remove", args=[innovation.pk, adoption.pk])
        ).status_code
        == 404
    )
    assert Adoption.objects.filter(pk=adoption.pk).exists()


def test_adding_an_innovation_with_a_mistake_keeps_what_was_typed(client):
    sign_in(client, manager())
    url = reverse("spread:innovation_add")
    response = client.post(
        url, {"name": "", "description": "Keep these words", "origin_year": "20x5"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_name">Enter the innovation&#x27;s name</a>' in html
    assert "Year it began must be a year, like 2015" in html
    assert "Keep these words" in html and 'value="20x5"' in html

    response = client.post(url, {"name": "Mockingbird", "description": "Constellations"})
    innovation = Innovation.objects.get(name="Mockingbird")
    assert response.url == reverse("spread:innovation_detail", args=[innovation.pk])
    page = client.get(response.url).content.decode()
    assert "Record an adoption" in page
    listed = client.get(reverse("spread:innovation_list"))
    assert listed.status_code == 200 and "Mockingbird" in listed.content.decode()
    assert client.get(reverse("spread:adoption_add", args=[innovation.pk])).status_code == 200


def adoption_form(authority, **overrides):
    data = {
        "authority": str(authority.pk),
        "adopted_on-day": "1",
        "adopted_on-month": "9",
        "adopted_on-year": "2019",
        "route": "grant",
        "project": "",
        "source_url": "https://www.example.org/luton",
        "source_quote": "Luton began Family Safeguarding in September 2019.",
    }
    data.update(overrides)
    return data


def test_recording_an_adoption_shows_errors_then_reaches_the_map_and_coverage(client):
    sign_in(client, manager())
    innovation = InnovationFactory(slug="family-safeguarding")
    luton = LocalAuthorityFactory(name="Luton")
    project = ProjectFactory(award_year=2019)
    url = reverse("spread:adoption_add", args=[innovation.pk])

    response = client.post(url, adoption_form(luton, **{"adopted_on-month": "13"}))
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_adopted_on-day">The date it was taken up must be a real date</a>' in html
    assert "Luton began Family Safeguarding in September 2019." in html  # nothing lost

    response = client.post(url, adoption_form(luton))  # through a grant, no project
    html = response.content.decode()
    assert "Select the project whose scale-and-spread grant it came through" in html
    assert 'href="#id_project"' in html
    assert not Adoption.objects.exists()

    response = client.post(url, adoption_form(luton, project=str(project.pk)))
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.project, adoption.year) == (project, 2019)

    # On the innovation's public page: on the 2020 map, not on the 2019 one (30 June, before).
    assert innovation_page("family-safeguarding", year=2020)["shading"] == {luton.pk: "adopted"}
    assert innovation_page("family-safeguarding", year=2019)["shading"] == {}
    assert [
        line.year
        for line in innovation_page("family-safeguarding", year=2020)["adopters_over_time"]
    ] == [2019]
    public = client.get(
        reverse("public:innovation_detail", args=["family-safeguarding"]), {"year": "2020"}
    )
    assert "https://www.example.org/luton" in public.content.decode()
    # And in the coverage counts, from the day it was taken up.
    assert coverage_on(date(2019, 9, 1)).kinds_of(luton.pk) == {"adopted"}
    assert coverage_on(date(2019, 8, 31)).kinds_of(luton.pk) == frozenset()


def test_changing_and_removing_an_adoption_through_the_pages(client):
    sign_in(client, manager())
    innovation = InnovationFactory()
    authority = LocalAuthorityFactory()
    adoption = Adoption.objects.create(innovation=innovation, authority=authority, year=2017)
    edit = reverse("spread:adoption_edit", args=[innovation.pk, adoption.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, adoption_form(authority, route="own"))
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert (adoption.adopted_on, adoption.year, adoption.route) == (date(2019, 9, 1), 2019, "own")

    remove = reverse("spread:adoption_remove", args=[innovation.pk, adoption.pk])
    assert "Remove" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not Adoption.objects.exists()


def test_the_evidence_summary_counts_every_direction_plainly(client):
    sign_in(client, manager())
    innovation = InnovationFactory()
    project = ProjectFactory(innovation=innovation)
    for direction in ["positive", "no_effect", "no_effect", "negative", "mixed"]:
        FindingFactory(project=project, direction=direction)
    FindingFactory(
        project=ProjectFactory(is_published=False, innovation=innovation), direction="positive"
    )
    response = client.get(reverse("spread:innovation_detail", args=[innovation.pk]))
    context = response.context["evidence"]
    assert context.findings == 5
    assert [(row.label, row.count) for row in context.directions] == [
        ("Positive", 1),
        (Finding.Direction.NO_EFFECT.label, 2),
        ("Negative", 1),
        ("Mixed", 1),
    ]


def test_the_programme_page_links_to_the_innovations(client):
    person = manager()
    programme = ProgrammeRole.objects.get(user=person).programme
    sign_in(client, person)
    html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert reverse("spread:innovation_list") in html
