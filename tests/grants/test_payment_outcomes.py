"""Paying a verified outcome claim: from the grant's payment-by-results instalments (split across
them when one has too little room), through the same two-person release as any payment."""

from datetime import date

import pytest
from django.urls import reverse

from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Instalment, Payment
from innovation_fund.grants.money import money_by_instalment, money_of_grant
from innovation_fund.grants.services import payments as services
from innovation_fund.grants.services.outcome_payments import verify_claim
from tests.grants.outcome_builders import a_return, claim_on, paid, pbr_grant, term_on
from tests.grants.payment_builders import travel
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    with travel():
        yield pbr_grant()


def verified_claim(cast, *, units=8, price=1_000_00):
    claim = claim_on(term_on(cast, price=price, cap=100_000_00), a_return(cast), units=units)
    return verify_claim(cast.manager, claim, units_verified=units)


def outcomes_instalment(cast) -> Instalment:
    return cast.grant.instalments.get(kind=Instalment.Kind.OUTCOMES)


def test_a_verified_claim_is_paid_through_the_same_two_person_release(
    cast, outbox, django_capture_on_commit_callbacks
):
    claim = verified_claim(cast)
    with django_capture_on_commit_callbacks(execute=True):
        (payment,) = services.request_outcome_payment(cast.manager, claim)

    assert payment.amount_pence == 8_000_00
    assert payment.instalment == outcomes_instalment(cast)
    assert payment.outcome_claim == claim
    assert {e.to for e, _s, _b in outbox if e.template == "payment_requested"} == {
        cast.finance_officer.email,
        cast.second_finance_officer.email,
    }
    with pytest.raises(Refused, match="already been requested"):
        services.request_outcome_payment(cast.manager, claim)

    services.approve_payment(cast.finance_officer, payment)
    services.record_paid(
        cast.finance_officer, payment, paid_on=date(2027, 7, 1), finance_reference="PBR-1"
    )
    assert money_of_grant(cast.grant).paid_pence == 8_000_00


def test_a_claim_too_big_for_one_instalment_is_split_across_them(
    cast, outbox, django_capture_on_commit_callbacks
):
    outcomes = outcomes_instalment(cast)
    outcomes.amount_pence = 5_000_00
    outcomes.save()
    later = Instalment.objects.create(
        grant=cast.grant,
        number=outcomes.number + 1,
        due_on=date(2029, 3, 20),
        financial_year=2028,
        amount_pence=20_000_00,
        kind=Instalment.Kind.OUTCOMES,
    )

    with django_capture_on_commit_callbacks(execute=True):
        payments = services.request_outcome_payment(cast.manager, verified_claim(cast))

    assert [(p.instalment_id, p.amount_pence) for p in payments] == [
        (outcomes.pk, 5_000_00),
        (later.pk, 3_000_00),
    ]
    (body,) = [body for email, _s, body in outbox if email.template == "payment_requested"][:1]
    assert "£8,000" in body
    assert f"instalments {outcomes.number} and {later.number}" in body


def test_a_claim_is_refused_when_the_outcome_instalments_lack_room_saying_how_much_is_left(cast):
    paid(cast, outcomes_instalment(cast), 23_000_00)  # £2,000 of £25,000 left

    with pytest.raises(Refused, match="have £2,000 left, less than the £8,000 due"):
        services.request_outcome_payment(cast.manager, verified_claim(cast))

    assert not Payment.objects.filter(outcome_claim__isnull=False).exists()
    against = money_by_instalment(cast.grant)[outcomes_instalment(cast).pk]
    assert against.spoken_for_pence == 23_000_00


def test_only_a_verified_claim_with_money_due_is_paid(cast):
    claim = claim_on(term_on(cast), a_return(cast), units=3)
    with pytest.raises(Refused, match="only a verified claim can be paid"):
        services.request_outcome_payment(cast.manager, claim)

    nothing = verify_claim(cast.manager, claim, units_verified=0, reason="No evidence at all")
    with pytest.raises(Refused, match="nothing due"):
        services.request_outcome_payment(cast.manager, nothing)


