"""Rounds are named by their slug everywhere: two programmes' "Round One" never clash, in the
directory, the map or the API, and an old round number is refused like any unknown round."""

import pytest
from django.urls import reverse

from innovation_fund.programmes.models import Round
from innovation_fund.programmes.services import rounds as round_services
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory, ProjectFactory
from tests.programmes.test_services import round_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_round_ones():
    """Each of two programmes makes a "Round One" through the screens' service, and publishes
    it with a project in it."""
    made = []
    for slug in ("first-programme", "second-programme"):
        programme = ProgrammeFactory(slug=slug, name=slug.title(), budget_pence=50_000_000_00)
        manager = ProgrammeRoleFactory(programme=programme).user
        funding_round = round_services.create_round(
            manager, programme, round_data(name="Round One")
        )
        Round.objects.filter(pk=funding_round.pk).update(state=Round.State.PUBLISHED)
        ProjectFactory(name=f"Project of the {slug}", round=funding_round)
        made.append(funding_round)
    return made


def test_the_second_round_one_gets_its_programmes_slug_in_front(two_round_ones):
    first, second = two_round_ones
    assert (first.name, second.name) == ("Round One", "Round One")
    assert first.slug == "round-one"
    assert second.slug == "second-programme-round-one"


def test_each_round_one_filters_to_its_own_projects_in_the_directory_and_the_api(
    client, two_round_ones
):
    for funding_round in two_round_ones:
        page = client.get(reverse("public:project_list"), {"round": funding_round.slug})
        text = page.content.decode()
        own = f"Project of the {funding_round.programme.slug}"
        assert page.status_code == 200 and own in text
        assert text.count("Project of the") == 1
        api = client.get("/api/v1/projects", {"round": funding_round.slug}).json()
        assert [item["name"] for item in api["items"]] == [own]


def test_the_map_names_the_round_asked_for_by_slug(client, two_round_ones):
    second = two_round_ones[1]
    page = client.get(reverse("public:map"), {"year": "2020", "round": second.slug})
    assert page.status_code == 200
    assert f'<option value="{second.slug}" selected>' in page.content.decode()


def test_an_old_round_number_is_refused_like_any_unknown_round(client, two_round_ones):
    page = client.get(reverse("public:project_list"), {"round": "1"}).content.decode()
    assert "Select a round from the list" in page
    assert client.get("/api/v1/projects", {"round": "1"}).status_code == 422
