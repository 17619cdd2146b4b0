"""Releasing money: requested by a manager, approved by a finance officer who did not request it,
recorded as paid, and corrected only by a reversing entry."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Payment, ReleaseCondition
from innovation_fund.grants.money import money_by_instalment, money_of_grant
from innovation_fund.grants.policies.payments import SEPARATION_OF_DUTIES
from innovation_fund.grants.services import payments as services
from tests.grants.builders import offered_grant
from tests.grants.payment_builders import accepted_grant, also_finance_officer, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """Accepted in time (before its date to respond by), then the clock moves on to July 2027."""
    accepted = accepted_grant()
    with travel():
        yield accepted


def first(cast):
    return cast.grant.instalments.order_by("number")[0]


def emails(outbox, template):
    return {email.to for email, _subject, _body in outbox if email.template == template}


def test_a_manager_requests_a_due_instalment_and_finance_officers_are_told(
    cast, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = services.request_payment(cast.manager, first(cast))

    assert payment.state == Payment.State.REQUESTED
    assert payment.amount_pence == first(cast).amount_pence
    assert money_of_grant(cast.grant).requested_pence == payment.amount_pence
    assert emails(outbox, "payment_requested") == {
        cast.finance_officer.email,
        cast.second_finance_officer.email,
    }
    assert AuditEvent.objects.filter(action="grants.payment_requested").count() == 1


def test_the_requester_may_not_approve_and_is_told_why(cast):
    manager = also_finance_officer(cast)
    payment = services.request_payment(manager, first(cast))

    with pytest.raises(Refused) as refusal:
        services.approve_payment(manager, payment)

    assert refusal.value.reason == SEPARATION_OF_DUTIES
    payment.refresh_from_db()
    assert payment.state == Payment.State.REQUESTED


def test_the_database_refuses_an_approver_who_requested_it_even_past_the_service(cast):
    payment = services.request_payment(cast.manager, first(cast))
    payment.approved_by = cast.manager
    payment.state = Payment.State.APPROVED
    with pytest.raises(IntegrityError), transaction.atomic():
        payment.save()


def test_another_finance_officer_approves_then_it_is_paid(
    cast, outbox, django_capture_on_commit_callbacks
):
    payment = services.request_payment(cast.manager, first(cast))
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_payment(cast.finance_officer, payment)
        services.record_paid(
            cast.second_finance_officer,
            payment,
            paid_on=date(2027, 7, 14),
            finance_reference="BACS-1",
        )

    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert payment.paid_on == date(2027, 7, 14)
    money = money_of_grant(cast.grant)
    assert money.paid_pence == money.approved_pence == payment.amount_pence
    assert emails(outbox, "payment_paid") == {cast.officer.email}
    assert emails(outbox, "payment_approved") == {cast.manager.email}


@pytest.mark.parametrize("who", ["manager", "assessor", "officer"])
def test_only_finance_officers_approve(cast, who):
    payment = services.request_payment(cast.manager, first(cast))
    with pytest.raises(Refused, match="finance officers"):
        services.approve_payment(getattr(cast, who), payment)


def test_only_managers_request(cast):
    with pytest.raises(Refused, match="managers"):
        services.request_payment(cast.finance_officer, first(cast))


def test_an_instalment_not_yet_due_cannot_be_requested(cast):
    later = cast.grant.instalments.order_by("-due_on")[0]
    with pytest.raises(Refused, match="Not due until"):
        services.request_payment(cast.manager, later)


def test_an_offer_not_accepted_pays_nothing():
    cast = offered_grant()
    with pytest.raises(Refused, match="offered"):
        services.request_payment(cast.manager, cast.grant.instalments.first())


def test_an_unmet_release_condition_stops_the_request(cast):
    ReleaseCondition.objects.create(
        instalment=first(cast), kind=ReleaseCondition.Kind.CONFIRMED, description="Staff hired"
    )
    with pytest.raises(Refused, match="Staff hired"):
        services.request_payment(cast.manager, first(cast))


def test_an_instalment_is_requested_once(cast):
    services.request_payment(cast.manager, first(cast))
    with pytest.raises(Refused, match="Already requested"):
        services.request_payment(cast.manager, first(cast))


def test_a_refused_or_withdrawn_request_frees_the_instalment(cast):
    payment = services.request_payment(cast.manager, first(cast))
    with pytest.raises(DomainError, match="Enter why"):
        services.refuse_payment(cast.finance_officer, payment, reason=" ")
    services.refuse_payment(cast.finance_officer, payment, reason="Wrong bank details")
    again = services.request_payment(cast.manager, first(cast))
    services.withdraw_payment_request(cast.manager, again)

    assert money_by_instalment(cast.grant)[first(cast).pk].spoken_for_pence == 0
    third = services.request_payment(cast.manager, first(cast))
    assert third.amount_pence == first(cast).amount_pence


def test_a_paid_payment_is_corrected_by_a_reversing_entry_never_edited(cast):
    payment = services.request_payment(cast.manager, first(cast))
    services.approve_payment(cast.finance_officer, payment)
    services.record_paid(
        cast.finance_officer, payment, paid_on=date(2027, 7, 1), finance_reference="BACS-1"
    )

    reversal = services.reverse_payment(
        cast.finance_officer,
        payment,
        reason="Paid to the wrong account",
        reversed_on=date(2027, 7, 2),
    )

    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.amount_pence > 0
    assert reversal.amount_pence == -payment.amount_pence
    assert reversal.reverses == payment
    assert money_of_grant(cast.grant).paid_pence == 0
    with pytest.raises(Refused, match="already been reversed"):
        services.reverse_payment(
            cast.finance_officer, payment, reason="Again", reversed_on=date(2027, 7, 2)
        )
    # The instalment's money may be requested again.
    assert services.request_payment(cast.manager, first(cast)).amount_pence == payment.amount_pence


def test_a_paid_date_in_the_future_or_no_reference_is_refused(cast):
    payment = services.request_payment(cast.manager, first(cast))
    services.approve_payment(cast.finance_officer, payment)
    with pytest.raises(DomainError, match="today or in the past") as error:
        services.record_paid(
            cast.finance_officer, payment, paid_on=date(2027, 8, 1), finance_reference="X"
        )
    assert error.value.field == "paid_on"
    with pytest.raises(DomainError, match="reference") as error:
        services.record_paid(
            cast.finance_officer, payment, paid_on=date(2027, 7, 1), finance_reference=""
        )
    assert error.value.field == "finance_reference"


def test_approving_refusing_and_paying_need_the_right_state(cast):
    payment = services.request_payment(cast.manager, first(cast))
    with pytest.raises(Refused, match="requested"):
        services.record_paid(
            cast.finance_officer, payment, paid_on=date(2027, 7, 1), finance_reference="R"
        )
    with pytest.raises(Refused, match="Only a payment recorded as paid"):
        services.reverse_payment(
            cast.finance_officer, payment, reason="x", reversed_on=date(2027, 7, 1)
        )
    services.approve_payment(cast.finance_officer, payment)
    for again in (services.approve_payment, services.withdraw_payment_request):
        with pytest.raises(Refused, match="approved"):
            again(
                cast.second_finance_officer if again is services.approve_payment else cast.manager,
                payment,
            )
    with pytest.raises(Refused, match="approved"):
        services.refuse_payment(cast.second_finance_officer, payment, reason="Late")


def test_only_managers_withdraw_and_only_finance_officers_refuse(cast):
    payment = services.request_payment(cast.manager, first(cast))
    with pytest.raises(Refused, match="managers"):
        services.withdraw_payment_request(cast.finance_officer, payment)
    with pytest.raises(Refused, match="finance officers"):
        services.refuse_payment(cast.second_manager, payment, reason="No")
    payment.refresh_from_db()
    assert payment.state == Payment.State.REQUESTED


def test_the_requester_is_told_of_a_refusal_with_its_reason(
    cast, outbox, django_capture_on_commit_callbacks
):
    payment = services.request_payment(cast.manager, first(cast))
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_payment(cast.finance_officer, payment, reason="Bank details unconfirmed")

    (sent,) = [(email, body) for email, _s, body in outbox if email.template == "payment_refused"]
    assert sent[0].to == cast.manager.email
    assert "Bank details unconfirmed" in sent[1]


def test_a_reversal_is_made_by_a_finance_officer_with_a_reason_and_a_sensible_date(cast):
    payment = services.approve_payment(
        cast.finance_officer, services.request_payment(cast.manager, first(cast))
    )
    services.record_paid(
        cast.finance_officer, payment, paid_on=date(2027, 7, 10), finance_reference="BACS-1"
    )

    def reverse(who, **kwargs):
        arguments = {"reason": "Paid twice", "reversed_on": date(2027, 7, 12), **kwargs}
        return services.reverse_payment(who, payment, **arguments)

    with pytest.raises(Refused, match="finance officers"):
        reverse(cast.manager)
    for wrong, field in [
        ({"reason": " "}, "reason"),
        ({"reversed_on": None}, "reversed_on"),
        ({"reversed_on": date(2027, 8, 1)}, "reversed_on"),  # in the future
        ({"reversed_on": date(2027, 7, 9)}, "reversed_on"),  # before it was paid
    ]:
        with pytest.raises(DomainError) as error:
            reverse(cast.finance_officer, **wrong)
        assert error.value.field == field, wrong
    assert not Payment.objects.filter(reverses=payment).exists()

    reversal = reverse(cast.second_finance_officer)
    with pytest.raises(Refused, match="Only a payment recorded as paid"):
        services.reverse_payment(
            cast.finance_officer, reversal, reason="x", reversed_on=date(2027, 7, 12)
        )
    assert AuditEvent.objects.get(action="grants.payment_reversed").after["reverses"] == payment.pk
