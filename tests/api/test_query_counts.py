"""Each list page makes the same number of SQL queries however many items it holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovation_fund.grants.models import ProjectArea
from tests.api.conftest import grant_for
from tests.factories import (
    AdoptionFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    ProjectAreaFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    RoundFactory,
)

API = "/api/v1"


def grow(world, count: int) -> None:
    for _ in range(count):
        authority = LocalAuthorityFactory()
        project = ProjectFactory(round=world.round_two, innovation=world.innovation)
        project.scales.add(world.family_project)
        ProjectAreaFactory(project=project, authority=authority)
        ProjectAreaFactory(
            project=project, authority=world.north, involvement=ProjectArea.Involvement.PARTNER
        )
        ProjectPartnerFactory(project=project)
        grant_for(project)
        innovation = InnovationFactory()
        AdoptionFactory(innovation=innovation, authority=authority, project=project)
        RoundFactory()


def queries_for(client, url: str) -> tuple[int, int]:
    """(queries, items) for one page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["items"])


@pytest.mark.parametrize(
    "url",
    [
        "/projects?limit=50",
        "/projects?limit=50&q=project&region=E12000002&round=round-2",
        "/grants?limit=50",
        "/rounds?limit=50",
        "/organisations?limit=50",
        "/local-authorities?limit=50",
        "/innovations?limit=50",
    ],
)
def test_list_queries_do_not_grow_with_the_items(client, world, url):
    grow(world, 2)
    small, small_items = queries_for(client, API + url)
    grow(world, 6)
    large, large_items = queries_for(client, API + url)
    assert large_items > small_items
    assert large == small


def test_a_later_page_costs_the_same_as_the_first(client, world):
    grow(world, 8)
    with CaptureQueriesContext(connection) as first_page:
        cursor = client.get(f"{API}/projects?limit=3").json()["next_cursor"]
    with CaptureQueriesContext(connection) as next_page:
        client.get(f"{API}/projects", {"limit": 3, "cursor": cursor})
    assert len(next_page) == len(first_page)


def test_the_list_without_filters_does_not_fetch_the_filters_choices(client, world):
    def statements(params: dict) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/projects", params).status_code == 200
        return [query["sql"] for query in captured]

    # The choices of every filter are fetched to check a filter's value.
    assert any('FROM "places_region"' in sql for sql in statements({"round": "round-1"}))
    unfiltered = statements({"limit": 50, "q": ""})
    assert not any('FROM "places_region"' in sql for sql in unfiltered)
    assert len(unfiltered) < len(statements({"round": "round-1"}))


def test_an_authority_with_its_statistics_takes_six_queries(client, statistics, world):
    # The authority, its successions, predecessors and projects, then the statistics table's
    # two: its lineage and every figure at once, counts included.
    for authority in (statistics, world.south):  # Southshire has a predecessor
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{API}/local-authorities/{authority.gss_code}")
        assert response.status_code == 200
        assert len(captured) == 6
