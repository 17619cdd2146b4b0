"""An authority with more projects than a page should hold lists the first ones, says how many
there are, and links to the directory’s full list, for one more query whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.public.selectors import AUTHORITY_PROJECTS_SHOWN
from tests.factories import LocalAuthorityFactory, ProjectAreaFactory, ProjectFactory, RoundFactory

pytestmark = pytest.mark.django_db


def projects_in(authority, how_many, round):
    for _ in range(how_many):
        ProjectAreaFactory(project=ProjectFactory(round=round), authority=authority)


def test_a_busy_authority_lists_the_first_projects_and_links_to_them_all(client):
    authority = LocalAuthorityFactory(name="Busyshire", slug="busyshire")
    round = RoundFactory()
    url = reverse("public:authority_detail", args=[authority.slug])
    projects_in(authority, 2, round)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert 'id="more-projects"' not in page
    projects_in(authority, AUTHORITY_PROJECTS_SHOWN, round)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    page = response.content.decode()
    total = AUTHORITY_PROJECTS_SHOWN + 2
    assert len(response.context["projects"]) == AUTHORITY_PROJECTS_SHOWN
    assert f"These are the first {AUTHORITY_PROJECTS_SHOWN} of {total} projects" in page
    assert "/projects/?local_authority=busyshire" in page
    assert len(many) == len(few) + 1  # counting them all, only when the list is full
    listed = client.get(reverse("public:project_list"), {"local_authority": "busyshire"})
    assert listed.context["page"].paginator.count == total
