"""Coverage of the local authorities involved, by kind and year, as of a day, against records
made by hand; and the same number on the home page, the map and the coverage page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.core.dates import london_today
from innovation_fund.grants.models import ProjectArea
from innovation_fund.innovations.models import Adoption
from innovation_fund.places.models import Succession
from innovation_fund.public.selectors import map_day
from innovation_fund.spread.coverage import coverage_on
from tests.factories import (
    InnovationFactory,
    LocalAuthorityFactory,
    ProgrammeFactory,
    ProjectAreaFactory,
    ProjectFactory,
    RoundFactory,
)
from tests.public.test_totals_agree import _Page

pytestmark = pytest.mark.django_db

Involvement = ProjectArea.Involvement


@pytest.fixture
def world():
    """Ten authorities: one led (2015), one partnered (2015), one hosted (2016), one adopted on
    its own on 1 March 2017, one adopted in 2018 (year only) through a grant; one is where an
    innovation began (not an adoption), one is in an unpublished project only, one adopted with
    no known year, one led in 2016 and adopted in 2017, and one was never involved. Plus a county
    that ended in 2016, involved in 2015, whose successor counts on later days."""
    ProgrammeFactory(last_year=2018)
    round_one = RoundFactory(number=1, announced_year=2015)
    names = [
        "Led",
        "Partnered",
        "Hosted",
        "Own",
        "Grant",
        "Origin",
        "Hidden",
        "Undated",
        "Both",
        "None",
    ]
    a = {name: LocalAuthorityFactory(name=name) for name in names}
    innovation = InnovationFactory()

    def project(year, **kwargs):
        return ProjectFactory(round=round_one, award_year=year, **kwargs)

    first = project(2015)
    ProjectAreaFactory(project=first, authority=a["Led"], involvement=Involvement.LEAD)
    ProjectAreaFactory(project=first, authority=a["Partnered"], involvement=Involvement.PARTNER)
    ProjectAreaFactory(project=project(2016), authority=a["Hosted"], involvement=Involvement.AREA)
    ProjectAreaFactory(project=project(2015, is_published=False), authority=a["Hidden"])
    ProjectAreaFactory(project=project(2016), authority=a["Both"])
    Adoption.objects.create(innovation=innovation, authority=a["Own"], adopted_on=date(2017, 3, 1))
    Adoption.objects.create(
        innovation=innovation, authority=a["Grant"], project=first, route="grant", year=2018
    )
    Adoption.objects.create(innovation=innovation, authority=a["Origin"], year=2014, is_origin=True)
    Adoption.objects.create(innovation=innovation, authority=a["Undated"])
    Adoption.objects.create(innovation=innovation, authority=a["Both"], adopted_on=date(2017, 5, 1))
    county = LocalAuthorityFactory(name="County", valid_to=date(2016, 3, 31))
    successor = LocalAuthorityFactory(name="Successor", valid_from=date(2016, 4, 1))
    Succession.objects.create(predecessor=county, successor=successor, position=0)
    ProjectAreaFactory(project=first, authority=county, involvement=Involvement.PARTNER)
    return a | {"County": county, "Successor": successor}


def test_by_kind_as_of_a_day(world):
    early = coverage_on(date(2016, 6, 30))
    assert early.total == 11  # the county had ended; its successor counts in its place
    assert {line.kind: line.count for line in early.by_kind} == {
        "led": 2,
        "partnered": 2,
        "hosted": 1,
        "adopted": 0,
    }
    assert early.involved == 5
    assert early.kinds_of(world["Successor"].pk) == {"partnered"}

    later = coverage_on(date(2018, 12, 31))
    assert {line.kind: line.count for line in later.by_kind} == {
        "led": 2,
        "partnered": 2,
        "hosted": 1,
        "adopted": 3,
    }
    assert later.involved == 7  # Both counts once
    assert later.undated_adoptions == 1
    assert [a.name for a in later.not_involved] == ["Hidden", "None", "Origin", "Undated"]

    # An adoption counts from its day: not on 28 February 2017, on 1 March.
    assert coverage_on(date(2017, 2, 28)).kinds_of(world["Own"].pk) == frozenset()
    assert coverage_on(date(2017, 3, 1)).kinds_of(world["Own"].pk) == {"adopted"}


def test_by_year_each_authority_counts_from_its_first_involvement(world):
    lines = coverage_on(date(2018, 12, 31)).years
    assert [(line.year, line.newly_involved, line.involved_by_end) for line in lines] == [
        (2015, 3, 3),  # Led, Partnered, Successor (for the county)
        (2016, 2, 5),  # Hosted, Both
        (2017, 1, 6),  # Own (Both was already involved)
        (2018, 1, 7),  # Grant
    ]
    assert lines[2].new_by_kind == {"adopted": 2}  # Own and Both first adopted in 2017
    assert lines[0].kind_counts == [1, 2, 0, 0]


def test_the_same_numbers_on_the_home_page_the_map_and_the_coverage_page(client, world):
    then = map_day(2018)
    expected_then = coverage_on(then)
    expected_now = coverage_on(london_today())
    assert expected_then.involved == 7 and expected_now.involved == 7

    home = _Page(client.get(reverse("public:home")).content.decode())
    map_page = _Page(client.get(reverse("public:map"), {"year": 2018}).content.decode())
    day = {"as_of-day": then.day, "as_of-month": then.month, "as_of-year": then.year}
    on_day = _Page(client.get(reverse("public:coverage"), day).content.decode())
    today = _Page(client.get(reverse("public:coverage")).content.decode())

    said_then = f"{expected_then.involved} of {expected_then.total} "
    assert home.said("coverage-then").startswith(said_then)
    assert map_page.said("map-coverage").startswith(said_then)
    assert on_day.said("coverage-figure").startswith(said_then)
    said_now = f"{expected_now.involved} of {expected_now.total} "
    assert home.said("coverage-now").startswith(said_now)
    assert today.said("coverage-figure").startswith(said_now)
    assert [row[0] for row in on_day.rows("coverage-kinds-table")[1:]] == [
        "Led a project",
        "Partnered a project",
        "Hosted a project's work",
        "Adopted an innovation",
        "Any of these (an authority may have several kinds)",
    ]
    assert "Undated" in on_day.said("not-involved-list")


def test_the_map_shades_an_authority_that_only_adopted(client, world):
    response = client.get(reverse("public:map"), {"year": 2018})
    assert response.context["shading"][world["Own"].pk] == "area"  # its own shade and label
    assert "Took up an innovation" in response.context["map_key"][2]["label"]
    assert response.context["shading"][world["Both"].pk] == "lead"


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2019", "The date must be a real date"),
        ("1", "", "2019", "The date must include a month"),
        ("1", "1", "2999", "The date must be today or in the past"),
    ],
)
def test_an_invalid_as_of_date_gets_a_clear_message_and_today(client, day, month, year, message):
    response = client.get(
        reverse("public:coverage"),
        {"as_of-day": day, "as_of-month": month, "as_of-year": year},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert response.context["day"] == london_today()
    assert f'value="{year}"' in html  # what was typed is shown back


def test_the_coverage_page_makes_the_same_queries_whatever_the_data(client, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("public:coverage")).status_code == 200
        return len(captured)

    small = count()
    innovation = InnovationFactory()
    for _ in range(5):
        authority = LocalAuthorityFactory()
        ProjectAreaFactory(project=ProjectFactory(award_year=2016), authority=authority)
        Adoption.objects.create(innovation=innovation, authority=authority, year=2017)
    assert count() == small
