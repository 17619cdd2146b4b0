"""Each public page makes the same number of SQL queries whatever the number of projects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.grants.models import ProjectArea
from tests.factories import (
    AdoptionFactory,
    BoundaryFactory,
    BoundarySetFactory,
    FindingFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    ProjectAreaFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    RegionFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A small programme that `grow` can make bigger without changing its shape."""
    boundary_set = BoundarySetFactory()
    # Every project partners one of these, so the filtered search below always finds them,
    # whatever region codes earlier tests' factories used up.
    region = RegionFactory(code="E12000001")
    authorities = [LocalAuthorityFactory(region=region) for _ in range(3)]
    for authority in authorities:
        BoundaryFactory(boundary_set=boundary_set, authority=authority)
    round_one = RoundFactory(number=1)
    innovation = InnovationFactory(slug="the-innovation")
    return {
        "boundary_set": boundary_set,
        "authorities": authorities,
        "round": round_one,
        "innovation": innovation,
    }


def grow(world, projects: int) -> None:
    for index in range(projects):
        authority = LocalAuthorityFactory()
        BoundaryFactory(boundary_set=world["boundary_set"], authority=authority)
        project = ProjectFactory(round=world["round"], innovation=world["innovation"])
        ProjectAreaFactory(project=project, authority=authority)
        ProjectAreaFactory(
            project=project,
            authority=world["authorities"][index % 3],
            involvement=ProjectArea.Involvement.PARTNER,
        )
        ProjectPartnerFactory(project=project)
        FindingFactory(project=project, innovation=world["innovation"])
        AdoptionFactory(innovation=world["innovation"], authority=authority, project=project)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = [
    reverse("public:home"),
    reverse("public:project_list"),
    reverse("public:project_list") + "?q=project&region=E12000001&sort=amount",
    reverse("public:innovation_list"),
    reverse("public:innovation_detail", args=["the-innovation"]) + "?year=2020",
    reverse("public:authority_list"),
    reverse("public:map") + "?year=2020&round=1",
    reverse("public:evidence"),
    reverse("public:about_data"),
]


@pytest.mark.parametrize("url", PAGES)
def test_page_queries_do_not_grow_with_the_data(client, world, url):
    grow(world, 2)
    small = queries_for(client, url)
    grow(world, 12)
    large = queries_for(client, url)
    assert large == small, f"{url}: {small} queries with 2 projects, {large} with 14"


def test_project_and_authority_pages_make_a_fixed_number_of_queries(client, world):
    grow(world, 2)
    project = ProjectFactory(round=world["round"], innovation=world["innovation"])
    authority = world["authorities"][0]
    ProjectAreaFactory(project=project, authority=authority)
    # One of everything the pages list, so that each prefetch runs in both measurements.
    ProjectPartnerFactory(project=project)
    FindingFactory(project=project)
    project_url = reverse("public:project_detail", args=[project.slug])
    authority_url = reverse("public:authority_detail", args=[authority.slug])
    small = (queries_for(client, project_url), queries_for(client, authority_url))
    for _ in range(8):
        ProjectPartnerFactory(project=project)
        FindingFactory(project=project)
        ProjectAreaFactory(project=project, involvement=ProjectArea.Involvement.PARTNER)
        other = ProjectFactory(round=world["round"])
        ProjectAreaFactory(project=other, authority=authority)
    grow(world, 8)
    large = (queries_for(client, project_url), queries_for(client, authority_url))
    assert large == small
