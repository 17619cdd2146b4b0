"""Payments on the team's grant page: who sees which button, the plain refusal for a requester
who tries to approve, and the pages' fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.grants.models import Payment
from innovation_fund.grants.policies.payments import SEPARATION_OF_DUTIES
from innovation_fund.grants.services import payments as services
from tests.grants.payment_builders import accepted_grant, also_finance_officer, travel
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    accepted = accepted_grant()
    with travel():
        yield accepted


def grant_page(cast):
    return reverse("grant_management:grant", args=[cast.grant.pk])


def action_url(cast, payment, action):
    return reverse("grant_management:payment_action", args=[cast.grant.pk, payment.pk, action])


def test_a_manager_requests_payment_from_the_grant_page(client, cast):
    page = sign_in(client, cast.manager)
    html = page.get(grant_page(cast)).content.decode()
    assert "Request payment" in html
    assert "Not due until" in html  # the later instalments say why not

    instalment = cast.grant.instalments.order_by("number").first()
    response = page.post(
        reverse("grant_management:payment_request", args=[cast.grant.pk, instalment.pk])
    )

    assert response.status_code == 302
    assert Payment.objects.get().state == Payment.State.REQUESTED


def test_the_requester_is_told_plainly_they_cannot_approve(client, cast):
    manager = also_finance_officer(cast)
    payment = services.request_payment(manager, cast.grant.instalments.first())
    page = sign_in(client, manager)

    shown = page.get(action_url(cast, payment, "approve")).content.decode()
    assert SEPARATION_OF_DUTIES.replace("'", "&#x27;") in shown
    assert page.post(action_url(cast, payment, "approve")).status_code == 403
    payment.refresh_from_db()
    assert payment.state == Payment.State.REQUESTED

    other = sign_in(client, cast.finance_officer)
    assert other.post(action_url(cast, payment, "approve")).status_code == 302
    payment.refresh_from_db()
    assert payment.state == Payment.State.APPROVED


def test_recording_paid_keeps_what_was_typed_when_refused(client, cast):
    payment = services.request_payment(cast.manager, cast.grant.instalments.first())
    services.approve_payment(cast.finance_officer, payment)
    page = sign_in(client, cast.finance_officer)

    response = page.post(
        action_url(cast, payment, "mark_paid"),
        {"paid_on-day": "1", "paid_on-month": "7", "paid_on-year": "2027", "finance_reference": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter the finance system" in html
    assert 'value="2027"' in html


def test_a_finance_officer_may_not_request_payment(client, cast):
    page = sign_in(client, cast.finance_officer)

    html = page.get(grant_page(cast)).content.decode()
    assert "Only the programme&#x27;s managers can request payments." in html
    assert 'name="' not in html.split('id="payments"')[1].split("</table>")[0]
    instalment = cast.grant.instalments.order_by("number")[1]
    request = reverse("grant_management:payment_request", args=[cast.grant.pk, instalment.pk])
    assert page.post(request).status_code == 403


@pytest.mark.parametrize("who", ["officer", "outsider"])
def test_people_outside_the_programme_get_404(client, cast, who):
    payment = services.request_payment(cast.manager, cast.grant.instalments.first())
    page = sign_in(client, getattr(cast, who))
    assert page.get(action_url(cast, payment, "approve")).status_code == 404
    assert page.post(action_url(cast, payment, "approve")).status_code == 404


def test_the_grantee_sees_what_was_paid(client, cast):
    from datetime import date

    payment = services.request_payment(cast.manager, cast.grant.instalments.first())
    services.approve_payment(cast.finance_officer, payment)
    services.record_paid(
        cast.finance_officer, payment, paid_on=date(2027, 7, 1), finance_reference="BACS-77"
    )
    html = (
        sign_in(client, cast.officer)
        .get(reverse("your_grants:grant", args=[cast.grant.pk]))
        .content.decode()
    )
    assert "Payments received" in html
    assert "BACS-77" in html


def test_the_grant_page_makes_the_same_queries_with_one_payment_or_three(client, cast):
    page = sign_in(client, cast.finance_officer)
    first, second = cast.grant.instalments.order_by("number")[:2]
    services.request_payment(cast.manager, first)
    with CaptureQueriesContext(connection) as one:
        assert page.get(grant_page(cast)).status_code == 200
    refused = services.request_payment(cast.manager, second)
    services.refuse_payment(cast.finance_officer, refused, reason="No")
    services.request_payment(cast.manager, second)
    with CaptureQueriesContext(connection) as three:
        assert page.get(grant_page(cast)).status_code == 200
    assert len(one) == len(three)


def test_programme_people_without_a_role_over_grants_get_404_everywhere(client, cast):
    """An assessor of the programme has no business with its grants' money."""
    payment = services.request_payment(cast.manager, cast.grant.instalments.first())
    page = sign_in(client, cast.assessor)
    for url in [
        grant_page(cast),
        action_url(cast, payment, "approve"),
        reverse("grant_management:history", args=[cast.grant.pk]),
        reverse("grant_management:payment_run"),
        reverse("grant_management:overdue_returns"),
    ]:
        assert page.get(url).status_code == 404, url
    assert page.post(action_url(cast, payment, "approve")).status_code == 404
    assert "Grants: offers" not in page.get(reverse("accounts:home")).content.decode()
