"""3. Where the work happens: authorities valid when the round closes, at least one."""

import json
from datetime import date, timedelta

import pytest
import time_machine

from innovation_fund.applications.models import ApplicationPlace
from innovation_fund.applications.sections import BY_SLUG, Status
from innovation_fund.organisations.models import OrganisationType
from tests.factories import (
    ApplicationFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OpenRoundFactory,
    OrganisationFactory,
    RegionFactory,
    aware,
)
from tests.helpers import sign_in

from .support import last_event, loaded, section_url

pytestmark = pytest.mark.django_db

PLACES = BY_SLUG["places"]


def url(bid):
    return section_url(bid, "places")


@pytest.fixture
def leeds():
    return LocalAuthorityFactory(
        name="Leeds", region=RegionFactory(name="Yorkshire and The Humber")
    )


@pytest.fixture
def york():
    return LocalAuthorityFactory(name="York", region=RegionFactory(name="Yorkshire and The Humber"))


@pytest.fixture
def northamptonshire():
    """Abolished in 2021, long before the round closes."""
    return LocalAuthorityFactory(
        name="Northamptonshire",
        region=RegionFactory(name="East Midlands"),
        valid_to=date(2021, 3, 31),
    )


def test_the_page_lists_authorities_valid_when_the_round_closes_by_region(
    client, bid, editor, leeds, york, northamptonshire
):
    sign_in(client, editor)
    html = client.get(url(bid)).content.decode()
    assert "Yorkshire and The Humber</h2>" in html
    assert f'value="{leeds.pk}"' in html and f'value="{york.pk}"' in html
    assert "Northamptonshire" not in html
    assert html.index(">Leeds<") < html.index(">York<")
    assert 'id="id_authorities"' in html  # the first checkbox, for the error summary's link


def test_saving_authorities_replaces_the_list_and_is_audited(client, bid, editor, leeds, york):
    ApplicationPlace.objects.create(application=bid, authority=york)
    sign_in(client, editor)
    response = client.post(url(bid), {"authorities": [leeds.pk], "version": 0})
    assert response.status_code == 302
    assert list(bid.places.values_list("authority__name", flat=True)) == ["Leeds"]
    bid.refresh_from_db()
    assert bid.task_versions == {"places": 1}
    event = last_event("application.places_saved")
    assert event.before == {
        "authorities": [{"id": york.pk, "gss_code": york.gss_code, "name": "York"}]
    }
    assert event.after == {
        "authorities": [{"id": leeds.pk, "gss_code": leeds.gss_code, "name": "Leeds"}]
    }
    json.dumps(event.after)


def test_at_least_one_authority_is_needed(client, bid, editor, leeds):
    sign_in(client, editor)
    response = client.post(url(bid), {"version": 0})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose at least one local authority where the work will happen" in html
    assert 'href="#id_authorities"' in html


def test_an_authority_not_valid_when_the_round_closes_is_refused_posted_by_hand(
    client, bid, editor, leeds, northamptonshire
):
    sign_in(client, editor)
    response = client.post(url(bid), {"authorities": [leeds.pk, northamptonshire.pk], "version": 0})
    assert response.status_code == 200
    html = response.content.decode()
    closes = bid.round.closes_at
    assert "Northamptonshire is not a local authority on " in html
    assert f"{closes.year}, when the round closes" in html
    assert not ApplicationPlace.objects.exists()
    # What was ticked is kept.
    assert f'value="{leeds.pk}" checked' in html


def test_an_authority_that_does_not_exist_is_refused(client, bid, editor):
    sign_in(client, editor)
    response = client.post(url(bid), {"authorities": ["999999"], "version": 0})
    assert "Choose local authorities from the list" in response.content.decode()


def test_a_round_with_no_closing_time_uses_today(client, leeds):
    new = LocalAuthorityFactory(name="New Council", valid_from=date(2030, 4, 1))
    bid = ApplicationFactory(round=OpenRoundFactory(closes_at=None))
    with time_machine.travel(aware(2029, 6, 1, 12, 0)):
        sign_in(client, MembershipFactory(organisation=bid.lead_organisation).user)
        html = client.get(url(bid)).content.decode()
        assert ">Leeds<" in html and "New Council" not in html
        response = client.post(url(bid), {"authorities": [new.pk], "version": 0})
        assert "New Council is not a local authority today" in response.content.decode()


