"""The variation pages: the grantee asks, a manager records and decides; who sees what (404 for
anyone outside, the reason for programme people without the role); the section's queries."""

from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.grants.models import Grant, Variation
from innovation_fund.grants.services.variations import approve_variation, request_variation
from innovation_fund.grants.views import variations as views
from tests.grants.variation_builders import live_grant
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

Kind = Variation.Kind


def url(side: str, name: str, *args) -> str:
    return reverse(f"{side}:{name}", args=args)


def test_the_grantee_asks_for_a_reprofile_step_by_step(client):
    cast = live_grant()
    grant = cast.grant
    sign_in(client, cast.officer)

    page = client.get(url("your_grants", "variation_new", grant.pk))
    assert page.status_code == 200
    assert "What needs to change?" in page.content.decode()
    assert "Spend the same total" in page.content.decode()  # each kind has its hint

    refused = client.post(url("your_grants", "variation_new", grant.pk), {})
    assert "Select what needs to change" in refused.content.decode()

    chosen = client.post(url("your_grants", "variation_new", grant.pk), {"kind": "reprofile"})
    details = url("your_grants", "variation_details", grant.pk, "reprofile")
    assert chosen.url == details

    wrong = client.post(details, {"year_2027": "50,000", "year_2028": "40,000", "reason": "Late"})
    text = wrong.content.decode()
    assert "There is a problem" in text
    assert "add up to £90,000, but the grant is £100,000" in text
    assert 'value="50,000"' in text and "Late</textarea>" in text  # nothing typed is lost

    right = client.post(details, {"year_2027": "50,000", "year_2028": "50,000", "reason": "Late"})
    check = url("your_grants", "variation_check", grant.pk, "reprofile")
    assert right.url == check
    summary = client.get(check).content.decode()
    assert "Check your answers" in summary and "£50,000" in summary
    assert not Variation.objects.exists()

    # Going back to change an answer shows what was typed.
    assert 'value="50,000"' in client.get(details).content.decode()

    sent = client.post(check)
    variation = Variation.objects.get()
    assert sent.url == url("your_grants", "variation_sent", grant.pk, variation.pk)
    assert "Variation requested" in client.get(sent.url).content.decode()
    assert variation.proposed_years == {"2027": 50_000_00, "2028": 50_000_00}
    assert variation.asked_by_grantee


def test_a_manager_records_an_extension_and_approves_it(client):
    cast = live_grant()
    grant = cast.grant
    sign_in(client, cast.manager)
    details = url("grant_management", "variation_details", grant.pk, "extend")

    bad = client.post(
        details, {"ends_on-day": "31", "ends_on-month": "3", "ends_on-year": "2029", "reason": "x"}
    )
    assert "must be after the current end date, 31 March 2029" in bad.content.decode()
    client.post(
        details, {"ends_on-day": "30", "ends_on-month": "9", "ends_on-year": "2029", "reason": "x"}
    )
    client.post(url("grant_management", "variation_check", grant.pk, "extend"))
    variation = Variation.objects.get()
    assert variation.asked_by_grantee is False

    page = client.get(url("grant_management", "variation", grant.pk, variation.pk))
    assert "Save the decision" in page.content.decode()

    decide = url("grant_management", "variation_decide", grant.pk, variation.pk)
    refused = client.post(decide, {"action": "refuse", "reasons": ""})
    assert "Enter why the variation is refused" in refused.content.decode()

    approved = client.post(decide, {"action": "approve", "reasons": "Agreed"})
    assert approved.url == url("grant_management", "grant", grant.pk)
    assert Grant.objects.get(pk=grant.pk).ends_on == date(2029, 9, 30)


def test_the_grant_page_lists_variations_and_every_version(client):
    cast = live_grant()
    variation = request_variation(
        cast.officer,
        cast.grant,
        kind=Kind.EXTEND,
        reason="Recruitment was slow",
        proposed_ends_on=date(2029, 9, 30),
    )
    approve_variation(cast.manager, variation, reasons="Fair")
    context = views.manage_section(_request(cast.manager), cast.grant)
    html = render_to_string(
        "grants/manage/sections/_variations.html", {"grant": cast.grant, **context}
    )
    assert "Extend the end date" in html and "Recruitment was slow" in html and "Fair" in html
    assert "Every version of the grant" in html
    assert "30 September 2029" in html and "31 March 2029" in html
    assert "As awarded" in html


