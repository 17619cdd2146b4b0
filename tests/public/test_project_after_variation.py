"""The public project page and the API show a grant's current amount and planned dates, after
approved variations."""

from datetime import date

import pytest
from django.urls import reverse

from innovation_fund.grants.models import Variation
from innovation_fund.grants.services.variations import approve_variation, request_variation
from tests.grants.variation_builders import live_grant

pytestmark = pytest.mark.django_db

Kind = Variation.Kind


def varied_grant():
    cast = live_grant()
    for fields in [
        {"kind": Kind.EXTEND, "proposed_ends_on": date(2029, 9, 30)},
        {
            "kind": Kind.AMOUNT,
            "proposed_amount_pence": 90_000_00,
            "proposed_years": {2027: 60_000_00, 2028: 30_000_00, 2029: 0},
        },
    ]:
        variation = request_variation(cast.officer, cast.grant, reason="Needed", **fields)
        approve_variation(cast.manager, variation, reasons="Agreed")
    return cast


def test_the_project_page_shows_the_current_amount_and_dates(client):
    cast = varied_grant()
    page = client.get(reverse("public:project_detail", args=[cast.grant.project.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "£90,000" in text and "£100,000" not in text
    assert "The current award, after 2 approved changes to the grant." in text
    assert "1 April 2027 to 30 September 2029" in text
    assert "As announced" not in text


def test_before_any_variation_the_page_shows_the_award_as_announced(client):
    cast = live_grant()
    text = client.get(reverse("public:project_detail", args=[cast.grant.project.slug])).content
    assert "£100,000" in text.decode() and "As announced" in text.decode()
    assert "1 April 2027 to 31 March 2029" in text.decode()


def test_the_api_shows_the_current_amount_and_dates(client):
    cast = varied_grant()
    project = client.get(f"/api/v1/projects/{cast.grant.project.slug}").json()
    assert project["amount_awarded_pence"] == 90_000_00
    assert (project["starts_on"], project["ends_on"]) == ("2027-04-01", "2029-09-30")
