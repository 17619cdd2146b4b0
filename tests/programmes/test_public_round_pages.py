"""Public funding round pages: published rounds only, grouped and described for applicants."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from innovation_fund.programmes import selectors
from innovation_fund.programmes.models import Round
from tests.factories import (
    CriterionFactory,
    FocusAreaFactory,
    OpenRoundFactory,
    ProgrammeFactory,
    RoundFactory,
    aware,
)

pytestmark = pytest.mark.django_db

CLOSES = aware(2027, 3, 1, 12, 0)


@pytest.fixture
def programme():
    return ProgrammeFactory(budget_pence=20_000_000_00)


def detail_url(funding_round) -> str:
    return reverse("rounds:detail", args=[funding_round.programme.slug, funding_round.slug])


def open_round(programme, **fields):
    values = {
        "name": "Round Four",
        "slug": "round-four",
        "number": 4,
        "opens_at": aware(2027, 1, 10, 9, 0),
        "closes_at": CLOSES,
        "budget_pence": 10_000_000_00,
        "minimum_bid_pence": 50_000_00,
        "maximum_bid_pence": 1_250_000_50,
        "eligible_organisation_types": ["local_authority", "trust"],
    }
    values.update(fields)
    return OpenRoundFactory(programme=programme, **values)


def test_the_list_groups_published_rounds_by_status(client, programme):
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        open_round(programme, name="Open round")
        open_round(
            programme,
            name="Later round",
            slug="later",
            number=5,
            opens_at=aware(2027, 4, 1, 9, 0),
            closes_at=aware(2027, 6, 1, 17, 0),
        )
        RoundFactory(
            programme=programme, name="Round One", number=1, first_year=2014, last_year=2016
        )
        open_round(programme, name="Secret draft", slug="draft", number=6, state=Round.State.DRAFT)
        page = client.get(reverse("rounds:list")).content.decode()
    open_at, upcoming_at, closed_at = (
        page.index("Open for bids"),
        page.index("Opening soon"),
        page.index('<h2 class="govuk-heading-l">Closed</h2>'),
    )
    assert open_at < page.index("Open round") < upcoming_at
    assert upcoming_at < page.index("Later round") < closed_at
    assert closed_at < page.index("Round One")
    assert "Closes at midday on 1 March 2027 (in 28 days)" in page
    assert "Opens at 9am on 1 April 2027" in page
    assert "Ran from 2014 to 2016" in page
    assert "Secret draft" not in page


def test_the_service_navigation_links_to_the_list(client):
    page = client.get(reverse("rounds:list")).content.decode()
    assert f'href="{reverse("rounds:list")}"' in page
    assert "No rounds are open for bids at the moment." in page


def test_an_unpublished_round_has_no_page(client, programme):
    draft = open_round(programme, state=Round.State.DRAFT)
    assert client.get(detail_url(draft)).status_code == 404


def test_a_round_in_another_programme_is_not_found_by_the_wrong_slug(client, programme):
    funding_round = open_round(programme)
    other = ProgrammeFactory(slug="other-programme", name="Other")
    assert (
        client.get(reverse("rounds:detail", args=[other.slug, funding_round.slug])).status_code
        == 404
    )


def test_an_open_round_says_everything_an_applicant_needs(client, programme):
    with time_machine.travel(CLOSES - timedelta(days=5), tick=False):
        funding_round = open_round(
            programme,
            guidance_markdown=(
                "## How to apply\n\nRead <script>alert(1)</script>[this](javascript:x)."
            ),
        )
        FocusAreaFactory(round=funding_round, name="Kinship care", description="Family and friends")
        CriterionFactory(round=funding_round, name="Impact on children", weight=60)
        CriterionFactory(round=funding_round, name="Value for money", weight=40)
        page = client.get(detail_url(funding_round)).content.decode()
    assert '<h1 class="govuk-heading-xl">Round Four</h1>' in page
    assert "govuk-tag--green" in page and ">Open<" in page
    assert "Closes at midday on 1 March 2027 (in 5 days)" in page
    assert "Kinship care" in page and "Family and friends" in page
    assert "Local authority" in page and "Children&#x27;s services trust" in page
    assert "Charity" not in page
    assert "£10,000,000" in page
    assert "£50,000" in page and "£1,250,000.50" in page
    assert '<h2 class="govuk-heading-m">How to apply</h2>' in page
    assert "alert(1)" not in page and "javascript:" not in page
    assert "Impact on children" in page and "60%" in page and "40%" in page
    assert reverse("applications:start", args=[funding_round.pk]) in page
    assert "Start a bid" in page
    assert "Demonstration" not in page


def test_one_second_before_closing_the_start_button_shows_and_one_after_it_does_not(
    client, programme
):
    funding_round = open_round(programme)
    start = reverse("applications:start", args=[funding_round.pk])
    with time_machine.travel(CLOSES - timedelta(seconds=1), tick=False):
        page = client.get(detail_url(funding_round)).content.decode()
    assert start in page
    assert "(in less than a minute)" in page
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        page = client.get(detail_url(funding_round)).content.decode()
    assert start not in page
    assert "Start a bid" not in page
    assert "Closed at midday on 1 March 2027" in page


def test_an_upcoming_round_says_when_it_opens_and_has_no_start_button(client, programme):
    funding_round = open_round(programme)
    with time_machine.travel(aware(2027, 1, 10, 8, 59, 59), tick=False):
        page = client.get(detail_url(funding_round)).content.decode()
    assert "Opens at 9am on 10 January 2027" in page
    assert ">Upcoming<" in page
    assert "Start a bid" not in page


def test_the_start_button_is_hidden_until_the_bid_journey_exists(monkeypatch, programme):
    def missing(*args, **kwargs):
        raise NoReverseMatch("not built yet")

    monkeypatch.setattr(selectors, "reverse", missing)
    funding_round = open_round(programme)
    with time_machine.travel(CLOSES - timedelta(days=1), tick=False):
        assert selectors.round_page(funding_round)["start_bid_url"] is None


def test_a_historic_round_is_closed_with_its_years(client, programme):
    historic = RoundFactory(
        programme=programme, number=1, slug="round-1", first_year=2014, last_year=2016
    )
    page = client.get(detail_url(historic)).content.decode()
    assert ">Closed<" in page
    assert "Ran from 2014 to 2016" in page
    assert "Start a bid" not in page


def test_a_demonstration_round_says_it_is_not_real(client, programme):
    with time_machine.travel(CLOSES - timedelta(days=3), tick=False):
        demo = open_round(programme, is_demonstration=True)
        detail = client.get(detail_url(demo)).content.decode()
        listing = client.get(reverse("rounds:list")).content.decode()
    assert "Demonstration – not a real funding round" in detail
    assert "Demonstration – not a real funding round" in listing


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_public_pages_make_a_fixed_number_of_queries(client, programme):
    funding_round = open_round(programme)
    FocusAreaFactory(round=funding_round)
    CriterionFactory(round=funding_round, weight=100)
    small = (
        count_queries(client, reverse("rounds:list")),
        count_queries(client, detail_url(funding_round)),
    )
    for number in range(5):
        other = ProgrammeFactory(slug=f"p-{number}", name=f"Programme {number}")
        RoundFactory.create_batch(2, programme=other)
    FocusAreaFactory.create_batch(5, round=funding_round)
    CriterionFactory.create_batch(4, round=funding_round, weight=10)
    assert (
        count_queries(client, reverse("rounds:list")),
        count_queries(client, detail_url(funding_round)),
    ) == small