def test_the_grant_pages_offer_the_action_to_those_who_hold_it(client):
    cast = live_grant()
    sign_in(client, cast.manager)
    page = client.get(url("grant_management", "grant", cast.grant.pk)).content.decode()
    assert "Record a variation" in page
    sign_in(client, cast.officer)
    page = client.get(url("your_grants", "grant", cast.grant.pk)).content.decode()
    assert "Ask for a variation" in page
    sign_in(client, cast.member)
    page = client.get(url("your_grants", "grant", cast.grant.pk)).content.decode()
    assert "Ask for a variation</a>" not in page
    assert "can ask for a variation." in page


def test_the_grant_history_shows_its_variations(client):
    cast = live_grant()
    variation = request_variation(
        cast.officer, cast.grant, kind=Kind.SCOPE, reason="x", proposed_scope="Wider"
    )
    approve_variation(cast.manager, variation, reasons="Fine")
    sign_in(client, cast.manager)
    text = client.get(url("grant_management", "history", cast.grant.pk)).content.decode()
    assert "Variation asked for" in text and "Variation approved" in text


@pytest.mark.parametrize("side", ["your_grants", "grant_management"])
def test_an_outsider_gets_404_everywhere(client, side):
    cast = live_grant()
    variation = request_variation(
        cast.officer, cast.grant, kind=Kind.SCOPE, reason="x", proposed_scope="More"
    )
    sign_in(client, cast.outsider)
    grant = cast.grant.pk
    for address in [
        url(side, "variation_new", grant),
        url(side, "variation_details", grant, "scope"),
        url(side, "variation_check", grant, "scope"),
        url(side, "variation", grant, variation.pk),
    ]:
        assert client.get(address).status_code == 404, address
    assert client.post(url(side, "variation_withdraw", grant, variation.pk)).status_code == 404


def test_a_finance_officer_sees_why_and_cannot_record_or_decide(client):
    cast = live_grant()
    variation = request_variation(
        cast.officer, cast.grant, kind=Kind.SCOPE, reason="x", proposed_scope="More"
    )
    sign_in(client, cast.finance_officer)
    grant = cast.grant.pk
    page = client.get(url("grant_management", "variation_new", grant))
    assert page.status_code == 200
    assert "Only the programme&#x27;s managers can record a variation." in page.content.decode()
    posted = client.post(url("grant_management", "variation_details", grant, "scope"), {})
    assert posted.status_code == 403

    shown = client.get(url("grant_management", "variation", grant, variation.pk)).content.decode()
    assert "Save the decision" not in shown
    assert "Only the programme&#x27;s managers can decide variations." in shown
    client.post(
        url("grant_management", "variation_decide", grant, variation.pk),
        {"action": "approve", "reasons": ""},
    )
    variation.refresh_from_db()
    assert variation.state == Variation.State.REQUESTED


def test_a_grantee_member_who_is_not_an_accountable_officer_is_told_why(client):
    cast = live_grant()
    sign_in(client, cast.member)
    page = client.get(url("your_grants", "variation_new", cast.grant.pk))
    assert "can ask for a variation" in page.content.decode()
    assert client.post(url("your_grants", "variation_new", cast.grant.pk)).status_code == 403


def test_the_grantee_withdraws_what_they_asked_for(client):
    cast = live_grant()
    variation = request_variation(
        cast.officer, cast.grant, kind=Kind.SCOPE, reason="x", proposed_scope="More"
    )
    sign_in(client, cast.officer)
    page = client.get(url("your_grants", "variation", cast.grant.pk, variation.pk))
    assert "Withdraw the variation" in page.content.decode()
    client.post(url("your_grants", "variation_withdraw", cast.grant.pk, variation.pk))
    variation.refresh_from_db()
    assert variation.state == Variation.State.WITHDRAWN


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _section_queries(cast, side_section, user) -> int:
    grant = Grant.objects.select_related("round__programme", "recipient", "project").get(
        pk=cast.grant.pk
    )
    with CaptureQueriesContext(connection) as queries:
        context = side_section(_request(user), grant)
        render_to_string("grants/manage/sections/_variations.html", {"grant": grant, **context})
    return len(queries)


def _with_variations(count: int):
    cast = live_grant()
    for number in range(count):
        variation = request_variation(
            cast.officer,
            cast.grant,
            kind=Kind.EXTEND,
            reason=f"Change {number}",
            proposed_ends_on=date(2029, 4 + number, 30),
        )
        if number < count - 1:
            approve_variation(cast.manager, variation, reasons="Fine")
    return cast


@pytest.mark.parametrize("section", [views.manage_section, views.grantee_section])
def test_the_section_makes_the_same_queries_for_one_variation_or_five(section):
    one, five = _with_variations(1), _with_variations(5)
    user = "manager" if section is views.manage_section else "officer"
    assert _section_queries(one, section, getattr(one, user)) == _section_queries(
        five, section, getattr(five, user)
    )