def test_a_lead_local_authority_finds_its_own_area_ticked_on_the_first_visit(
    client, editor, leeds, york
):
    council = OrganisationFactory(
        name="Leeds City Council",
        organisation_type=OrganisationType.LOCAL_AUTHORITY,
        authority=leeds,
    )
    bid = ApplicationFactory(lead_organisation=council)
    sign_in(client, MembershipFactory(organisation=council).user)
    html = client.get(url(bid)).content.decode()
    assert f'value="{leeds.pk}" checked' in html
    assert f'value="{york.pk}" checked' not in html
    # Once the section has been saved, what was saved is shown, not the lead's area.
    client.post(url(bid), {"authorities": [york.pk], "version": 0})
    html = client.get(url(bid)).content.decode()
    assert f'value="{york.pk}" checked' in html
    assert f'value="{leeds.pk}" checked' not in html


def test_status_rules(client, bid, editor, leeds, northamptonshire):
    application = loaded(bid, editor)
    assert PLACES.status(application) == Status.NOT_STARTED
    assert PLACES.problems(application) == [
        "Add at least one local authority where the work will happen"
    ]
    assert PLACES.summary_rows(application)[0].value == "Not answered"
    sign_in(client, editor)
    client.post(url(bid), {"authorities": [leeds.pk], "version": 0})
    application = loaded(bid, editor)
    assert PLACES.status(application) == Status.COMPLETED
    [row] = PLACES.summary_rows(application)
    assert (row.key, row.value, row.change_fragment) == (
        "Local authorities",
        ["Leeds"],
        "id_authorities",
    )
    # A place saved earlier that is not valid when the round closes makes it incomplete, and
    # the page shows it (ticked) so that it can be unticked.
    ApplicationPlace.objects.create(application=bid, authority=northamptonshire)
    application = loaded(bid, editor)
    assert PLACES.status(application) == Status.INCOMPLETE
    [problem] = PLACES.problems(application)
    assert problem.startswith("Northamptonshire is not a local authority on ")
    html = client.get(url(bid)).content.decode()
    assert f'value="{northamptonshire.pk}" aria-describedby' in html
    # Emptying the list is refused, so a saved section always has a place.
    client.post(url(bid), {"authorities": [leeds.pk], "version": 1})
    assert PLACES.status(loaded(bid, editor)) == Status.COMPLETED


def test_two_people_saving_at_once_the_second_is_told(
    client, bid, editor, other_editor, leeds, york
):
    sign_in(client, other_editor)
    assert client.post(url(bid), {"authorities": [leeds.pk], "version": 0}).status_code == 302
    sign_in(client, editor)
    response = client.post(url(bid), {"authorities": [york.pk], "version": 0})
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this page" in html
    assert f'value="{york.pk}" checked' in html  # mine, kept
    assert list(bid.places.values_list("authority__name", flat=True)) == ["Leeds"]
    assert client.post(url(bid), {"authorities": [york.pk], "version": 1}).status_code == 302
    assert list(bid.places.values_list("authority__name", flat=True)) == ["York"]


def test_someone_from_another_organisation_gets_404(client, bid, leeds):
    sign_in(client, MembershipFactory().user)
    assert client.get(url(bid)).status_code == 404
    assert client.post(url(bid), {"authorities": [leeds.pk], "version": 0}).status_code == 404
    assert not ApplicationPlace.objects.exists()


def test_status_and_answers_read_only_the_prefetched_places(bid, editor, django_assert_num_queries):
    def count_with(places: int) -> None:
        for _ in range(places):
            ApplicationPlace.objects.create(application=bid, authority=LocalAuthorityFactory())
        application = loaded(bid, editor)
        with django_assert_num_queries(0):
            PLACES.status(application)
            PLACES.summary_rows(application)

    count_with(1)
    count_with(10)


def test_the_round_closing_day_is_taken_in_london(client, editor):
    """A round closing at 00:30 on 1 April, London summer time, closes on 1 April (not 31 March,
    as in UTC): an authority that began on 1 April is valid for it."""
    starts = LocalAuthorityFactory(name="Starts 1 April", valid_from=date(2027, 4, 1))
    round = OpenRoundFactory(closes_at=aware(2027, 4, 1, 0, 30))
    bid = ApplicationFactory(round=round)
    with time_machine.travel(round.closes_at - timedelta(days=1)):
        sign_in(client, MembershipFactory(organisation=bid.lead_organisation).user)
        response = client.post(url(bid), {"authorities": [starts.pk], "version": 0})
    assert response.status_code == 302
