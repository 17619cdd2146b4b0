"""Finance officers and managers acting on the same money at the same moment: exactly one of them
succeeds, the other is refused, and paid ≤ approved ≤ scheduled still holds.

Runs only on PostgreSQL: SQLite locks the whole database for a write, so it cannot show what row
locks do when approvals really run side by side.
"""

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from innovation_fund.core.errors import DomainError
from innovation_fund.grants.models import Payment, PaymentRun
from innovation_fund.grants.money import money_by_instalment, money_of_grant
from innovation_fund.grants.services import payments as services
from innovation_fund.grants.services.payment_runs import record_run_paid
from tests.grants.payment_builders import accepted_grant, travel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: approvals racing each other need real row locks "
        "(run with DATABASE_URL=postgres://…)",
    ),
]


def race(*calls: Callable[[], object]) -> tuple[list, list[DomainError]]:
    """Run the calls in threads that start together; what succeeded, and the refusals. Anything
    else raised fails the test."""
    start_together = threading.Barrier(len(calls))
    done, refused, unexpected = [], [], []
    results_lock = threading.Lock()

    def run(call):
        try:
            # Connect first, so that the actions, not the connecting, start together.
            connection.ensure_connection()
            start_together.wait(timeout=30)
            result = call()
            with results_lock:
                done.append(result)
        except DomainError as error:
            with results_lock:
                refused.append(error)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            with results_lock:
                unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not unexpected, unexpected
    return done, refused


def assert_the_money_holds(cast) -> None:
    money = money_of_grant(cast.grant)
    assert 0 <= money.paid_pence <= money.approved_pence <= money.scheduled_pence
    for against in money_by_instalment(cast.grant).values():
        assert against.spoken_for_pence <= against.scheduled_pence


@pytest.fixture
def cast():
    accepted = accepted_grant()
    with travel():
        yield accepted


def test_two_finance_officers_approving_at_once_approve_it_once(cast):
    payment = services.request_payment(cast.manager, cast.grant.instalments.first())

    approved, refused = race(
        lambda: services.approve_payment(cast.finance_officer, payment),
        lambda: services.approve_payment(cast.second_finance_officer, payment),
    )

    assert len(approved) == 1
    assert len(refused) == 1
    assert "approved" in str(refused[0])
    payment.refresh_from_db()
    assert payment.state == Payment.State.APPROVED
    assert payment.approved_by == approved[0].approved_by
    assert money_of_grant(cast.grant).approved_pence == payment.amount_pence
    assert_the_money_holds(cast)


def test_an_approval_and_a_refusal_at_once_leave_one_of_them(cast):
    payment = services.request_payment(cast.manager, cast.grant.instalments.first())

    done, refused = race(
        lambda: services.approve_payment(cast.finance_officer, payment),
        lambda: services.refuse_payment(cast.second_finance_officer, payment, reason="No"),
    )

    assert len(done) == 1 and len(refused) == 1
    payment.refresh_from_db()
    assert payment.state == done[0].state
    assert (payment.approved_by_id is None) != (payment.refused_by_id is None)
    assert_the_money_holds(cast)


def test_two_managers_requesting_one_instalment_at_once_ask_for_it_once(cast):
    instalment = cast.grant.instalments.order_by("number").first()

    requested, refused = race(
        lambda: services.request_payment(cast.manager, instalment),
        lambda: services.request_payment(cast.second_manager, instalment),
    )

    assert len(requested) == 1 and len(refused) == 1
    assert "Already requested" in str(refused[0])
    assert Payment.objects.filter(instalment=instalment).count() == 1
    assert_the_money_holds(cast)


def test_a_payment_run_racing_a_single_payment_pays_nothing_twice(cast):
    first, second = cast.grant.instalments.order_by("number")[:2]
    shown = [
        services.approve_payment(
            cast.finance_officer, services.request_payment(cast.manager, instalment)
        )
        for instalment in (first, second)
    ]

    done, refused = race(
        lambda: record_run_paid(
            cast.finance_officer,
            cast.round.programme,
            [payment.pk for payment in shown],
            paid_on=date(2027, 7, 14),
            finance_reference="RUN-1",
        ),
        lambda: services.record_paid(
            cast.second_finance_officer,
            shown[1],
            paid_on=date(2027, 7, 14),
            finance_reference="ONE-1",
        ),
    )

    assert len(done) == 1 and len(refused) == 1
    states = dict(Payment.objects.values_list("pk", "state"))
    if isinstance(done[0], PaymentRun):
        assert set(states.values()) == {Payment.State.PAID}
        assert Payment.objects.filter(run=done[0]).count() == 2
    else:  # the single payment won: the run recorded nothing
        assert not PaymentRun.objects.exists()
        assert states == {shown[0].pk: Payment.State.APPROVED, shown[1].pk: Payment.State.PAID}
    assert_the_money_holds(cast)
