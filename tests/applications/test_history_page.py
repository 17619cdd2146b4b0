"""A bid's History page, from the outside: the programme's managers see it once the bid is
submitted, with who did what and when; everyone else, and anyone before submission, gets 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.applications import services
from innovation_fund.core.dates import format_datetime
from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.models import ProgrammeRole
from tests.applications.builders import complete_bid, editor_of, officer_of
from tests.factories import OpenRoundFactory, ProgrammeFactory, ProgrammeRoleFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

Role = ProgrammeRole.Role


@pytest.fixture
def funding_round():
    return OpenRoundFactory(name="Round Four", slug="round-four", number=4)


@pytest.fixture
def manager(funding_round):
    return ProgrammeRoleFactory(programme=funding_round.programme).user


@pytest.fixture
def bid(funding_round):
    return complete_bid(funding_round)


@pytest.fixture
def officer(bid):
    return officer_of(bid)


def history_url(bid):
    return reverse("bid_management:history", args=[bid.reference])


def test_a_submitted_bid_shows_who_submitted_it_when_and_its_state_before_and_after(
    client, bid, officer, manager
):
    services.submit_application(officer, bid)
    submitted = AuditEvent.objects.get(action="application.submitted")

    response = sign_in(client, manager).get(history_url(bid))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Bid signed off and submitted" in page
    assert officer.display_name in page
    assert format_datetime(submitted.occurred_at) in page
    assert "Draft" in page and "Submitted" in page
    assert bid.reference in page


def test_a_draft_is_the_applicants_own(client, bid, manager):
    assert sign_in(client, manager).get(history_url(bid)).status_code == 404


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.MODERATOR])
def test_other_roles_in_the_programme_get_404(client, bid, officer, role):
    services.submit_application(officer, bid)
    person = ProgrammeRoleFactory(programme=bid.round.programme, role=role).user

    assert sign_in(client, person).get(history_url(bid)).status_code == 404


def test_the_manager_of_another_programme_gets_404(client, bid, officer):
    services.submit_application(officer, bid)
    other = ProgrammeRoleFactory(programme=ProgrammeFactory(name="Other", slug="other")).user

    assert sign_in(client, other).get(history_url(bid)).status_code == 404


def test_the_applicant_and_strangers_get_404(client, bid, officer):
    services.submit_application(officer, bid)

    assert sign_in(client, officer).get(history_url(bid)).status_code == 404
    assert sign_in(client, UserFactory()).get(history_url(bid)).status_code == 404


def test_someone_not_signed_in_is_asked_to_sign_in(client, bid):
    response = client.get(history_url(bid))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))


def test_the_page_links_back_to_the_rounds_bids(client, bid, officer, manager):
    services.submit_application(officer, bid)

    page = sign_in(client, manager).get(history_url(bid)).content.decode()

    back = reverse("bid_management:round_bids", args=[bid.round_id])
    assert f'href="{back}" class="govuk-back-link"' in page


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_page_makes_a_fixed_number_of_queries(client, funding_round, manager):
    short, long = complete_bid(funding_round), complete_bid(funding_round)
    for _ in range(10):
        services.request_sign_off(editor_of(long), long)
        services.return_to_draft(officer_of(long), long)
    for bid in (short, long):
        services.submit_application(officer_of(bid), bid)
    sign_in(client, manager)

    assert query_count(client, history_url(long)) == query_count(client, history_url(short))
