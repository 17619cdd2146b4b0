"""The payment run: approved, unpaid payments recorded as paid in one step, all or nothing, and the
run page for finance officers only. (The downloads are tested in test_payment_run_exports.py.)"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Payment, PaymentRun
from innovation_fund.grants.money import money_of_grant
from innovation_fund.grants.services import payment_runs
from innovation_fund.grants.services import payments as services
from innovation_fund.grants.services.payment_runs import record_run_paid
from innovation_fund.programmes.models import ProgrammeRole
from tests.factories import ProgrammeRoleFactory
from tests.grants.payment_builders import (
    WHEN_ALL_ARE_DUE,
    accepted_grant,
    another_programmes_grant,
    approved_payments,
    travel,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    accepted = accepted_grant()
    with travel():
        yield accepted


def record(cast, ids, **kwargs):
    return record_run_paid(
        cast.finance_officer,
        cast.round.programme,
        ids,
        paid_on=kwargs.get("paid_on", date(2027, 7, 14)),
        finance_reference=kwargs.get("finance_reference", "RUN-7"),
    )


def test_the_run_is_recorded_as_paid_all_together(cast, outbox, django_capture_on_commit_callbacks):
    waiting = approved_payments(cast, 2)

    with django_capture_on_commit_callbacks(execute=True):
        run = record(cast, [payment.pk for payment in waiting])

    assert set(run.payments.values_list("state", flat=True)) == {Payment.State.PAID}
    assert set(run.payments.values_list("finance_reference", flat=True)) == {"RUN-7"}
    assert run.payments.count() == 2
    assert money_of_grant(cast.grant).paid_pence == sum(p.amount_pence for p in waiting)
    assert AuditEvent.objects.filter(action="grants.payment_run_recorded").count() == 1
    assert AuditEvent.objects.filter(action="grants.payment_paid").count() == 2
    assert [email.to for email, _s, _b in outbox if email.template == "payment_paid"] == [
        cast.officer.email
    ] * 2


def test_nothing_is_recorded_when_another_payment_was_approved_since_the_page_was_shown(cast):
    first, _second = approved_payments(cast, 2)

    with pytest.raises(DomainError, match="have changed since"):
        record(cast, [first.pk])  # the second was approved after the page was drawn

    assert not PaymentRun.objects.exists()
    assert set(Payment.objects.values_list("state", flat=True)) == {Payment.State.APPROVED}


def test_nothing_is_recorded_when_one_shown_was_paid_on_its_own_meanwhile(cast):
    first, second = approved_payments(cast, 2)
    services.record_paid(
        cast.second_finance_officer, second, paid_on=date(2027, 7, 10), finance_reference="ONE"
    )

    with pytest.raises(DomainError, match="none has been recorded"):
        record(cast, [first.pk, second.pk])

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == Payment.State.APPROVED
    assert second.finance_reference == "ONE" and second.run is None
    assert not PaymentRun.objects.exists()


def test_a_failure_part_way_through_leaves_nothing_recorded(cast, monkeypatch):
    waiting = approved_payments(cast, 2)
    real_mark_paid = payment_runs.mark_paid
    calls = []

    def fails_on_the_second(user, payment, **kwargs):
        calls.append(payment.pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        real_mark_paid(user, payment, **kwargs)

    monkeypatch.setattr(payment_runs, "mark_paid", fails_on_the_second)
    with pytest.raises(RuntimeError):
        record(cast, [payment.pk for payment in waiting])

    assert len(calls) == 2
    assert set(Payment.objects.values_list("state", flat=True)) == {Payment.State.APPROVED}
    assert not PaymentRun.objects.exists()
    assert not AuditEvent.objects.filter(action="grants.payment_paid").exists()


def test_a_run_needs_a_past_date_a_reference_and_payments(cast):
    waiting = [payment.pk for payment in approved_payments(cast, 1)]
    with pytest.raises(DomainError, match="today or in the past"):
        record(cast, waiting, paid_on=date(2027, 8, 1))
    with pytest.raises(DomainError, match="reference"):
        record(cast, waiting, finance_reference="  ")
    with pytest.raises(DomainError, match="no approved payments"):
        record(cast, [])
    assert not PaymentRun.objects.exists()


@pytest.mark.parametrize("who", ["manager", "assessor", "officer"])
def test_only_the_programmes_finance_officers_record_a_run(cast, who):
    waiting = [payment.pk for payment in approved_payments(cast, 1)]
    with pytest.raises(Refused, match="finance officers"):
        record_run_paid(
            getattr(cast, who),
            cast.round.programme,
            waiting,
            paid_on=date(2027, 7, 14),
            finance_reference="RUN-7",
        )


# --- The page -------------------------------------------------------------------------------


def test_the_page_lists_the_waiting_payments_with_their_total(client, cast):
    waiting = approved_payments(cast, 2)
    html = sign_in(client, cast.finance_officer).get(reverse("grant_management:payment_run"))
    html = html.content.decode()

    assert "Approved payments waiting to be paid: £30,000" in html
    for payment in waiting:
        assert f'name="payment" value="{payment.pk}"' in html
    assert "Record these 2 payments as paid" in html


def test_the_page_records_the_run_and_keeps_the_date_typed_on_error(client, cast):
    waiting = approved_payments(cast, 2)
    page = sign_in(client, cast.finance_officer)
    url = reverse("grant_management:payment_run")
    ids = [str(payment.pk) for payment in waiting]
    date_typed = {"paid_on-day": "14", "paid_on-month": "7", "paid_on-year": "2027"}

    refused = page.post(url, {"payment": ids, **date_typed})
    assert refused.status_code == 200
    assert "Enter the finance system" in refused.content.decode()
    assert 'value="14"' in refused.content.decode()

    done = page.post(url, {"payment": ids, **date_typed, "finance_reference": "RUN-7"})
    run = PaymentRun.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("grant_management:payment_run_detail", args=[run.pk])
    assert run.finance_reference == "RUN-7"

    detail = page.get(done["Location"]).content.decode()
    assert "Payment run RUN-7" in detail
    assert "2 payments: £30,000" in detail
    listed = page.get(url).content.decode()
    assert "No approved payment is waiting to be paid." in listed
    assert "RUN-7, paid 14 July 2027" in listed  # among the past runs


def test_the_page_refuses_all_when_the_list_changed_and_says_so(client, cast):
    first, _second = approved_payments(cast, 2)
    page = sign_in(client, cast.finance_officer)

    response = page.post(
        reverse("grant_management:payment_run"),
        {
            "payment": [str(first.pk)],
            "paid_on-day": "14",
            "paid_on-month": "7",
            "paid_on-year": "2027",
            "finance_reference": "RUN-7",
        },
    )

    assert response.status_code == 200
    assert "none has been recorded as paid" in response.content.decode()
    assert 'value="RUN-7"' in response.content.decode()
    assert not PaymentRun.objects.exists()


@pytest.fixture
def other():
    """An accepted grant of another programme (made before the clock moves on)."""
    return another_programmes_grant()


def test_a_finance_officer_of_two_programmes_chooses_one_in_the_address(client, other, cast):
    approved_payments(cast, 1)
    ProgrammeRoleFactory(
        programme=other.round.programme,
        user=cast.finance_officer,
        role=ProgrammeRole.Role.FINANCE_OFFICER,
    )
    other_payment = services.approve_payment(
        other.finance_officer,
        services.request_payment(other.manager, other.grant.instalments.order_by("number")[0]),
    )
    page = sign_in(client, cast.finance_officer)
    url = reverse("grant_management:payment_run")

    chosen = page.get(url, {"programme": other.round.programme.pk}).content.decode()
    assert f'name="payment" value="{other_payment.pk}"' in chosen
    assert chosen.count('name="payment"') == 1
    # Another programme's number, or nonsense, is not found.
    assert page.get(url, {"programme": cast.round.programme.pk}).status_code == 200
    ProgrammeRole.objects.filter(
        user=cast.finance_officer, programme=other.round.programme
    ).delete()
    assert page.get(url, {"programme": other.round.programme.pk}).status_code == 404
    assert page.get(url, {"programme": "x"}).status_code == 404


@pytest.mark.parametrize("who", ["manager", "assessor", "officer", "outsider"])
def test_anyone_but_a_finance_officer_gets_404(client, cast, who):
    approved_payments(cast, 1)
    run = record(cast, list(Payment.objects.values_list("pk", flat=True)))
    page = sign_in(client, getattr(cast, who))
    for url in [
        reverse("grant_management:payment_run"),
        reverse("grant_management:payment_run_csv"),
        reverse("grant_management:payment_run_xlsx"),
        reverse("grant_management:payment_run_detail", args=[run.pk]),
    ]:
        assert page.get(url).status_code == 404, url
    assert page.post(reverse("grant_management:payment_run")).status_code == 404


def test_another_programmes_finance_officer_does_not_see_the_run(client, other, cast):
    approved_payments(cast, 1)
    run = record(cast, list(Payment.objects.values_list("pk", flat=True)))
    stranger = other.finance_officer
    page = sign_in(client, stranger)
    assert (
        page.get(reverse("grant_management:payment_run_detail", args=[run.pk])).status_code == 404
    )
    assert (
        str(run.finance_reference)
        not in page.get(reverse("grant_management:payment_run")).content.decode()
    )


def test_the_run_pages_make_the_same_queries_for_one_payment_or_five(client):
    cast = accepted_grant()
    url = reverse("grant_management:payment_run")
    with travel(WHEN_ALL_ARE_DUE):
        page = sign_in(client, cast.finance_officer)
        first, *others = [
            services.request_payment(cast.manager, instalment)
            for instalment in cast.grant.instalments.order_by("number")[:5]
        ]
        services.approve_payment(cast.finance_officer, first)
        with CaptureQueriesContext(connection) as one:
            assert "Record these 1 payment as paid" in page.get(url).content.decode()
        for payment in others:
            services.approve_payment(cast.second_finance_officer, payment)
        with CaptureQueriesContext(connection) as five:
            assert "Record these 5 payments" in page.get(url).content.decode()
        assert len(one) == len(five)

        for name in ["payment_run_csv", "payment_run_xlsx"]:
            with CaptureQueriesContext(connection) as download:
                assert page.get(reverse(f"grant_management:{name}")).status_code == 200
            assert len(download) <= len(five)

        run_of_five = record(cast, [first.pk, *[p.pk for p in others]], paid_on=date(2029, 3, 1))
        detail = reverse("grant_management:payment_run_detail", args=[run_of_five.pk])
        with CaptureQueriesContext(connection) as detail_of_five:
            assert page.get(detail).status_code == 200
        sixth = approved_payments_from(cast, 6)
        run_of_one = record(cast, [sixth.pk], paid_on=date(2029, 3, 1))
        with CaptureQueriesContext(connection) as detail_of_one:
            assert (
                page.get(
                    reverse("grant_management:payment_run_detail", args=[run_of_one.pk])
                ).status_code
                == 200
            )
        assert len(detail_of_one) == len(detail_of_five)


def approved_payments_from(cast, number: int) -> Payment:
    instalment = cast.grant.instalments.get(number=number)
    return services.approve_payment(
        cast.finance_officer, services.request_payment(cast.manager, instalment)
    )
