"""Paid ≤ approved ≤ scheduled, and no instalment asked for more than it holds, after any
sequence of what people may try: requests, approvals, refusals, withdrawals, payments and
reversals, by the right people and the wrong ones."""

from contextlib import suppress
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovation_fund.core.errors import DomainError
from innovation_fund.grants.models import Payment
from innovation_fund.grants.money import money_by_instalment, money_of_grant
from innovation_fund.grants.services import payments as services
from tests.grants.payment_builders import accepted_grant, also_finance_officer, travel

pytestmark = pytest.mark.django_db

ACTIONS = ["request", "approve", "refuse", "withdraw", "pay", "reverse"]
PEOPLE = ["manager", "finance_officer", "second_finance_officer", "assessor", "officer"]


def _act(cast, action, who, index):
    person = getattr(cast, who)
    instalments = list(cast.grant.instalments.order_by("number"))
    ledger = list(Payment.objects.filter(grant=cast.grant).order_by("pk"))
    if action == "request":
        services.request_payment(person, instalments[index % len(instalments)])
        return
    if not ledger:
        return
    payment = ledger[index % len(ledger)]
    if action == "approve":
        services.approve_payment(person, payment)
    elif action == "refuse":
        services.refuse_payment(person, payment, reason="Not now")
    elif action == "withdraw":
        services.withdraw_payment_request(person, payment)
    elif action == "pay":
        services.record_paid(person, payment, paid_on=date(2027, 7, 1), finance_reference="R")
    else:
        services.reverse_payment(person, payment, reason="Mistake", reversed_on=date(2027, 7, 2))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.sampled_from(PEOPLE), st.integers(0, 7)),
        max_size=14,
    )
)
def test_no_sequence_of_actions_breaks_the_money_invariant(steps):
    cast = accepted_grant()
    also_finance_officer(cast)
    with travel():
        for action, who, index in steps:
            # Refusals are allowed outcomes: what matters is what they leave behind.
            with suppress(DomainError):
                _act(cast, action, who, index)
            money = money_of_grant(cast.grant)
            assert 0 <= money.paid_pence <= money.approved_pence <= money.scheduled_pence
            for instalment in cast.grant.instalments.all():
                against = money_by_instalment(cast.grant)[instalment.pk]
                assert 0 <= against.spoken_for_pence <= instalment.amount_pence
            assert not Payment.objects.filter(
                grant=cast.grant, approved_by=cast.manager, requested_by=cast.manager
            ).exists()