@pytest.mark.parametrize("who", ["finance_officer", "assessor", "officer"])
def test_only_managers_request_an_outcome_payment(cast, who):
    with pytest.raises(Refused, match="managers"):
        services.request_outcome_payment(getattr(cast, who), verified_claim(cast))


def test_a_reversed_outcome_payment_may_be_requested_again(cast):
    claim = verified_claim(cast)
    (payment,) = services.request_outcome_payment(cast.manager, claim)
    services.approve_payment(cast.finance_officer, payment)
    services.record_paid(
        cast.finance_officer, payment, paid_on=date(2027, 7, 1), finance_reference="PBR-1"
    )
    services.reverse_payment(
        cast.finance_officer, payment, reason="Wrong account", reversed_on=date(2027, 7, 2)
    )

    (again,) = services.request_outcome_payment(cast.manager, claim)
    assert again.amount_pence == 8_000_00


# --- The "Request payment" action in the claims table on the team's grant page --------------


def grant_page(cast) -> str:
    return reverse("grant_management:grant", args=[cast.grant.pk])


def request_url(cast, claim) -> str:
    return reverse("grant_management:outcome_claim_request_payment", args=[cast.grant.pk, claim.pk])


def test_a_manager_requests_a_verified_claims_payment_from_the_grant_page(client, cast):
    claim = verified_claim(cast)
    page = sign_in(client, cast.manager)
    assert request_url(cast, claim) in page.get(grant_page(cast)).content.decode()

    response = page.post(request_url(cast, claim))

    assert response.status_code == 302
    assert response["Location"] == grant_page(cast) + "#outcome-payments"
    (payment,) = Payment.objects.filter(outcome_claim=claim)
    assert payment.state == Payment.State.REQUESTED and payment.amount_pence == 8_000_00
    html = page.get(grant_page(cast)).content.decode()
    assert request_url(cast, claim) not in html  # requested: no second button
    assert "Payment requested, waiting for a finance officer" in html


def test_asking_twice_says_why_and_requests_nothing_more(client, cast):
    claim = verified_claim(cast)
    page = sign_in(client, cast.manager)
    page.post(request_url(cast, claim))

    again = page.post(request_url(cast, claim), follow=True)

    assert "A payment of this claim has already been requested." in again.content.decode()
    assert Payment.objects.filter(outcome_claim=claim).count() == 1


def test_no_button_for_a_claim_not_verified_nor_one_with_nothing_due(client, cast):
    waiting = claim_on(term_on(cast), a_return(cast), units=3)
    nothing_due = verify_claim(
        cast.manager,
        claim_on(term_on(cast), a_return(cast, number=2), units=2),
        units_verified=0,
        reason="No evidence",
    )
    html = sign_in(client, cast.manager).get(grant_page(cast)).content.decode()

    assert request_url(cast, waiting) not in html
    assert request_url(cast, nothing_due) not in html
    assert client.post(request_url(cast, waiting)).status_code == 302
    assert not Payment.objects.exists()


def test_a_finance_officer_sees_no_button_and_their_post_is_refused(client, cast):
    claim = verified_claim(cast)
    page = sign_in(client, cast.finance_officer)

    assert request_url(cast, claim) not in page.get(grant_page(cast)).content.decode()
    assert page.post(request_url(cast, claim)).status_code == 403
    assert not Payment.objects.exists()


@pytest.mark.parametrize("who", ["officer", "outsider", "assessor"])
def test_anyone_outside_the_grants_team_gets_404(client, cast, who):
    claim = verified_claim(cast)
    assert sign_in(client, getattr(cast, who)).post(request_url(cast, claim)).status_code == 404
    assert not Payment.objects.exists()


def test_a_claim_of_another_grant_is_not_found_through_this_one(client, cast):
    claim = verified_claim(cast)
    other = pbr_grant()
    page = sign_in(client, other.manager)
    url = reverse("grant_management:outcome_claim_request_payment", args=[other.grant.pk, claim.pk])
    assert page.post(url).status_code == 404
    assert not Payment.objects.exists()
