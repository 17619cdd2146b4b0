"""Payments on the team's grant page: who sees which button, the plain refusal for a requester
who tries to approve, and the pages' fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.grants.models import Payment, ReleaseCondition
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


def five_ledger_rows(cast) -> None:
    """Four more rows after the first: a refusal, a withdrawal, a payment and its reversal."""
    first, second = cast.grant.instalments.order_by("number")[:2]
    refused = services.request_payment(cast.manager, second)
    services.refuse_payment(cast.finance_officer, refused, reason="No")
    services.withdraw_payment_request(cast.manager, services.request_payment(cast.manager, second))
    paid = services.approve_payment(
        cast.finance_officer, services.request_payment(cast.manager, second)
    )
    services.record_paid(
        cast.finance_officer, paid, paid_on=date(2027, 7, 1), finance_reference="BACS-2"
    )
    services.reverse_payment(
        cast.finance_officer, paid, reason="Wrong account", reversed_on=date(2027, 7, 2)
    )


def test_the_grant_page_makes_the_same_queries_with_one_payment_or_five(client, cast):
    page = sign_in(client, cast.finance_officer)
    first = cast.grant.instalments.order_by("number")[0]
    paid = services.approve_payment(
        cast.finance_officer, services.request_payment(cast.manager, first)
    )
    services.record_paid(
        cast.finance_officer, paid, paid_on=date(2027, 7, 1), finance_reference="BACS-1"
    )
    with CaptureQueriesContext(connection) as one:
        assert page.get(grant_page(cast)).status_code == 200
    grantee = sign_in(client.__class__(), cast.officer)
    grantee_page = reverse("your_grants:grant", args=[cast.grant.pk])
    with CaptureQueriesContext(connection) as grantee_one:
        assert grantee.get(grantee_page).status_code == 200

    five_ledger_rows(cast)
    assert Payment.objects.filter(grant=cast.grant).count() == 5

    with CaptureQueriesContext(connection) as five:
        assert page.get(grant_page(cast)).status_code == 200
    with CaptureQueriesContext(connection) as grantee_five:
        assert grantee.get(grantee_page).status_code == 200
    assert len(one) == len(five)
    assert len(grantee_one) == len(grantee_five)


def test_the_grantee_sees_payments_and_reversals_but_no_approvals(client, cast):
    first = cast.grant.instalments.order_by("number")[0]
    waiting = services.approve_payment(
        cast.finance_officer, services.request_payment(cast.manager, first)
    )
    five_ledger_rows(cast)

    html = (
        sign_in(client, cast.officer)
        .get(reverse("your_grants:grant", args=[cast.grant.pk]))
        .content.decode()
    )
    section = html.split('id="payments"')[1].split("<h2")[0]
    assert "BACS-2" in section
    assert "a correction: an earlier payment reversed" in section
    assert "Paid so far: <strong>£0</strong>" in section
    assert "Approve" not in section and "Refuse" not in section
    assert cast.finance_officer.display_name not in section
    assert f"payments/{waiting.pk}/" not in section


def test_refusing_asks_for_a_reason_and_keeps_the_page(client, cast, outbox):
    payment = services.request_payment(cast.manager, cast.grant.instalments.first())
    page = sign_in(client, cast.finance_officer)
    url = action_url(cast, payment, "refuse")

    empty = page.post(url, {"reason": "  "})
    assert empty.status_code == 200
    assert "Enter why the payment is refused" in empty.content.decode()

    assert page.post(url, {"reason": "Bank details unconfirmed"}).status_code == 302
    payment.refresh_from_db()
    assert payment.state == Payment.State.REFUSED
    assert payment.refusal_reason == "Bank details unconfirmed"


def test_reversing_keeps_the_reason_typed_when_the_date_is_wrong(client, cast):
    payment = services.approve_payment(
        cast.finance_officer,
        services.request_payment(cast.manager, cast.grant.instalments.first()),
    )
    services.record_paid(
        cast.finance_officer, payment, paid_on=date(2027, 7, 10), finance_reference="BACS-1"
    )
    page = sign_in(client, cast.finance_officer)
    url = action_url(cast, payment, "reverse")
    assert "A paid payment is never changed" in page.get(url).content.decode()

    typed = {
        "reason": "Paid twice by the bank",
        "reversed_on-day": "1",
        "reversed_on-month": "7",
        "reversed_on-year": "2027",
    }
    response = page.post(url, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot be dated before the payment" in html
    assert "Paid twice by the bank" in html

    assert page.post(url, {**typed, "reversed_on-day": "12"}).status_code == 302
    assert Payment.objects.get(reverses=payment).amount_pence == -payment.amount_pence


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


def test_each_instalment_says_why_it_cannot_be_requested_yet(client, cast):
    first, second = cast.grant.instalments.order_by("number")[:2]
    services.request_payment(cast.manager, first)
    ReleaseCondition.objects.create(
        instalment=second, kind=ReleaseCondition.Kind.CONFIRMED, description="Staff hired"
    )

    html = sign_in(client, cast.manager).get(grant_page(cast)).content.decode()
    section = html.split('id="payments"')[1]

    assert "Already requested, approved or paid." in section
    assert "Not yet confirmed: Staff hired." in section
    assert "Not due until" in section
    assert "Request payment" not in section.split("</table>")[0]


def test_a_manager_asking_for_an_instalment_not_due_is_told_why(client, cast):
    later = cast.grant.instalments.order_by("-number")[0]
    page = sign_in(client, cast.manager)

    response = page.post(
        reverse("grant_management:payment_request", args=[cast.grant.pk, later.pk]), follow=True
    )

    assert "cannot be requested: Not due until" in response.content.decode()
    assert not Payment.objects.exists()
