"""The offer from the outside: the grantee's offer page, accepting and declining (question page,
then confirmation), the team's offer section and its "extend the date" page; 404 for anyone
else, and who may not act is told who can and refused on POST."""

from datetime import timedelta

import pytest
from django.urls import reverse

from innovation_fund.core.dates import london_today
from innovation_fund.grants.models import Grant
from innovation_fund.organisations.models import MemberRole
from tests.factories import MembershipFactory, OrganisationFactory
from tests.grants.builders import offered_grant
from tests.helpers import sign_in, tables_outside_scroll_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    cast = offered_grant()
    Grant.objects.filter(pk=cast.grant.pk).update(
        respond_by=london_today() + timedelta(days=10), conditions="Share the evaluation."
    )
    cast.grant.refresh_from_db()
    return cast


def url(name, cast):
    return reverse(name, args=[cast.grant.pk])


def test_the_offer_page_shows_conditions_schedule_and_the_date(client, cast):
    sign_in(client, cast.officer)

    html = client.get(url("your_grants:offer", cast)).content.decode()

    day = cast.grant.respond_by
    assert f"Accept or decline this offer by {day.day} {day:%B %Y}" in html
    assert "Share the evaluation." in html
    assert "1 April 2027" in html and "£15,000" in html and "2027-28" in html
    assert "The offer is accepted" in html  # the release condition
    assert url("your_grants:offer_accept", cast) in html
    assert url("your_grants:offer_decline", cast) in html
    assert tables_outside_scroll_regions(html) == []


def test_a_member_who_cannot_answer_is_told_who_can(client, cast):
    sign_in(client, cast.member)

    html = client.get(url("your_grants:offer", cast)).content.decode()

    assert f"Only an accountable officer of {cast.grant.recipient.name} can accept" in html
    assert url("your_grants:offer_accept", cast) not in html
    response = client.post(url("your_grants:offer_accept", cast), {"accepts_conditions": "on"})
    assert response.status_code == 403
    cast.grant.refresh_from_db()
    assert cast.grant.state == Grant.State.OFFERED


def test_accepting_without_the_declaration_is_shown_back_with_the_error(client, cast):
    sign_in(client, cast.officer)

    response = client.post(url("your_grants:offer_accept", cast), {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_accepts_conditions"' in html
    assert "govuk-form-group--error" in html
    assert f"I accept the conditions of this grant on behalf of {cast.grant.recipient.name}" in html


def test_the_officer_accepts_and_sees_the_confirmation(client, cast):
    sign_in(client, cast.officer)

    response = client.post(url("your_grants:offer_accept", cast), {"accepts_conditions": "on"})

    assert response.status_code == 302
    assert response["Location"] == url("your_grants:offer_answered", cast)
    html = client.get(response["Location"]).content.decode()
    assert "Offer accepted" in html and "govuk-panel--confirmation" in html
    cast.grant.refresh_from_db()
    assert cast.grant.state == Grant.State.ACCEPTED


def test_declining_needs_a_reason_kept_on_error_then_declines(client, cast):
    sign_in(client, cast.officer)

    html = client.post(url("your_grants:offer_decline", cast), {"reason": "  "}).content.decode()
    assert "Enter why the offer is declined" in html

    response = client.post(url("your_grants:offer_decline", cast), {"reason": "No staff"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Offer declined" in html
    cast.grant.refresh_from_db()
    assert (cast.grant.state, cast.grant.decline_reason) == (Grant.State.DECLINED, "No staff")


def test_after_the_date_the_officer_sees_why_and_may_still_decline(client, cast):
    Grant.objects.filter(pk=cast.grant.pk).update(respond_by=london_today() - timedelta(days=1))
    sign_in(client, cast.officer)

    html = client.get(url("your_grants:offer", cast)).content.decode()

    assert "Contact the programme team" in html
    assert url("your_grants:offer_accept", cast) not in html
    assert url("your_grants:offer_decline", cast) in html
    assert (
        client.post(url("your_grants:offer_accept", cast), {"accepts_conditions": "on"}).status_code
        == 403
    )


@pytest.mark.parametrize("page", ["offer", "offer_accept", "offer_decline", "offer_answered"])
def test_outsiders_and_other_organisations_get_404(client, cast, page):
    other_org = MembershipFactory(
        organisation=OrganisationFactory(), role=MemberRole.ACCOUNTABLE_OFFICER
    ).user
    for who in (cast.outsider, other_org, cast.manager, cast.assessor):
        sign_in(client, who)
        assert client.get(url(f"your_grants:{page}", cast)).status_code == 404
        assert client.post(url(f"your_grants:{page}", cast), {"reason": "x"}).status_code in (
            404,
            405,
        )


def test_the_team_sees_the_offer_section_and_a_manager_may_extend(client, cast):
    sign_in(client, cast.manager)

    html = client.get(url("grant_management:grant", cast)).content.decode()

    assert 'id="offer"' in html
    assert "Waiting for" in html
    assert url("grant_management:offer_extend", cast) in html


def test_a_finance_officer_sees_the_offer_but_no_action_and_is_refused(client, cast):
    sign_in(client, cast.finance_officer)

    html = client.get(url("grant_management:grant", cast)).content.decode()
    assert 'id="offer"' in html
    assert url("grant_management:offer_extend", cast) not in html
    assert "Only the programme&#x27;s managers can give more time" in html
    page = client.get(url("grant_management:offer_extend", cast)).content.decode()
    assert 'name="respond_by-day"' not in page
    new = cast.grant.respond_by + timedelta(days=5)
    response = client.post(
        url("grant_management:offer_extend", cast),
        {"respond_by-day": new.day, "respond_by-month": new.month, "respond_by-year": new.year},
    )
    assert response.status_code == 403


def test_a_manager_extends_the_date_and_a_bad_date_is_kept(client, cast):
    sign_in(client, cast.manager)
    bad = client.post(
        url("grant_management:offer_extend", cast),
        {"respond_by-day": "31", "respond_by-month": "2", "respond_by-year": "2030"},
    ).content.decode()
    assert "must be a real date" in bad and 'value="31"' in bad

    new = cast.grant.respond_by + timedelta(days=5)
    response = client.post(
        url("grant_management:offer_extend", cast),
        {"respond_by-day": new.day, "respond_by-month": new.month, "respond_by-year": new.year},
    )

    assert response.status_code == 302
    cast.grant.refresh_from_db()
    assert cast.grant.respond_by == new


def test_the_extend_page_is_404_outside_the_programme(client, cast):
    for who in (cast.outsider, cast.officer):
        sign_in(client, who)
        assert client.get(url("grant_management:offer_extend", cast)).status_code == 404


def test_the_grantee_grant_page_links_to_the_offer(client, cast):
    sign_in(client, cast.member)

    html = client.get(url("your_grants:grant", cast)).content.decode()

    assert 'id="offer"' in html and url("your_grants:offer", cast) in html
    assert 'id="schedule"' in html
